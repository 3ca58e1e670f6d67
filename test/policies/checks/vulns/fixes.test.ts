import { describe, expect, it } from 'vitest';
import { goVersioning } from '../../../../policies/ecosystems/go/versioning.js';
import { npmVersioning } from '../../../../policies/ecosystems/npm/versioning.js';
import { affectsVersion, compareWith, versionFixingAll } from '../../../../policies/checks/vulns/fixes.js';
import type { OsvRecord } from '../../../../policies/checks/vulns/osv-output.js';

const npmCompare = compareWith(npmVersioning);
const goCompare = compareWith(goVersioning);

function record(id: string, ecosystem: string, name: string, events: Record<string, string>[], versions?: string[]): OsvRecord {
  return { id, affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }], ...(versions ? { versions } : {}) }] };
}

describe('affectsVersion', () => {
  it('applies introduced, fixed and last_affected events in version order', () => {
    const affects = affectsVersion(
      [
        record('A', 'npm', 'minimist', [{ introduced: '1.0.0' }, { fixed: '1.2.6' }, { introduced: '0' }, { fixed: '0.2.4' }]),
        record('B', 'npm', 'minimist', [{ introduced: '2.0.0' }, { last_affected: '2.1.0' }]),
        record('C', 'npm', 'other', [{ introduced: '0' }]),
      ],
      'npm',
      'minimist',
      (v) => v,
      npmCompare,
    );
    expect(['0.0.10', '0.2.3', '1.0.0', '1.2.5', '2.0.0', '2.1.0'].filter(affects)).toEqual(['0.0.10', '0.2.3', '1.0.0', '1.2.5', '2.0.0', '2.1.0']);
    expect(['0.2.4', '0.9.0', '1.2.6', '2.1.1'].filter(affects)).toEqual([]);
  });

  it('reads Go ranges in the module spelling and honours listed versions', () => {
    const affects = affectsVersion(
      [record('GO-1', 'Go', 'golang.org/x/net', [{ introduced: '0' }, { fixed: '0.7.0' }], ['0.9.0'])],
      'Go',
      'golang.org/x/net',
      (v) => `v${v}`,
      goCompare,
    );
    expect(['v0.0.0-20220314234659-1baeb1ce4c0b', 'v0.6.0', 'v0.9.0'].every(affects)).toBe(true);
    expect(['v0.7.0', 'v0.8.0'].some(affects)).toBe(false);
  });
});

describe('versionFixingAll', () => {
  const group = (fixedAbove: string[], affected: string[] = []) => ({ fixedAbove, affects: (v: string) => affected.includes(v) });

  it('takes the lowest candidate at or above every group\'s lowest fix that no group affects', () => {
    expect(versionFixingAll([group(['0.2.1', '1.2.3']), group(['0.2.4', '1.2.6'])], npmCompare, () => true)).toBe('0.2.4');
    expect(versionFixingAll([group(['0.2.1']), group(['0.2.4'], ['0.2.4'])], npmCompare, () => true)).toBeUndefined();
    // 1.2.3 fixes the first group but lies in the second group's range.
    expect(versionFixingAll([group(['0.2.1', '1.2.3']), group(['0.2.4', '1.2.6'], ['1.2.3'])], npmCompare, (v) => v !== '0.2.4')).toBe('1.2.6');
  });

  it('prefers releases to pseudo-versions, and gives up when a group has no fix', () => {
    const pseudo = 'v1.0.1-0.20230101000000-abcdef123456';
    expect(versionFixingAll([group([pseudo, 'v1.1.0']), group([pseudo])], goCompare, () => true)).toBe('v1.1.0');
    expect(versionFixingAll([group([pseudo, 'v1.1.0']), group([pseudo])], goCompare, (v) => v !== 'v1.1.0')).toBe(pseudo);
    expect(versionFixingAll([group(['v1.1.0']), group([])], goCompare, () => true)).toBeUndefined();
  });
});
