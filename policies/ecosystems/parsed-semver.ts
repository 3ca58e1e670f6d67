/**
 * Parsed semver versions, remembered by spelling.
 *
 * `semver.compare(a, b)` and `semver.valid(v)` parse their strings on every
 * call. The vulnerability gate sorts and compares the same few hundred
 * versions (fixed versions, range events, current versions) thousands of
 * times per scan, and that parsing was most of the time it spent after
 * osv-scanner finished. Comparing parsed objects gives the same order.
 *
 * The returned objects are shared: callers must not mutate them (no `inc`).
 */
import semver, { type SemVer } from 'semver';
import { BoundedCache } from '../model/bounded-cache.js';
import { compareText } from '../model/text-order.js';

/** Enough for every version one run meets. */
const capacity = 20_000;

/** Remembers `parse` per spelling, including its nulls. */
export function memoizeParse<T>(parse: (version: string) => T | null): (version: string) => T | null {
  const cache = new BoundedCache<T | null>(capacity);
  return (version) => cache.get(version, () => parse(version));
}

/** `semver.parse`, remembered: a strict semver version, or null. */
export const parsedSemver = memoizeParse((version) => semver.parse(version));

/**
 * Orders two versions already parsed (null when invalid): invalid ones before
 * valid ones, as Go's semver.Compare does, and among themselves by text.
 */
export function compareParsed(a: string, left: SemVer | null, b: string, right: SemVer | null): number {
  if (left !== null && right !== null) return left.compare(right);
  if (left === null && right !== null) return -1;
  if (left !== null && right === null) return 1;
  return compareText(a, b);
}
