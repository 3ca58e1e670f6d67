import { isRecord } from './istanbul-final.js';
import { lineAt, malformedReport, parseJsonReport } from './input-errors.js';
import type { CoverageFormat, FileCoverage } from './types.js';
import { compareText } from '../model/text-order.js';

/**
 * istanbul's `json-summary` reporter (`coverage-summary.json`): per-file totals
 * only. The check uses the `lines` totals; without line detail these files
 * count towards total and path thresholds but never towards patch coverage.
 */
export const istanbulSummary: CoverageFormat = {
  id: 'istanbul-summary',
  displayName: 'istanbul coverage-summary.json',
  detect(path, head) {
    const first = head.replace(/^\uFEFF/, '').trimStart();
    if (!first.startsWith('{') || head.includes('"statementMap"')) return false;
    return /^\{\s*"total"\s*:\s*\{/.test(first) || path.endsWith('coverage-summary.json');
  },
  parse: parseIstanbulSummary,
};

const fix = 'regenerate it with the istanbul/vitest/jest "json-summary" coverage reporter';

function parseIstanbulSummary(text: string, file: string): FileCoverage[] {
  const document = parseJsonReport(text, file, 'istanbul coverage-summary.json');
  if (!isRecord(document)) {
    throw malformedReport(file, 1, 'istanbul coverage-summary.json must be an object keyed by file path', fix);
  }
  const result: FileCoverage[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key === 'total') continue;
    const lines = isRecord(value) ? value.lines : undefined;
    const found = isRecord(lines) ? lines.total : undefined;
    const hit = isRecord(lines) ? lines.covered : undefined;
    if (!isCount(found) || !isCount(hit) || hit > found) {
      const line = lineAt(text, Math.max(0, text.indexOf(JSON.stringify(key))));
      throw malformedReport(file, line, `entry ${JSON.stringify(key)} has no valid lines.total and lines.covered`, fix);
    }
    result.push({ path: key, summary: { found, hit } });
  }
  return result.sort((a, b) => compareText(a.path, b.path));
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
