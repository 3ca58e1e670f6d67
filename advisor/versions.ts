/**
 * Version arithmetic the advisor needs beyond the ecosystems' Versioning:
 * mapping a version onto semver so knowledge ranges and advisory fixed
 * versions can be compared with it.
 */
import semver from 'semver';
import type { EcosystemId } from '../policies/ecosystems/types.js';

/**
 * The semver spelling of an ecosystem version, or null when it has none.
 *
 * Go versions drop the leading `v` and `+incompatible`. A Go pseudo-version is
 * already valid semver once the `v` is gone (`1.8.1-0.20220101000000-abcdef`),
 * and it orders just below its successor release as Go orders it.
 */
export function toSemver(ecosystem: EcosystemId, version: string): string | null {
  let v = version.trim();
  if (ecosystem === 'go') v = v.replace(/^v/, '').replace(/\+incompatible$/, '');
  return semver.valid(v);
}

/** The Go spelling of a semver version (adds the `v`); npm versions are returned unchanged. */
export function fromSemver(ecosystem: EcosystemId, version: string): string {
  return ecosystem === 'go' && !version.startsWith('v') ? `v${version}` : version;
}

/**
 * Whether a move between two versions crosses `introducedIn` (a version or a
 * range): some version in it lies in (lower, upper], where lower and upper are
 * the two versions in ascending order. Downgrades cross the same versions as
 * the matching upgrade, because undoing a change is just as visible.
 */
export function crosses(ecosystem: EcosystemId, from: string, to: string, introducedIn: string): boolean {
  const a = toSemver(ecosystem, from);
  const b = toSemver(ecosystem, to);
  if (a === null || b === null || a === b) return false;
  const [lower, upper] = semver.lt(a, b) ? [a, b] : [b, a];
  const single = toSemver(ecosystem, introducedIn) ?? semver.valid(introducedIn.replace(/^v/, ''));
  if (single !== null) return semver.gt(single, lower) && semver.lte(single, upper);
  const range = semver.validRange(introducedIn, { includePrerelease: true });
  if (range === null) return false;
  return semver.intersects(range, `>${lower} <=${upper}`, { includePrerelease: true });
}
