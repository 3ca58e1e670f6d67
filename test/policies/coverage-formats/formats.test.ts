import { describe, expect, it } from 'vitest';
import { cobertura } from '../../../policies/coverage-formats/cobertura.js';
import { fileLineHits, fileTotals, mergeFileCoverage } from '../../../policies/coverage-formats/combine.js';
import { goCover } from '../../../policies/coverage-formats/go-cover.js';
import { istanbulFinal } from '../../../policies/coverage-formats/istanbul-final.js';
import { istanbulSummary } from '../../../policies/coverage-formats/istanbul-summary.js';
import { lcov } from '../../../policies/coverage-formats/lcov.js';
import type { CoverageFormat, FileCoverage } from '../../../policies/coverage-formats/types.js';
import { InputError } from '../../../policies/model/errors.js';
import { readFixture } from './helpers.js';

function totalsOf(format: CoverageFormat, fixture: string): Record<string, { found: number; hit: number }> {
  return Object.fromEntries(format.parse(readFixture('formats', fixture), fixture).map((file) => [file.path, fileTotals(file)]));
}

function parseError(format: CoverageFormat, text: string): InputError {
  try {
    format.parse(text, 'report');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('Go cover profiles', () => {
  it('counts statements, merging repeated blocks by sum in count mode', () => {
    expect(totalsOf(goCover, 'count.out')).toEqual({
      'example.com/m/a.go': { found: 4, hit: 2 },
      'example.com/m/b/b.go': { found: 3, hit: 3 },
    });
    const a = goCover.parse(readFixture('formats', 'count.out'), 'count.out')[0];
    expect(a?.blocks?.find(3, 20, 5, 12)).toMatchObject({ startLine: 3, startCol: 20, endLine: 5, endCol: 12, statements: 2, count: 7 });
  });

  it('merges repeated blocks by OR in set mode and reads CRLF profiles', () => {
    expect(totalsOf(goCover, 'set-crlf.out')).toEqual({ 'example.com/m/a.go': { found: 4, hit: 3 } });
  });

  it('derives line hits from blocks: a line takes the highest count of the blocks on it', () => {
    const [a] = goCover.parse('mode: set\nm/a.go:3.20,5.12 2 1\nm/a.go:5.12,7.3 1 0\nm/a.go:8.2,8.14 1 0\n', 'p');
    expect([...(fileLineHits(a!) ?? [])]).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 0],
      [7, 0],
      [8, 0],
    ]);
  });

  it('accepts the repeated mode line of concatenated profiles but not a different mode', () => {
    expect(totalsOf(goCover, 'count.out')).toBeDefined();
    expect(goCover.parse('mode: set\nm/a.go:1.1,2.2 1 1\nmode: set\nm/a.go:1.1,2.2 1 0\n', 'p')).toHaveLength(1);
    expect(parseError(goCover, 'mode: set\nm/a.go:1.1,2.2 1 1\nmode: count\n').location).toEqual({ file: 'report', line: 3 });
  });

  it('rejects malformed profiles with the line and a fix', () => {
    const missingMode = parseError(goCover, 'm/a.go:1.1,2.2 1 1\n');
    expect(missingMode.message).toContain('must start with a "mode:" line');
    expect(missingMode.fix).toContain('go test -coverprofile');

    const badLine = parseError(goCover, 'mode: count\nm/a.go:1.1,2.2 1 1\nm/a.go:1.1 2 x\n');
    expect(badLine.location).toEqual({ file: 'report', line: 3 });

    const badRange = parseError(goCover, 'mode: count\nm/a.go:1.1;2.2 1 1\n');
    expect(badRange.message).toContain('bad block range');

    const inconsistent = parseError(goCover, 'mode: atomic\nm/a.go:1.1,2.2 1 1\nm/a.go:1.1,2.2 2 1\n');
    expect(inconsistent.message).toContain('changed from 1 to 2');
    expect(parseError(goCover, 'mode: fast\n').message).toContain('unknown Go cover mode');
    expect(parseError(goCover, '').message).toContain('empty');
  });
});

