import { lineAt, malformedReport, parseJsonReport } from './input-errors.js';
import type { CoverageFormat, FileCoverage } from './types.js';
import { compareText } from '../model/text-order.js';

/**
 * istanbul's `json` reporter (`coverage-final.json`): one entry per file with a
 * `statementMap` and statement hits `s`. Line hits are derived exactly as
 * istanbul-lib-coverage's `getLineCoverage` does: every statement counts on the
 * line it starts on, and a line takes the highest count of its statements.
 */
export const istanbulFinal: CoverageFormat = {
  id: 'istanbul-final',
  displayName: 'istanbul coverage-final.json',
  detect(path, head) {
    const first = head.replace(/^\uFEFF/, '').trimStart();
    // The file name decides only when the first entry is too long to show its statementMap within the head.
    return first.startsWith('{') && (head.includes('"statementMap"') || (path.endsWith('coverage-final.json') && !/^\{\s*"total"\s*:/.test(first)));
  },
  parse: parseIstanbulFinal,
};

const fix = 'regenerate it with the istanbul/vitest/jest "json" coverage reporter';

function parseIstanbulFinal(text: string, file: string): FileCoverage[] {
  const document = parseJsonReport(text, file, 'istanbul coverage-final.json');
  if (!isRecord(document)) {
    throw malformedReport(file, 1, 'istanbul coverage-final.json must be an object keyed by file path', fix);
  }
  const result: FileCoverage[] = [];
  for (const [key, value] of Object.entries(document)) {
    const where = (): number => lineAt(text, Math.max(0, text.indexOf(JSON.stringify(key))));
    // Older writers wrap each entry as { data: { ... } }, as istanbul-lib-coverage still accepts.
    const entry = isRecord(value) && isRecord(value.data) ? value.data : value;
    if (!isRecord(entry) || !isRecord(entry.statementMap) || !isRecord(entry.s)) {
      throw malformedReport(file, where(), `entry ${JSON.stringify(key)} has no statementMap and s`, fix);
    }
    const statementMap = entry.statementMap;
    const lines = new Map<number, number>();
    for (const [id, count] of Object.entries(entry.s)) {
      const statement = statementMap[id];
      if (statement === undefined) continue; // getLineCoverage skips hits without a statement too
      const line = isRecord(statement) && isRecord(statement.start) ? statement.start.line : undefined;
      if (typeof line !== 'number' || !Number.isSafeInteger(line) || line < 0 || typeof count !== 'number' || !(count >= 0)) {
        throw malformedReport(file, where(), `statement ${id} of ${JSON.stringify(key)} has no start line or a bad hit count`, fix);
      }
      const previous = lines.get(line);
      if (previous === undefined || previous < count) lines.set(line, count);
    }
    result.push({ path: typeof entry.path === 'string' && entry.path !== '' ? entry.path : key, lines });
  }
  return result.sort((a, b) => compareText(a.path, b.path));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
