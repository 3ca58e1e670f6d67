import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../policies/checks/coverage/index.js';
import { fileTotals } from '../../../policies/coverage-formats/combine.js';
import { detectFormat } from '../../../policies/coverage-formats/registry.js';
import { copyFixture, repoRoot, run, sumTotals } from './helpers.js';

// Real reports from @vitest/coverage-v8 (json, json-summary, cobertura, lcov) for a
// tiny project (test/fixtures/coverage/js-project): every format must describe
// the same files with the same line totals, and match the summary's "total".
let dir: string;

const reports = {
  'coverage/coverage-final.json': 'istanbul-final',
  'coverage/coverage-summary.json': 'istanbul-summary',
  'coverage/cobertura-coverage.xml': 'cobertura',
  'coverage/lcov.info': 'lcov',
} as const;

function parse(report: keyof typeof reports) {
  const text = readFileSync(path.join(dir, report), 'utf8');
  const format = detectFormat(report, text);
  expect(format?.id).toBe(reports[report]);
  return format!.parse(text, report);
}

/** Per-file totals keyed by the path relative to the project, whatever spelling the format uses. */
function byFile(report: keyof typeof reports): Record<string, { found: number; hit: number }> {
  return Object.fromEntries(parse(report).map((file) => [path.relative(dir, path.resolve(dir, file.path)), fileTotals(file)]));
}

beforeAll(() => {
  dir = copyFixture('js-project');
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  run(process.execPath, [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--coverage'], dir);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('istanbul, Cobertura and lcov reports from vitest agree', () => {
  it('detects each format and finds the same line totals per file in all of them', () => {
    const expected = byFile('coverage/coverage-summary.json');
    expect(Object.keys(expected).sort()).toEqual(['src/format.js', 'src/price.js']);
    for (const report of Object.keys(reports) as (keyof typeof reports)[]) {
      expect(byFile(report), report).toEqual(expected);
    }
  });

  it('matches the json-summary total for lines', () => {
    const summary = JSON.parse(readFileSync(path.join(dir, 'coverage/coverage-summary.json'), 'utf8')) as {
      total: { lines: { total: number; covered: number } };
    };
    const theirs = { found: summary.total.lines.total, hit: summary.total.lines.covered };
    for (const report of Object.keys(reports) as (keyof typeof reports)[]) {
      const ours = sumTotals(parse(report));
      expect(ours, report).toEqual(theirs);
      console.log(`vitest ${report}: ours ${ours.hit} of ${ours.found} lines vs coverage-summary.json total ${theirs.hit} of ${theirs.found}`);
    }
  });

  it('combines all four reports in the check into the same total, whatever path spelling each uses', async () => {
    const findings = await check.run({
      root: dir,
      options: { reports: ['coverage/*'], total: 100, paths: { 'src/format.js': 100 } },
      policy: { document: {}, locate: (keys) => ({ file: 'goldenpath.yaml', line: keys.length }) },
      now: new Date(),
      flags: {},
    });
    // 9 of 14 lines, as coverage-summary.json says; format.js 3 of 5.
    expect(findings.map((finding) => finding.message)).toEqual(['total coverage 64.3% is below 100%', 'coverage of src/format.js is 60.0%, below 100%']);
  });

  it('reports the same hits per line in coverage-final.json, Cobertura and lcov', () => {
    const lines = (report: keyof typeof reports) =>
      Object.fromEntries(
        parse(report).map((file) => [
          path.relative(dir, path.resolve(dir, file.path)),
          [...(file.lines ?? new Map<number, number>())].map(([line, hits]) => [line, hits > 0]).sort((a, b) => Number(a[0]) - Number(b[0])),
        ]),
      );
    const final = lines('coverage/coverage-final.json');
    expect(lines('coverage/cobertura-coverage.xml')).toEqual(final);
    expect(lines('coverage/lcov.info')).toEqual(final);
  });
});
