/**
 * Expiry dates of policy exceptions, shared by every check that accepts
 * exceptions (deps, vulns) so they all agree on what "expired" means.
 *
 * An exception's `expires` is a calendar date (`YYYY-MM-DD`) read in UTC, and
 * the expiry day itself is still valid: an exception that expires on
 * 2026-03-31 applies all of that day (UTC) and is expired from 2026-04-01T00:00Z.
 */

/** JSON Schema for an `expires` value, for check schemas to reuse. */
export const expiresSchema = {
  type: 'string',
  format: 'date',
  description: 'Last day (UTC, inclusive) the entry applies, as YYYY-MM-DD; after it the entry is reported as expired.',
  examples: ['2026-12-31'],
} as const;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses an `expires` value from the policy: a `YYYY-MM-DD` string, or a Date
 * (YAML 1.1 timestamps) taken at its UTC day. Returns undefined for anything
 * else, including impossible dates such as 2026-02-30.
 */
export function parseExpiryDate(value: unknown): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  if (typeof value !== 'string') return undefined;
  const match = datePattern.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a rolled date is a typo, not a date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

/** True when `now` is after the whole UTC day named by `expires`. */
export function isExpired(expires: Date, now: Date): boolean {
  const endOfDay = expires.getTime() + 24 * 60 * 60 * 1000;
  return now.getTime() >= endOfDay;
}

/**
 * Whole UTC days from `now`'s day to the expiry day: 0 on the expiry day,
 * negative once expired. Useful for "expires in 3 days" warnings.
 */
export function daysUntilExpiry(expires: Date, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((expires.getTime() - today) / (24 * 60 * 60 * 1000));
}

/** `YYYY-MM-DD` of a date in UTC, for messages. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
