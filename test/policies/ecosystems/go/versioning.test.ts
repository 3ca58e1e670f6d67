import { describe, expect, it } from 'vitest';
import { goVersioning, isPseudoVersion } from '../../../../policies/ecosystems/go/index.js';
import { pseudoVersionBase } from '../../../../policies/ecosystems/go/versioning.js';

describe('Go versioning', () => {
  it('orders pseudo-versions as go does: after their base, before the next release', () => {
    const ordered = [
      'v0.0.0-20190101000000-aaaaaaaaaaaa',
      'v0.0.0-20230101000000-bbbbbbbbbbbb',
      'v1.2.3',
      'v1.2.4-0.20230101000000-cccccccccccc',
      'v1.2.4-0.20240101000000-dddddddddddd',
      'v1.2.4',
      'v1.3.0-rc.1',
      'v1.3.0-rc.1.0.20240101000000-eeeeeeeeeeee',
      'v1.3.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => goVersioning.compare(a, b))).toEqual(ordered);
  });

  it('recognises the three pseudo-version forms', () => {
    expect(isPseudoVersion('v0.0.0-20230101000000-abcdefabcdef')).toBe(true);
    expect(isPseudoVersion('v1.2.4-0.20230101000000-abcdefabcdef')).toBe(true);
    expect(isPseudoVersion('v1.3.0-rc.1.0.20240101000000-abcdefabcdef')).toBe(true);
    expect(isPseudoVersion('v1.3.0-rc.1')).toBe(false);
  });

  it('treats a pseudo-version as the commit it is: `>=1.10.0` accepts a commit after v1.10.0, not one before', () => {
    expect(goVersioning.satisfies('v1.10.1-0.20240101000000-abcdefabcdef', '>=1.10.0')).toBe(true);
    expect(goVersioning.satisfies('v1.10.0-0.20230101000000-abcdefabcdef', '>=1.10.0')).toBe(false);
    expect(goVersioning.satisfies('v1.2.4-0.20230101000000-abcdefabcdef', '>=1.2.4')).toBe(false);
    expect(goVersioning.satisfies('v2.0.0-rc.1', '>=1.10.0 <2')).toBe(false);
  });

  it('compares +incompatible versions by their semver', () => {
    expect(goVersioning.satisfies('v24.0.7+incompatible', '>=24 <25')).toBe(true);
    expect(goVersioning.compare('v2.0.0+incompatible', 'v2.0.0')).toBe(0);
  });

  it('names the lowest allowed version in Go spelling', () => {
    expect(goVersioning.lowestInRange?.('>=1.10.0 <2')).toBe('v1.10.0');
    expect(goVersioning.lowestInRange?.('^1.9.1')).toBe('v1.9.1');
  });

  it('classifies updates for the advisor', () => {
    expect(goVersioning.diff('v1.9.1', 'v1.10.0')).toBe('minor');
    expect(goVersioning.diff('v1.9.1', 'v2.0.0')).toBe('major');
    expect(goVersioning.diff('v1.9.1', 'v1.9.1')).toBeNull();
  });

  it.each([
    // [from, to, kind]: pseudo-versions are measured from the version they build on.
    ['v0.0.0-20220314234659-1baeb1ce4c0b', 'v0.31.0', 'minor'],
    ['v0.0.0-20220314234659-1baeb1ce4c0b', 'v1.0.0', 'major'],
    ['v0.0.0-20220314234659-1baeb1ce4c0b', 'v0.0.0-20230101000000-bbbbbbbbbbbb', 'prerelease'],
    ['v2.0.0-20220314234659-1baeb1ce4c0b', 'v2.1.0', 'minor'],
    ['v1.2.4-0.20230101000000-cccccccccccc', 'v1.2.4', 'patch'],
    ['v1.2.4-0.20230101000000-cccccccccccc', 'v1.3.0', 'minor'],
    ['v1.2.3', 'v1.2.4-0.20230101000000-cccccccccccc', 'prerelease'],
    ['v1.2.4-0.20230101000000-cccccccccccc', 'v1.2.4-0.20240101000000-dddddddddddd', 'prerelease'],
    ['v1.2.3-rc.1.0.20230101000000-cccccccccccc', 'v1.2.3', 'prerelease'],
    ['v1.2.3-rc.1.0.20230101000000-cccccccccccc', 'v1.3.0', 'minor'],
    ['v1.2.4-0.20230101000000-cccccccccccc+incompatible', 'v2.0.0+incompatible', 'major'],
    ['v2.0.0-rc.1', 'v2.0.0', 'prerelease'],
    ['v1.9.1', 'v1.10.0', 'minor'],
    ['v1.9.1', 'v1.9.1', null],
  ])('classifies %s → %s as %s', (from, to, kind) => {
    expect(goVersioning.diff(from, to)).toBe(kind);
  });

  it.each([
    ['v0.0.0-20220314234659-1baeb1ce4c0b', 'v0.0.0'],
    ['v2.0.0-20220314234659-1baeb1ce4c0b', 'v2.0.0'],
    ['v1.2.4-0.20220314234659-1baeb1ce4c0b', 'v1.2.3'],
    ['v1.2.10-0.20220314234659-1baeb1ce4c0b', 'v1.2.9'],
    ['v1.2.3-pre.0.20220314234659-1baeb1ce4c0b', 'v1.2.3-pre'],
    ['v1.2.4-0.20220314234659-1baeb1ce4c0b+incompatible', 'v1.2.3+incompatible'],
    ['v1.2.3', 'v1.2.3'],
    ['v1.2.3-rc.1', 'v1.2.3-rc.1'],
  ])('takes the base of %s as %s (module.PseudoVersionBase)', (version, base) => {
    expect(pseudoVersionBase(version)).toBe(base);
  });

  it('rejects what is not a Go version', () => {
    expect(goVersioning.isValid('1.2.3')).toBe(false);
    expect(goVersioning.isValid('v1.2.3')).toBe(true);
    expect(goVersioning.satisfies('master', '*')).toBe(false);
  });
});
