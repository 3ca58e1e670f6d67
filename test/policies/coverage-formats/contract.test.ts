import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goCover } from '../../../policies/coverage-formats/go-cover.js';
import { coverageFormats, detectFormat } from '../../../policies/coverage-formats/registry.js';
import { formatIds } from '../../../policies/coverage-formats/types.js';
import { InputError } from '../../../policies/model/errors.js';
import { readFixture } from './helpers.js';

// The contract every format keeps: a sorted registry, detection by content,
// sorted results, and InputError (never anything else) for input it cannot read.

const fixtures: [string, string][] = [
  ['count.out', 'go'],
  ['set-crlf.out', 'go'],
  ['sample.info', 'lcov'],
  ['coverage-final.json', 'istanbul-final'],
  ['coverage-summary.json', 'istanbul-summary'],
  ['coverage.xml', 'cobertura'],
];

/** Runs parse and reports what it threw: nothing, an InputError, or something else (a bug). */
function outcome(parse: () => unknown): string {
  try {
    parse();
    return 'ok';
  } catch (error) {
    return error instanceof InputError ? 'input-error' : `unexpected ${String(error)}`;
  }
}

describe('coverage format registry', () => {
  it('lists every format once, sorted by id', () => {
    expect(coverageFormats.map((format) => format.id)).toEqual([...formatIds]);
    expect([...formatIds]).toEqual([...formatIds].sort());
  });

  it.each(fixtures)('detects %s as %s, and no other format claims it', (name, id) => {
    const text = readFixture('formats', name);
    expect(detectFormat(name, text)?.id).toBe(id);
    const head = text.slice(0, 4096);
    expect(coverageFormats.filter((format) => format.detect(name, head)).map((format) => format.id)).toEqual([id]);
  });

  it.each(fixtures)('parses %s into files sorted by path', (name, id) => {
    const format = coverageFormats.find((candidate) => candidate.id === id)!;
    const paths = format.parse(readFixture('formats', name), name).map((file) => file.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths).toEqual([...paths].sort());
  });
});

describe.each(coverageFormats.map((format) => [format.id, format] as const))('%s on arbitrary input', (_id, format) => {
  // Random bytes alone rarely get past the first line, so also start from each format's own opening.
  const openings = ['', 'mode: set\n', 'mode: count\nm/a.go:', 'TN:\nSF:a.c\n', 'SF:a.c\nDA:', '{"a.js": {"statementMap": ', '{"total": {}, "a.js": ', '<?xml version="1.0"?>\n<coverage>', '<coverage><sources><source>'];
  const input = fc.tuple(fc.constantFrom(...openings), fc.oneof(fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')), fc.string({ maxLength: 300 }), fc.json()));

  it('throws only InputError, never another exception', () => {
    fc.assert(
      fc.property(input, ([opening, rest]) => {
        expect(outcome(() => format.parse(opening + rest, 'report'))).toMatch(/^(ok|input-error)$/);
      }),
      { numRuns: 400 },
    );
  });

  it('detects without throwing', () => {
    fc.assert(
      fc.property(input, ([opening, rest]) => {
        expect(typeof format.detect('report', opening + rest)).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});

describe('go cover profiles against a reference merge', () => {
  // Well-formed profiles with repeated ranges: our totals must equal a plain
  // string-keyed merge written the way x/tools/cover describes it.
  const block = fc.record({
    file: fc.constantFrom('m/a.go', 'm/b.go', 'm/dir with space/c.go'),
    startLine: fc.integer({ min: 1, max: 40 }),
    startCol: fc.integer({ min: 0, max: 3000 }),
    lines: fc.integer({ min: 0, max: 3 }),
    endCol: fc.integer({ min: 0, max: 3000 }),
    count: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 40 })),
  });

  it.each(['set', 'count', 'atomic'])('%s mode', (mode) => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 60 }), (blocks) => {
        const lines = blocks.map((b) => {
          const range = `${b.startLine}.${b.startCol},${b.startLine + b.lines}.${b.endCol}`;
          // The statement count is a function of the range, as in real profiles.
          return { file: b.file, range, statements: (b.startCol % 4) + 1, count: mode === 'set' ? Math.min(b.count, 1) : b.count };
        });
        const text = `mode: ${mode}\n${lines.map((l) => `${l.file}:${l.range} ${l.statements} ${l.count}`).join('\n')}\n`;
        const reference = new Map<string, { statements: number; count: number }>();
        for (const l of lines) {
          const key = `${l.file}:${l.range}`;
          const existing = reference.get(key);
          if (!existing) reference.set(key, { statements: l.statements, count: l.count });
          else existing.count = mode === 'set' ? existing.count | l.count : existing.count + l.count;
        }
        let found = 0;
        let hit = 0;
        for (const { statements, count } of reference.values()) {
          found += statements;
          if (count > 0) hit += statements;
        }
        const files = goCover.parse(text, 'p');
        const ours = files.reduce((sum, file) => {
          const totals = file.blocks!.totals();
          return { found: sum.found + totals.found, hit: sum.hit + totals.hit };
        }, { found: 0, hit: 0 });
        expect(ours).toEqual({ found, hit });
        expect(files.reduce((sum, file) => sum + file.blocks!.size, 0)).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });
});
