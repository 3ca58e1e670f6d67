/**
 * The policy's `ignore` list: which entries silence which vulnerability, and
 * which entries are expired or unused.
 */
import { isExpired, parseExpiryDate } from '../../engine/expiry.js';
import type { IgnoreRule } from './policy.js';

/** An ignore entry with its parsed expiry and whether it is still in force. */
export interface IgnoreState {
  index: number;
  rule: IgnoreRule;
  /** Undefined only when the date does not parse (the schema should have caught it). */
  expires: Date | undefined;
  expired: boolean;
  /** Set once the entry silenced at least one finding. */
  used: boolean;
}

export function ignoreStates(rules: readonly IgnoreRule[], now: Date): IgnoreState[] {
  return rules.map((rule, index) => {
    const expires = parseExpiryDate(rule.expires);
    // An unreadable date counts as expired: an exception without a valid end never silences anything.
    return { index, rule, expires, expired: expires === undefined || isExpired(expires, now), used: false };
  });
}

/**
 * The first unexpired entry whose id is one of `names` (the group's ids and
 * aliases), compared case-insensitively because GHSA ids appear in both cases.
 * Marks it used. Expired entries never match: the vulnerability is reported
 * again on the day after `expires`.
 */
export function findIgnore(states: readonly IgnoreState[], names: readonly string[]): IgnoreState | undefined {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  const match = states.find((s) => !s.expired && wanted.has(s.rule.id.trim().toUpperCase()));
  if (match) match.used = true;
  return match;
}
