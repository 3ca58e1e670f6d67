import { describe, expect, it } from 'vitest';
import { ranges } from '../../../../policies/checks/coverage/index.js';
import { formatPercent, meetsThreshold } from '../../../../policies/checks/coverage/percent.js';

describe('threshold arithmetic', () => {
  it('compares exact fractions, so boundary values neither fail nor pass by rounding', () => {
    expect(meetsThreshold(4, 5, 80)).toBe(true);
    expect(meetsThreshold(7999, 10000, 80)).toBe(false);
    expect(meetsThreshold(801, 1000, 80.1)).toBe(true);
    expect(meetsThreshold(8009, 10000, 80.1)).toBe(false);
    expect(meetsThreshold(1, 3, 33.3333333333)).toBe(true);
    expect(meetsThreshold(0, 0, 100)).toBe(true);
    expect(meetsThreshold(0, 7, 0)).toBe(true);
  });

  it('shows one decimal, rounded like go tool cover, and more only to keep a failing value below its threshold', () => {
    expect(formatPercent(2, 3)).toBe('66.7');
    expect(formatPercent(4, 5, 80)).toBe('80.0');
    expect(formatPercent(1, 1)).toBe('100.0');
    expect(formatPercent(7999, 10000)).toBe('80.0');
    expect(formatPercent(7999, 10000, 80)).toBe('79.99');
    expect(formatPercent(7996, 10000, 80)).toBe('79.96');
    expect(formatPercent(7949, 10000, 80)).toBe('79.5');
    expect(formatPercent(79_999_999, 100_000_000, 80)).toBe('79.999999');
  });
});

describe('ranges', () => {
  it('folds consecutive lines', () => {
    expect(ranges([3, 5, 6, 7, 10])).toBe('3, 5-7, 10');
    expect(ranges([1])).toBe('1');
    expect(ranges([])).toBe('');
  });
});
