import { malformedReport } from './input-errors.js';
import { GoBlockSet } from './go-blocks.js';
import type { CoverageFormat, FileCoverage } from './types.js';
import { compareText } from '../model/text-order.js';

/**
 * Go cover profiles, as written by `go test -coverprofile`:
 *
 *     mode: count
 *     example.com/m/pkg/a.go:12.30,14.2 2 7
 *
 * (file:startLine.startCol,endLine.endCol numberOfStatements count). Blocks
 * with the same range are merged the way golang.org/x/tools/cover does it for
 * `go tool cover`: OR in `set` mode, sum in `count` and `atomic` mode, and a
 * differing statement count is an error. A profile run with `-coverpkg`
 * repeats every block once per test binary, so this merge is what keeps the
 * statement total equal to `go tool cover -func`.
 *
 * The parser walks the text with indexOf and char codes instead of splitting
 * and regexes: large monorepos produce profiles of hundreds of megabytes.
 */
export const goCover: CoverageFormat = {
  id: 'go',
  displayName: 'Go cover profile',
  detect(_path, head) {
    return head.replace(/^\uFEFF/, '').startsWith('mode: ');
  },
  parse: parseGoProfile,
};

const modes = new Set(['set', 'count', 'atomic']);
// Larger positions and statement counts cannot come from real source; refusing them keeps arithmetic exact.
const maxInt32 = 0x7fffffff;
const fixRegenerate = 'regenerate it with `go test -coverprofile=coverage.out ./...`';

function parseGoProfile(text: string, file: string): FileCoverage[] {
  const files = new Map<string, GoBlockSet>();
  let mode: string | undefined;
  let lastName = '';
  let lastBlocks: GoBlockSet | undefined;
  let lineNumber = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    // Profiles written on Windows end lines with CRLF.
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const next = end + 1;
    if (stop === start) {
      start = next;
      continue;
    }

    // charCodeAt first: String#startsWith at an offset is slow in V8, and this runs once per line.
    if (text.charCodeAt(start) === 109 /* m */ && text.startsWith('mode: ', start)) {
      const lineMode = text.slice(start + 6, stop);
      if (!modes.has(lineMode)) {
        throw malformedReport(file, lineNumber, `unknown Go cover mode "${lineMode}"`, `use -covermode=set, count or atomic and ${fixRegenerate}`);
      }
      // Concatenated profiles repeat the mode line; that is fine as long as they agree.
      if (mode !== undefined && mode !== lineMode) {
        throw malformedReport(file, lineNumber, `Go cover profile mixes modes "${mode}" and "${lineMode}"`, 'produce every profile with the same -covermode');
      }
      mode = lineMode;
      start = next;
      continue;
    }
    if (mode === undefined) {
      throw malformedReport(file, lineNumber, 'Go cover profile must start with a "mode:" line', fixRegenerate);
    }

    // Parse from the end, like x/tools/cover: the file name may contain spaces and colons.
    const countSpace = scanBack(text, stop - 1, start, 32 /* space */);
    const statementsSpace = scanBack(text, countSpace - 1, start, 32);
    const colon = scanBack(text, statementsSpace - 1, start, 58 /* : */);
    const count = parseDigits(text, countSpace + 1, stop);
    const statements = parseDigits(text, statementsSpace + 1, countSpace);
    if (colon <= start || count < 0 || statements < 0 || statements > maxInt32) {
      throw malformedReport(file, lineNumber, `line does not look like "file.go:line.column,line.column statements count": ${excerpt(text, start, stop)}`, fixRegenerate);
    }
    if (!parseRange(text, colon + 1, statementsSpace)) {
      throw malformedReport(file, lineNumber, `bad block range "${text.slice(colon + 1, statementsSpace)}"`, fixRegenerate);
    }

    // Consecutive lines nearly always name the same file: a slice and === (a native compare) is far
    // cheaper than a map lookup per line.
    const name = text.slice(start, colon);
    let blocks = lastBlocks;
    if (blocks === undefined || name !== lastName) {
      lastName = name;
      blocks = files.get(name);
      if (blocks === undefined) {
        blocks = new GoBlockSet();
        files.set(name, blocks);
      }
      lastBlocks = blocks;
    }

    const stored = blocks.add(rangeStartLine, rangeStartCol, rangeEndLine, rangeEndCol, statements, count, mode === 'set' ? 'or' : 'sum');
    if (stored !== undefined) {
      throw malformedReport(
        file,
        lineNumber,
        `inconsistent statement count for ${lastName}:${text.slice(colon + 1, statementsSpace)}: changed from ${stored} to ${statements}`,
        'merge only profiles built from the same source',
      );
    }
    start = next;
  }

  if (mode === undefined) {
    throw malformedReport(file, 1, 'Go cover profile is empty (no "mode:" line)', fixRegenerate);
  }
  return [...files.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([path, blocks]) => ({ path, blocks }));
}

/**
 * The index of the last `code` at or before `from` and not before `low`, else -1.
 * A plain loop: the distances are a few characters, where lastIndexOf's call overhead dominates.
 */
function scanBack(text: string, from: number, low: number, code: number): number {
  let index = from;
  while (index >= low && text.charCodeAt(index) !== code) index--;
  return index < low ? -1 : index;
}

/** Parses the unsigned decimal text[from, to); -1 when it is empty or not all digits. */
function parseDigits(text: string, from: number, to: number): number {
  if (from >= to || to - from > 15) return -1;
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

// parseRange's results; module-level so the hot loop allocates no object per line.
let rangeStartLine = 0;
let rangeStartCol = 0;
let rangeEndLine = 0;
let rangeEndCol = 0;

/** Parses `startLine.startCol,endLine.endCol` in text[from, to) into the range* variables. */
function parseRange(text: string, from: number, to: number): boolean {
  const dot1 = text.indexOf('.', from);
  const comma = text.indexOf(',', from);
  const dot2 = comma === -1 ? -1 : text.indexOf('.', comma);
  if (dot1 === -1 || comma === -1 || dot2 === -1 || !(dot1 < comma && dot2 < to)) return false;
  rangeStartLine = parseDigits(text, from, dot1);
  rangeEndLine = parseDigits(text, comma + 1, dot2);
  rangeStartCol = parseDigits(text, dot1 + 1, comma);
  rangeEndCol = parseDigits(text, dot2 + 1, to);
  return (
    rangeStartLine >= 1 &&
    rangeStartCol >= 0 &&
    rangeEndLine >= rangeStartLine &&
    rangeEndCol >= 0 &&
    rangeEndLine <= maxInt32 &&
    rangeStartCol <= maxInt32 &&
    rangeEndCol <= maxInt32
  );
}

function excerpt(text: string, from: number, to: number): string {
  return JSON.stringify(to - from > 120 ? `${text.slice(from, from + 120)}…` : text.slice(from, to));
}