describe('lcov tracefiles', () => {
  it('counts DA lines, summing a file listed in several SF sections', () => {
    expect(totalsOf(lcov, 'sample.info')).toEqual({
      'src/a.c': { found: 3, hit: 3 },
      'src/b.c': { found: 1, hit: 0 },
    });
    const [a] = lcov.parse(readFixture('formats', 'sample.info'), 'sample.info');
    expect(a?.lines?.get(4)).toBe(1);
  });

  it('rejects records it cannot read', () => {
    expect(parseError(lcov, 'TN:\nDA:1,1\n').location).toEqual({ file: 'report', line: 2 });
    expect(parseError(lcov, 'SF:a.c\nDA:x,1\n').message).toContain('DA record is not');
    expect(parseError(lcov, 'SF:a.c\nthis is not lcov\n').message).toContain('not an lcov record');
  });
});

describe('istanbul coverage-final.json', () => {
  it('derives line hits the way getLineCoverage does (statement start line, highest count)', () => {
    const files = istanbulFinal.parse(readFixture('formats', 'coverage-final.json'), 'coverage-final.json');
    expect(files.map((file) => [file.path, [...(file.lines ?? [])]])).toEqual([
      ['/repo/src/a.js', [[1, 1], [2, 3], [4, 0]]],
      ['src/b.js', [[7, 2]]],
    ]);
  });

  it('reports JSON syntax errors at their line', () => {
    const error = parseError(istanbulFinal, '{\n "a": {\n  "s": {,}\n }\n}');
    expect(error.location).toEqual({ file: 'report', line: 3 });
    expect(parseError(istanbulFinal, '{"a.js": {"s": {}}}').message).toContain('no statementMap');
  });
});

describe('istanbul coverage-summary.json', () => {
  it('takes the lines totals of every file but the total', () => {
    expect(totalsOf(istanbulSummary, 'coverage-summary.json')).toEqual({
      '/repo/src/a.js': { found: 4, hit: 2 },
      '/repo/src/b.js': { found: 2, hit: 2 },
    });
  });

  it('rejects entries without line totals', () => {
    expect(parseError(istanbulSummary, '{"total": {}, \n"a.js": {"lines": {"total": 1}}}').location).toEqual({ file: 'report', line: 2 });
    expect(parseError(istanbulSummary, '[1]').message).toContain('must be an object');
  });
});

describe('Cobertura XML', () => {
  it('reads class lines (not method lines), joins them to the first source and keeps the others as candidates', () => {
    const files = cobertura.parse(readFixture('formats', 'coverage.xml'), 'coverage.xml');
    expect(files).toEqual<FileCoverage[]>([
      { path: '/abs/Util.java', lines: new Map([[1, 5]]) },
      {
        path: '/build/app/shop/Shop.java',
        candidates: ['lib/shop/Shop.java'],
        lines: new Map([
          [3, 2],
          [4, 1],
          [9, 0],
        ]),
      },
    ]);
  });

  it('reports XML that is not well-formed at its line', () => {
    const error = parseError(cobertura, '<?xml version="1.0"?>\n<coverage>\n<packages>\n</coverage>\n');
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain('not well-formed XML');
    expect(parseError(cobertura, '<report></report>').message).toContain('no <coverage> root');
    expect(parseError(cobertura, '<coverage><packages><package><classes><class filename="a"><lines><line number="x" hits="1"/></lines></class></classes></package></packages></coverage>').message).toContain('without valid number and hits');
  });
});

describe('combining reports', () => {
  it('takes the highest hit count per line and per Go block', () => {
    const [first] = lcov.parse('SF:a.c\nDA:1,0\nDA:2,3\n', 'one.info');
    const [second] = lcov.parse('SF:a.c\nDA:1,2\nDA:2,1\nDA:3,0\n', 'two.info');
    mergeFileCoverage(first!, second!);
    expect([...(first!.lines ?? [])]).toEqual([
      [1, 2],
      [2, 3],
      [3, 0],
    ]);

    const [goA] = goCover.parse('mode: count\nm/a.go:1.1,2.2 2 0\nm/a.go:3.1,4.2 1 5\n', 'a.out');
    const [goB] = goCover.parse('mode: count\nm/a.go:1.1,2.2 2 4\nm/a.go:3.1,4.2 1 1\n', 'b.out');
    mergeFileCoverage(goA!, goB!);
    expect(fileTotals(goA!)).toEqual({ found: 3, hit: 3 });
    expect(goA!.blocks?.find(3, 1, 4, 2)?.count).toBe(5);
  });
});
