/** Remembered semver parsing: the same answers as semver itself, computed once per spelling. */
import semver from 'semver';
import { describe, expect, it, vi } from 'vitest';
import { compareParsed, memoizeParse, parsedSemver } from '../../../policies/ecosystems/parsed-semver.js';
import { goVersioning } from '../../../policies/ecosystems/go/versioning.js';
import { npmVersioning } from '../../../policies/ecosystems/npm/versioning.js';

describe('memoizeParse', () => {
  it('parses each spelling once, remembering invalid ones too', () => {
    const parse = vi.fn((v: string) => semver.parse(v));
    const remembered = memoizeParse(parse);
    const first = remembered('1.2.3');
    expect(remembered('1.2.3')).toBe(first);
    expect(remembered('not a version')).toBeNull();
    expect(remembered('not a version')).toBeNull();
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('keeps answering correctly past its capacity', () => {
    const remembered = memoizeParse((v) => semver.parse(v));
    for (let i = 0; i < 25_000; i += 1) expect(remembered(`1.0.${i}`)?.patch).toBe(i);
    expect(remembered('1.0.3')?.patch).toBe(3);
  });
});

describe('comparing parsed versions', () => {
  it('orders like semver.compare, invalid versions first and among themselves by text', () => {
    const versions = ['1.10.0', 'zeta', '1.2.0', '1.2.0-rc.1', 'alpha', '0.9.9'];
    const sorted = [...versions].sort((a, b) => compareParsed(a, parsedSemver(a), b, parsedSemver(b)));
    expect(sorted).toEqual(['alpha', 'zeta', '0.9.9', '1.2.0-rc.1', '1.2.0', '1.10.0']);
    expect([...versions].sort((a, b) => npmVersioning.compare(a, b))).toEqual(sorted);
  });

  it('gives Go versions the order go itself uses, pseudo-versions and +incompatible included', () => {
    const versions = ['v2.0.0+incompatible', 'v1.10.1-0.20240101000000-abcdef123456', 'v1.10.0', 'v1.9', 'bad', 'v1.10.1'];
    expect([...versions].sort((a, b) => goVersioning.compare(a, b))).toEqual([
      'bad',
      'v1.9',
      'v1.10.0',
      'v1.10.1-0.20240101000000-abcdef123456',
      'v1.10.1',
      'v2.0.0+incompatible',
    ]);
    expect(goVersioning.satisfies('v1.10.1-0.20240101000000-abcdef123456', '>=1.10.0')).toBe(true);
    expect(npmVersioning.satisfies('1.10.1-rc.1', '>=1.10.0')).toBe(false);
  });
});
