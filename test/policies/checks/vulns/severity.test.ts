import { describe, expect, it } from 'vitest';
import { groupSeverity, meetsThreshold, ratingOfScore, scoreVector } from '../../../../policies/checks/vulns/severity.js';
import type { OsvRecord } from '../../../../policies/checks/vulns/osv-output.js';

describe('ratingOfScore', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4.0, 'medium'],
    [6.9, 'medium'],
    [7.0, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [10, 'critical'],
  ])('rates %d as %s (FIRST buckets)', (score, rating) => {
    expect(ratingOfScore(score)).toBe(rating);
  });
});

describe('scoreVector', () => {
  it('scores CVSS v2, v3.0, v3.1 and v4.0 base vectors', () => {
    expect(scoreVector('CVSS_V2', 'AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBe(7.5);
    expect(scoreVector('CVSS_V3', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(scoreVector('CVSS_V3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N')).toBe(4.3);
    expect(scoreVector('CVSS_V4', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(9.3);
  });

  it('ignores schemes that are not CVSS and vectors that do not parse', () => {
    expect(scoreVector('Ubuntu', 'high')).toBeUndefined();
    expect(scoreVector('CVSS_V3', 'CVSS:3.1/garbage')).toBeUndefined();
  });
});

const record = (id: string, extra: Partial<OsvRecord> = {}): OsvRecord => ({ id, ...extra });

describe('groupSeverity', () => {
  it('takes the highest CVSS score over every record of the group', () => {
    const result = groupSeverity([
      record('GO-2023-1737'),
      record('GHSA-aaaa-bbbb-cccc', {
        severity: [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N' },
          { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
        ],
        database_specific: { severity: 'LOW' },
      }),
    ]);
    expect(result).toEqual({ severity: 'critical', score: 9.3, source: 'cvss' });
  });

  it('falls back to the GitHub rating of an alias record when no record has a vector', () => {
    expect(groupSeverity([record('GO-2024-0001'), record('GHSA-x', { database_specific: { severity: 'MODERATE' } })])).toEqual({
      severity: 'medium',
      source: 'github',
    });
  });

  it('is unknown for a Go advisory without a GHSA record', () => {
    expect(groupSeverity([record('GO-2026-4471', { database_specific: { url: 'https://pkg.go.dev/vuln/GO-2026-4471' } })])).toEqual({
      severity: 'unknown',
      source: 'none',
    });
  });
});

describe('meetsThreshold', () => {
  it('compares named thresholds by rating and numeric ones by score', () => {
    expect(meetsThreshold({ severity: 'high', score: 7.5 }, 'high')).toBe(true);
    expect(meetsThreshold({ severity: 'medium', score: 6.9 }, 'high')).toBe(false);
    expect(meetsThreshold({ severity: 'medium', score: 6.9 }, 6.5)).toBe(true);
    expect(meetsThreshold({ severity: 'low', score: 2 }, 'any')).toBe(true);
    expect(meetsThreshold({ severity: 'none', score: 0 }, 'low')).toBe(false);
  });

  it('places a group known only by its GitHub rating at the bottom of that rating', () => {
    expect(meetsThreshold({ severity: 'high' }, 7)).toBe(true);
    expect(meetsThreshold({ severity: 'high' }, 7.5)).toBe(false);
  });

  it('leaves unknown severities to unknown_severity, even with fail_on any', () => {
    expect(meetsThreshold({ severity: 'unknown' }, 'any')).toBe(false);
  });
});
