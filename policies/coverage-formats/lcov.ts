import { malformedReport } from './input-errors.js';
import type { CoverageFormat, FileCoverage } from './types.js';
import { compareText } from '../model/text-order.js';

/**
 * lcov tracefiles (geninfo format): `SF:` opens a file, `DA:line,count[,checksum]`
 * records line hits, `end_of_record` closes it. Only DA records matter for line
 * totals: `lcov --summary` recomputes found/hit from them and ignores LF/LH.
 * A file that appears in several SF sections of one tracefile is one file, its
 * counts summed, as lcov itself reads it. Other records (TN, FN, FNDA, BRDA,
 * VER, ...) are accepted and ignored, so newer lcov versions stay readable.
 */
export const lcov: CoverageFormat = {
  id: 'lcov',
  displayName: 'lcov tracefile',
  detect(path, head) {
    const first = head.replace(/^\uFEFF/, '').trimStart();
    return /^(TN|SF|VER):/.test(first) || (path.endsWith('.info') && first === '');
  },
  parse: parseLcov,
};

const fix = 'regenerate the tracefile (lcov --capture, or your test runner\'s lcov reporter)';

function parseLcov(text: string, file: string): FileCoverage[] {
  const files = new Map<string, Map<number, number>>();
  let current: Map<number, number> | undefined;
  let lineNumber = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (line === 'end_of_record') {
      current = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!/^[A-Z]+$/.test(key)) {
      throw malformedReport(file, lineNumber, `not an lcov record: ${JSON.stringify(line.slice(0, 80))}`, fix);
    }
    if (key === 'SF') {
      const path = line.slice(colon + 1);
      if (path === '') throw malformedReport(file, lineNumber, 'SF record without a file name', fix);
      current = files.get(path);
      if (current === undefined) {
        current = new Map();
        files.set(path, current);
      }
    } else if (key === 'DA') {
      if (current === undefined) throw malformedReport(file, lineNumber, 'DA record outside an SF section', fix);
      const comma = line.indexOf(',', colon);
      const nextComma = comma === -1 ? -1 : line.indexOf(',', comma + 1);
      const lineNo = comma === -1 ? NaN : Number(line.slice(colon + 1, comma));
      const countText = comma === -1 ? '' : line.slice(comma + 1, nextComma === -1 ? undefined : nextComma);
      const count = countText === '' ? NaN : Number(countText);
      if (!Number.isSafeInteger(lineNo) || lineNo < 1 || !Number.isFinite(count)) {
        throw malformedReport(file, lineNumber, `DA record is not "DA:<line>,<count>": ${JSON.stringify(line.slice(0, 80))}`, fix);
      }
      // Old gcov versions occasionally report negative counts; lcov treats them as not executed.
      current.set(lineNo, (current.get(lineNo) ?? 0) + Math.max(0, count));
    }
  }
  return [...files.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([path, lines]) => ({ path, lines }));
}
