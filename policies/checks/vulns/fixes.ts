/**
 * Fixed versions named by advisories, and the version to recommend: the
 * lowest fixed version above the current one that the dependency allowlist
 * also accepts, so following the advice never trades a vulnerability for a
 * `deps` failure.
 */
import semver from 'semver';
import type { EcosystemId, Versioning } from '../../ecosystems/types.js';
import type { OsvRecord } from './osv-output.js';

/** Whether the dependency allowlist accepts `name@version` (always true without a `dependencies` policy). */
export type VersionAcceptor = (ecosystem: EcosystemId, name: string, version: string) => boolean;

/** Every `fixed` event of the records' `affected[]` entries for this package, deduplicated, as OSV spells them. */
export function fixedVersionsOf(records: readonly OsvRecord[], osvEcosystem: string, name: string): string[] {
  const fixed = new Set<string>();
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      const pkg = affected.package;
      if (pkg?.name !== name) continue;
      // `Debian:12`-style ecosystems carry a suffix; the base name must match.
      if (pkg.ecosystem !== undefined && pkg.ecosystem.split(':')[0] !== osvEcosystem.split(':')[0]) continue;
      for (const range of affected.ranges ?? []) {
        for (const event of range.events) {
          if (event.fixed !== undefined && event.fixed !== '') fixed.add(event.fixed);
        }
      }
    }
  }
  return [...fixed];
}

/** Orders versions with the ecosystem's own rules, falling back to semver, then text. */
export function compareWith(versioning: Versioning | undefined): (a: string, b: string) => number {
  if (versioning) return (a, b) => versioning.compare(a, b);
  return (a, b) => {
    const left = semver.valid(a);
    const right = semver.valid(b);
    if (left !== null && right !== null) return semver.compare(left, right);
    return a.localeCompare(b);
  };
}

/** `1.2.3-rc.1`, `v0.0.0-20220525230936-793ad666bf5e`: anything with a prerelease part. */
function isPrerelease(version: string): boolean {
  return /^v?\d+(\.\d+)*-/.test(version);
}

export type FixStatus =
  /** `recommendedVersion` is set. */
  | 'recommended'
  /** Fixed versions exist above the current one, but the allowlist accepts none of them. */
  | 'not-allowed'
  /** No advisory in the group names a fixed version above the current one. */
  | 'no-fix';

export interface FixAdvice {
  /** Fixed versions, ascending. */
  fixedVersions: string[];
  recommendedVersion?: string;
  status: FixStatus;
}

/**
 * Picks the recommended version among `fixed` (already in the ecosystem's
 * spelling): the lowest release above `current` that `accepts` allows, or
 * the lowest such prerelease (a Go pseudo-version) when no release is fixed.
 */
export function adviseFix(
  fixed: readonly string[],
  current: string,
  compare: (a: string, b: string) => number,
  accepts: (version: string) => boolean,
): FixAdvice {
  const fixedVersions = [...new Set(fixed)].sort(compare);
  const above = fixedVersions.filter((v) => compare(v, current) > 0);
  if (above.length === 0) return { fixedVersions, status: 'no-fix' };
  // Releases before prereleases and Go pseudo-versions: a fixed commit is advice of last resort.
  const releases = above.filter((v) => !isPrerelease(v));
  const recommendedVersion = releases.find((v) => accepts(v)) ?? above.filter((v) => isPrerelease(v)).find((v) => accepts(v));
  return recommendedVersion === undefined
    ? { fixedVersions, status: 'not-allowed' }
    : { fixedVersions, recommendedVersion, status: 'recommended' };
}
