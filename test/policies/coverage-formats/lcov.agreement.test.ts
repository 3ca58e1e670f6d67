import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lcov } from '../../../policies/coverage-formats/lcov.js';
import { copyFixture, parseAndMerge, run, sumTotals } from './helpers.js';

// Real tracefiles: a small C program (test/fixtures/coverage/c-program) built with
// `gcc --coverage`, run twice with different arguments, captured by lcov, and
// compared with `lcov --summary`. lcov is installed by scripts/install-tools.sh.
let dir: string;

/** `lcov --summary`'s line figures: "lines......: 77.8% (14 of 18 lines)". */
function lcovSummary(tracefile: string): { found: number; hit: number } {
  const result = spawnSync('lcov', ['--summary', tracefile], { cwd: dir, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  const match = /lines\.+: [\d.]+% \((\d+) of (\d+) lines?\)/.exec(output);
  if (!match) throw new Error(`no line summary in lcov output:\n${output}`);
  return { hit: Number(match[1]), found: Number(match[2]) };
}

function capture(name: string, args: string[]): string {
  run('lcov', ['--quiet', '--zerocounters', '--directory', '.'], dir);
  run('./shapes', args, dir);
  run('lcov', ['--quiet', '--capture', '--directory', '.', '--output-file', name], dir);
  return name;
}

function parse(name: string) {
  return lcov.parse(readFileSync(path.join(dir, name), 'utf8'), name);
}

beforeAll(() => {
  if (spawnSync('lcov', ['--version']).error) throw new Error('lcov is not installed: run scripts/install-tools.sh (npm run tools)');
  dir = copyFixture('c-program');
  run('gcc', ['--coverage', '-O0', '-o', 'shapes', 'main.c', 'shapes.c'], dir);
  capture('square.info', ['3']);
  capture('circle.info', ['c', '2']);
  run('lcov', ['--quiet', '-a', 'square.info', '-a', 'circle.info', '--output-file', 'merged.info'], dir);
  // Two SF sections per file in one tracefile, as `cat` of several captures produces.
  writeFileSync(path.join(dir, 'concatenated.info'), readFileSync(path.join(dir, 'square.info'), 'utf8') + readFileSync(path.join(dir, 'circle.info'), 'utf8'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lcov tracefiles agree with lcov --summary', () => {
  it.each(['square.info', 'circle.info', 'merged.info', 'concatenated.info'])('%s', (name) => {
    const theirs = lcovSummary(name);
    const ours = sumTotals(parse(name));
    expect(ours).toEqual(theirs);
    console.log(`lcov ${name}: ours ${ours.hit} of ${ours.found} lines vs lcov --summary ${theirs.hit} of ${theirs.found}`);
  });

  it('combines two reports the way lcov -a merges them', () => {
    const combined = parseAndMerge(lcov, [
      { text: readFileSync(path.join(dir, 'square.info'), 'utf8'), path: 'square.info' },
      { text: readFileSync(path.join(dir, 'circle.info'), 'utf8'), path: 'circle.info' },
    ]);
    expect(sumTotals(combined.values())).toEqual(lcovSummary('merged.info'));
    // Both runs pass through main's first lines; a line covered by either report is covered.
    const shapes = [...combined.values()].find((file) => file.path.endsWith('/shapes.c'));
    expect(shapes?.lines?.get(4)).toBeGreaterThan(0); // square_area's check, only in square.info
    expect(shapes?.lines?.get(11)).toBeGreaterThan(0); // circle_area's body, only in circle.info
    expect(shapes?.lines?.get(5)).toBe(0); // the negative-side branch, in neither
  });

  it('sums the counts of a file listed twice in one tracefile, as lcov reads it', () => {
    const counts = (name: string) => parse(name).find((file) => file.path.endsWith('/main.c'))?.lines?.get(6);
    expect(counts('concatenated.info')).toBe((counts('square.info') ?? 0) + (counts('circle.info') ?? 0));
  });
});
