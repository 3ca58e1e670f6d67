import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goCover } from '../../../policies/coverage-formats/go-cover.js';
import { copyFixture, parseAndMerge, percentOf, run, sumTotals } from './helpers.js';

// Real `go test` profiles of a small module (test/fixtures/coverage/go-module: three
// packages, untested branches, a package split over two files, one package
// exercised only through the other two), compared with `go tool cover -func`.
const goEnv = { GOTOOLCHAIN: 'local', GOFLAGS: '', GOWORK: 'off' };

let moduleDir: string;

/** The statement total `go tool cover -func` prints on its last line, in percent (one decimal). */
function goToolTotal(profile: string): number {
  const output = run('go', ['tool', 'cover', `-func=${profile}`], moduleDir, goEnv);
  const match = /^total:\s+\(statements\)\s+([\d.]+)%$/m.exec(output);
  if (!match) throw new Error(`no total in go tool cover output:\n${output}`);
  return Number(match[1]);
}

function ourTotal(profile: string): number {
  const text = readFileSync(path.join(moduleDir, profile), 'utf8');
  return percentOf(sumTotals(goCover.parse(text, profile)));
}

function profile(name: string, args: string[]): string {
  run('go', ['test', ...args, `-coverprofile=${name}`, './...'], moduleDir, goEnv);
  return name;
}

beforeAll(() => {
  moduleDir = copyFixture('go-module');
});

afterAll(() => {
  rmSync(moduleDir, { recursive: true, force: true });
});

describe('Go cover profiles agree with go tool cover -func', () => {
  it.each([
    ['set', ['-covermode=set']],
    ['count', ['-covermode=count']],
    ['atomic', ['-covermode=atomic']],
    ['count with -coverpkg (duplicate blocks)', ['-covermode=count', '-coverpkg=./...']],
    ['set with -coverpkg (duplicate blocks)', ['-covermode=set', '-coverpkg=./...']],
    ['atomic with -coverpkg (duplicate blocks)', ['-covermode=atomic', '-coverpkg=./...']],
  ])('%s', (name, args) => {
    const file = profile(`${name.replace(/\W+/g, '-')}.out`, args);
    const theirs = goToolTotal(file);
    const ours = ourTotal(file);
    // go tool cover rounds to one decimal; ours is exact, so they differ by at most half a tenth.
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.05 + 1e-9);
    console.log(`go ${name}: ours ${ours.toFixed(3)}% vs go tool cover ${theirs.toFixed(1)}%`);
  });

  it('agrees per function too (blocks between one function line and the next)', () => {
    const file = profile('per-function.out', ['-covermode=count', '-coverpkg=./...']);
    const output = run('go', ['tool', 'cover', `-func=${file}`], moduleDir, goEnv);
    const functions = [...output.matchAll(/^(\S+\.go):(\d+):\s+(\S+)\s+([\d.]+)%$/gm)].map((match) => ({
      file: match[1]!,
      line: Number(match[2]),
      name: match[3]!,
      percent: Number(match[4]),
    }));
    expect(functions.length).toBeGreaterThanOrEqual(10);
    const files = goCover.parse(readFileSync(path.join(moduleDir, file), 'utf8'), file);
    for (const fn of functions) {
      const next = functions.find((other) => other.file === fn.file && other.line > fn.line)?.line ?? Infinity;
      const blocks = files.find((f) => f.path === fn.file)?.blocks?.sorted().filter((b) => b.startLine >= fn.line && b.startLine < next) ?? [];
      const found = blocks.reduce((sum, b) => sum + b.statements, 0);
      const hit = blocks.reduce((sum, b) => sum + (b.count > 0 ? b.statements : 0), 0);
      expect(Math.abs((hit * 100) / found - fn.percent), `${fn.file} ${fn.name}`).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('merges the duplicate blocks a -coverpkg run writes (sum in count mode, OR in set mode)', () => {
    const countText = readFileSync(path.join(moduleDir, profile('dup-count.out', ['-covermode=count', '-coverpkg=./...'])), 'utf8');
    const blockLines = countText.split('\n').filter((line) => line.includes(':') && !line.startsWith('mode:'));
    const keys = new Set(blockLines.map((line) => line.split(' ')[0]));
    expect(blockLines.length).toBeGreaterThan(keys.size); // the profile really repeats blocks

    const files = goCover.parse(countText, 'dup-count.out');
    const clamp = files.find((file) => file.path === 'example.com/shop/util/util.go');
    // Clamp's first block runs once per Add call in calc's tests and once per Put in store's: the counts add up.
    const expected = blockLines
      .filter((line) => line.startsWith('example.com/shop/util/util.go:5.'))
      .reduce((sum, line) => sum + Number(line.split(' ')[2]), 0);
    expect(expected).toBeGreaterThan(1);
    expect(clamp?.blocks?.sorted().find((block) => block.startLine === 5)?.count).toBe(expected);

    const setFiles = goCover.parse(readFileSync(path.join(moduleDir, profile('dup-set.out', ['-covermode=set', '-coverpkg=./...'])), 'utf8'), 'dup-set.out');
    const setCounts = setFiles.flatMap((file) => (file.blocks?.sorted() ?? []).map((block) => block.count));
    expect(new Set(setCounts)).toEqual(new Set([0, 1]));
  });

  it('combines separate per-package profiles into the same total go tool cover gives for their concatenation', () => {
    run('go', ['test', '-covermode=set', '-coverpkg=./...', '-coverprofile=calc.out', './calc'], moduleDir, goEnv);
    run('go', ['test', '-covermode=set', '-coverpkg=./...', '-coverprofile=store.out', './store'], moduleDir, goEnv);
    const calc = readFileSync(path.join(moduleDir, 'calc.out'), 'utf8');
    const store = readFileSync(path.join(moduleDir, 'store.out'), 'utf8');
    // go tool cover reads one file: concatenate the block lines under a single mode line.
    const combined = `${calc.trimEnd()}\n${store.split('\n').slice(1).join('\n')}`;
    writeFileSync(path.join(moduleDir, 'combined.out'), combined);
    const theirs = goToolTotal('combined.out');
    const ours = percentOf(
      sumTotals(
        parseAndMerge(goCover, [
          { text: calc, path: 'calc.out' },
          { text: store, path: 'store.out' },
        ]).values(),
      ),
    );
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.05 + 1e-9);
    console.log(`go calc.out + store.out: ours ${ours.toFixed(3)}% vs go tool cover ${theirs.toFixed(1)}%`);
  });
});
