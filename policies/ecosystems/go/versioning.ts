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
import semver, { type SemVer } from 'semver';
import { compareParsed, memoizeParse } from '../parsed-semver.js';
import { classifySemverChange } from '../semver-change.js';
import type { Versioning } from '../types.js';
import { isPseudoVersion, parseGoSemver } from './module-version.js';

const rangeOptions: semver.RangeOptions = { includePrerelease: true };

/** The semver spelling of a Go version (`v1.2.3+incompatible` → `1.2.3`), or null when it is not one. */
export function goToSemver(version: string): string | null {
  return parsedGoVersion(version)?.version ?? null;
}

/** A Go version parsed as semver (see goToSemver), remembered: comparisons parse the same versions over and over. */
const parsedGoVersion = memoizeParse((version): SemVer | null => {
  const parsed = parseGoSemver(version);
  if (!parsed) return null;
  return semver.parse(`${parsed.major}.${parsed.minor}.${parsed.patch}${parsed.prerelease ? `-${parsed.prerelease}` : ''}`);
});

/**
 * The version a pseudo-version was built on, after golang.org/x/mod's
 * module.PseudoVersionBase; other versions are their own base.
 *
 * - `vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef` is a commit after `vX.Y.Z-pre`;
 * - `vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef` is a commit after `vX.Y.Z`;
 * - `vX.0.0-yyyymmddhhmmss-abcdef` has no tag below it. Go says "no base";
 *   we answer `vX.0.0`, the start of that major version, so a step from an
 *   untagged commit to a release is measured from there (v0.0.0-… → v0.31.0
 *   is a minor step).
 *
 * `+incompatible` is kept, as x/mod keeps it.
 */
export function pseudoVersionBase(version: string): string {
  if (!isPseudoVersion(version)) return version;
  const plus = version.indexOf('+');
  const build = plus < 0 ? '' : version.slice(plus);
  const bare = plus < 0 ? version : version.slice(0, plus);
  // Drop `-abcdef` (the revision), then the timestamp with the separator before it.
  const withoutRevision = bare.slice(0, bare.lastIndexOf('-'));
  const dash = withoutRevision.lastIndexOf('-');
  const dot = withoutRevision.lastIndexOf('.');
  if (dot < dash) return `${withoutRevision.slice(0, dash)}${build}`; // vX.0.0-yyyymmddhhmmss
  const base = withoutRevision.slice(0, dot); // vX.Y.(Z+1)-0 or vX.Y.Z-pre.0
  if (base.endsWith('-0')) {
    const release = base.slice(0, -2);
    const patchAt = release.lastIndexOf('.') + 1;
    const patch = BigInt(release.slice(patchAt));
    // A `-0` pseudo-version on a .0 patch is malformed (x/mod rejects it); it stays its own base.
    if (patch === 0n) return version;
    return `${release.slice(0, patchAt)}${String(patch - 1n)}${build}`;
  }
  return `${base.slice(0, -2)}${build}`; // vX.Y.Z-pre.0 → vX.Y.Z-pre
}

/** Go's order; invalid versions sort before valid ones (as Go's semver.Compare does), then by text. */
function compareLoose(a: string, b: string): number {
  return compareParsed(a, parsedGoVersion(a), b, parsedGoVersion(b));
}

export const goVersioning: Versioning = {
  isValid: (version) => goToSemver(version) !== null,
  compare: compareLoose,
  satisfies(version, range) {
    const parsed = parsedGoVersion(version);
    return parsed !== null && semver.satisfies(parsed, range, rangeOptions);
  },
  diff(from, to) {
    if (goToSemver(from) === null || goToSemver(to) === null) return null;
    // A pseudo-version's prerelease part is a commit time, not a release line: compare the versions they build on.
    const a = goToSemver(pseudoVersionBase(from));
    const b = goToSemver(pseudoVersionBase(to));
    if (a === null || b === null) return null;
    const kind = classifySemverChange(a, b);
    // Two commits on the same base (or a commit and the base itself) differ only below the release line.
    return kind === null && compareLoose(from, to) !== 0 ? 'prerelease' : kind;
  },
  lowestInRange(range) {
    if (semver.validRange(range, rangeOptions) === null) return null;
    const lowest = semver.minVersion(range, rangeOptions);
    return lowest === null ? null : `v${lowest.version}`;
  },
};
