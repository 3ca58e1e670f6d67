import { describe, expect, it } from 'vitest';
import { daysUntilExpiry, formatDate, isExpired, parseExpiryDate } from '../../../policies/engine/expiry.js';

describe('exception expiry', () => {
  const expires = parseExpiryDate('2026-03-31')!;

  it('keeps the expiry day itself valid, in UTC', () => {
    expect(isExpired(expires, new Date('2026-03-31T00:00:00Z'))).toBe(false);
    expect(isExpired(expires, new Date('2026-03-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired(expires, new Date('2026-04-01T00:00:00Z'))).toBe(true);
    // 23:30 on the 31st in New York is already April 1st in UTC.
    expect(isExpired(expires, new Date('2026-03-31T23:30:00-04:00'))).toBe(true);
  });

  it('counts whole days to the expiry', () => {
    expect(daysUntilExpiry(expires, new Date('2026-03-28T18:00:00Z'))).toBe(3);
    expect(daysUntilExpiry(expires, new Date('2026-03-31T18:00:00Z'))).toBe(0);
    expect(daysUntilExpiry(expires, new Date('2026-04-02T01:00:00Z'))).toBe(-2);
  });

  it('reads YAML dates and strings, and rejects impossible dates', () => {
    expect(formatDate(parseExpiryDate(new Date('2026-03-31T00:00:00Z'))!)).toBe('2026-03-31');
    expect(parseExpiryDate('2026-02-30')).toBeUndefined();
    expect(parseExpiryDate('31/03/2026')).toBeUndefined();
    expect(parseExpiryDate(20260331)).toBeUndefined();
  });
});
