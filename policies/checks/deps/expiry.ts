/**
 * Whether an exception's `expires` day has passed, delegating to the policy
 * engine's shared expiry functions so deps and vulns agree: dates are UTC days and the
 * expiry day itself is still valid (inclusive).
 */
import { isExpired as isExpiredDate, parseExpiryDate } from '../../engine/expiry.js';

/** `expires` is `YYYY-MM-DD` (validated when the policy is read); an unreadable date counts as expired (fail closed). */
export function isExpired(expires: string, now: Date): boolean {
  const date = parseExpiryDate(expires);
  return date === undefined || isExpiredDate(date, now);
}
