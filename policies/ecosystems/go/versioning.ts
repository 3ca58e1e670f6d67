/**
 * Go module versions on semver, for policy ranges written npm-style.
 *
 * A Go version maps to semver by dropping the leading `v` and any
 * `+incompatible` (Go ignores build metadata when ordering, too).
 * Pseudo-versions need nothing special: all three forms are semver
 * prereleases whose identifiers sort by commit time, so semver's ordering is
 * Go's ordering. `vX.Y.(Z+1)-0.yyyymmddhhmmss-hash` is a commit after vX.Y.Z,
 * hence above vX.Y.Z and below vX.Y.(Z+1).
 *
 * Ranges are matched with `includePrerelease`, because in Go a prerelease or
 * pseudo-version is an ordinary point in the version order: `>=1.10.0` accepts
 * `v1.10.1-0.20240101000000-abcdef123456` (a commit after v1.10.0) and rejects
 * `v1.10.0-0.20230101000000-abcdef123456` (a commit before it); `<2` rejects
 * every v2 prerelease.
 */
import semver from 'semver';
import { classifySemverChange } from '../semver-change.js';
import type { Versioning } from '../types.js';
import { parseGoSemver } from './module-version.js';

const rangeOptions: semver.RangeOptions = { includePrerelease: true };

/** The semver spelling of a Go version (`v1.2.3+incompatible` → `1.2.3`), or null when it is not one. */
export function goToSemver(version: string): string | null {
  const parsed = parseGoSemver(version);
  if (!parsed) return null;
  const plain = `${parsed.major}.${parsed.minor}.${parsed.patch}${parsed.prerelease ? `-${parsed.prerelease}` : ''}`;
  return semver.valid(plain);
}

function compareLoose(a: string, b: string): number {
  const left = goToSemver(a);
  const right = goToSemver(b);
  if (left !== null && right !== null) return semver.compare(left, right);
  // Invalid versions sort before valid ones (as Go's semver.Compare does), then by text.
  if (left === null && right !== null) return -1;
  if (left !== null && right === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const goVersioning: Versioning = {
  isValid: (version) => goToSemver(version) !== null,
  compare: compareLoose,
  satisfies(version, range) {
    const plain = goToSemver(version);
    return plain !== null && semver.satisfies(plain, range, rangeOptions);
  },
  diff(from, to) {
    const a = goToSemver(from);
    const b = goToSemver(to);
    if (a === null || b === null) return null;
    return classifySemverChange(a, b);
  },
  lowestInRange(range) {
    if (semver.validRange(range, rangeOptions) === null) return null;
    const lowest = semver.minVersion(range, rangeOptions);
    return lowest === null ? null : `v${lowest.version}`;
  },
};
