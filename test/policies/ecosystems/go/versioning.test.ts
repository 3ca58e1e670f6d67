import { describe, expect, it } from 'vitest';
import { goVersioning, isPseudoVersion } from '../../../../policies/ecosystems/go/index.js';

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

  it('rejects what is not a Go version', () => {
    expect(goVersioning.isValid('1.2.3')).toBe(false);
    expect(goVersioning.isValid('v1.2.3')).toBe(true);
    expect(goVersioning.satisfies('master', '*')).toBe(false);
  });
});
