import { describe, expect, it } from 'vitest';
import { isAffected, recommendVersion } from '../../advisor/recommend.js';
import type { OsvRecord } from '../../policies/checks/vulns/osv-output.js';

const quic: OsvRecord = {
  id: 'GO-2025-4017',
  affected: [
    {
      package: { ecosystem: 'Go', name: 'github.com/quic-go/quic-go' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.49.1' }, { introduced: '0.50.0' }, { fixed: '0.54.1' }] }],
    },
  ],
};
const lastAffected: OsvRecord = {
  id: 'GHSA-last',
  affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { last_affected: '1.2.0' }] }] }],
};

describe('recommended versions', () => {
  it('reads OSV ranges with introduced, fixed and last_affected events', () => {
    expect(isAffected([quic], 'go', 'github.com/quic-go/quic-go', 'v0.49.0')).toBe(true);
    expect(isAffected([quic], 'go', 'github.com/quic-go/quic-go', 'v0.49.1')).toBe(false);
    expect(isAffected([quic], 'go', 'github.com/quic-go/quic-go', 'v0.54.0')).toBe(true);
    expect(isAffected([quic], 'go', 'github.com/quic-go/quic-go', 'v0.54.1')).toBe(false);
    expect(isAffected([lastAffected], 'npm', 'x', '1.2.0')).toBe(true);
    expect(isAffected([lastAffected], 'npm', 'x', '1.2.1')).toBe(false);
    expect(isAffected([quic], 'go', 'github.com/other/module', 'v0.1.0')).toBe(false);
  });

  it('picks the highest accepted candidate no advisory affects', () => {
    const base = { ecosystem: 'go' as const, name: 'github.com/quic-go/quic-go', records: [quic] };
    expect(recommendVersion({ ...base, head: 'v0.54.0', accepts: () => true })).toBe('v0.54.1');
    expect(recommendVersion({ ...base, head: 'v0.55.0', accepts: () => true })).toBe('v0.55.0');
    // The allowlist decides too: with 0.54.1 refused, the older fixed line is the best left.
    expect(recommendVersion({ ...base, head: 'v0.54.0', accepts: (v) => v !== 'v0.54.1' })).toBe('v0.49.1');
    expect(recommendVersion({ ...base, head: 'v0.54.0', accepts: () => false })).toBeUndefined();
  });
});
