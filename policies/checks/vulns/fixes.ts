/**
 * Fixed versions named by advisories, and the version to recommend: the
 * lowest fixed version above the current one that the dependency allowlist
 * also accepts, so following the advice never trades a vulnerability for a
 * `deps` failure.
 */
import { parsedSemver } from '../../ecosystems/parsed-semver.js';
import type { EcosystemId, Versioning } from '../../ecosystems/types.js';
import type { OsvAffected, OsvRecord } from './osv-output.js';
import { compareText } from '../../model/text-order.js';

/** Whether the dependency allowlist accepts `name@version` (always true without a `dependencies` policy). */
export type VersionAcceptor = (ecosystem: EcosystemId, name: string, version: string) => boolean;

/** The records' `affected[]` entries for this package. */
function affectedEntries(records: readonly OsvRecord[], osvEcosystem: string, name: string): OsvAffected[] {
  const base = baseEcosystem(osvEcosystem);
  const entries: OsvAffected[] = [];
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      const pkg = affected.package;
      if (pkg?.name !== name) continue;
      // `Debian:12`-style ecosystems carry a suffix; the base name must match.
      if (pkg.ecosystem === undefined || baseEcosystem(pkg.ecosystem) === base) entries.push(affected);
    }
  }
  return entries;
}

/** `Debian` of `Debian:12`; most names have no suffix. */
function baseEcosystem(osvEcosystem: string): string {
  const colon = osvEcosystem.indexOf(':');
  return colon === -1 ? osvEcosystem : osvEcosystem.slice(0, colon);
}

/** Every `fixed` event of the records' `affected[]` entries for this package, deduplicated, as OSV spells them. */
export function fixedVersionsOf(records: readonly OsvRecord[], osvEcosystem: string, name: string): string[] {
  const fixed = new Set<string>();
  for (const affected of affectedEntries(records, osvEcosystem, name)) {
    for (const range of affected.ranges ?? []) {
      for (const event of range.events) {
        if (event.fixed !== undefined && event.fixed !== '') fixed.add(event.fixed);
      }
    }
  }
  return [...fixed];
}

/**
 * Whether the records say `version` (in the ecosystem's spelling) of the
 * package is affected, following the OSV evaluation of `affected[]`: listed in
 * `versions`, or inside a SEMVER/ECOSYSTEM range, whose events are applied in
 * version order (introduced → affected; fixed, or above last_affected → not).
 * GIT ranges name commits, not versions, and are skipped. `spell` turns OSV's
 * spelling into the ecosystem's (Go modules gain their `v`).
 */
export function affectsVersion(
  records: readonly OsvRecord[],
  osvEcosystem: string,
  name: string,
  spell: (version: string) => string,
  compare: (a: string, b: string) => number,
): (version: string) => boolean {
  // Built on the first question: most groups are never asked (see versionFixingAll).
  let table: { listed: Set<string>; ranges: [string, string][][] } | undefined;
  const build = () => {
    const entries = affectedEntries(records, osvEcosystem, name);
    // "0" means "since the first version" and is spelled the same in every ecosystem.
    const order = (a: string, b: string) => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : compare(spell(a), spell(b)));
    const ranges = entries.flatMap((affected) =>
      (affected.ranges ?? [])
        .filter((range) => range.type !== 'GIT')
        .map((range) =>
          range.events
            .flatMap((event) => Object.entries(event).filter(([kind, at]) => ['introduced', 'fixed', 'last_affected'].includes(kind) && at !== ''))
            .sort(([, a], [, b]) => order(a, b)),
        ),
    );
    const listed = new Set(entries.flatMap((affected) => affected.versions ?? []).map(spell));
    return { listed, ranges };
  };
  return (version) => {
    table ??= build();
    if (table.listed.has(version)) return true;
    return table.ranges.some((events) => {
      let affected = false;
      for (const [kind, at] of events) {
        const cmp = at === '0' ? 1 : compare(version, spell(at));
        if (kind === 'introduced' && cmp >= 0) affected = true;
        else if (kind === 'fixed' && cmp >= 0) affected = false;
        else if (kind === 'last_affected' && cmp > 0) affected = false;
      }
      return affected;
    });
  };
}

/** Orders versions with the ecosystem's own rules, falling back to semver, then text. */
export function compareWith(versioning: Versioning | undefined): (a: string, b: string) => number {
  if (versioning) return (a, b) => versioning.compare(a, b);
  return (a, b) => {
    const left = parsedSemver(a);
    const right = parsedSemver(b);
    if (left !== null && right !== null) return left.compare(right);
    return compareText(a, b);
  };
}

/** `1.2.3-rc.1`, `v0.0.0-20220525230936-793ad666bf5e`: anything with a prerelease part. */
export function isPrerelease(version: string): boolean {
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

/** What one vulnerability group of a package version says about upgrading it. */
export interface GroupFix {
  /** Fixed versions above the current one, ascending. */
  fixedAbove: readonly string[];
  /** Whether the group's records say a version is affected. */
  affects: (version: string) => boolean;
}

/**
 * The lowest version that fixes every group of one package version: among the
 * fixed versions any group names above `current`, the lowest that the
 * allowlist accepts, that is at or above each group's lowest fixed version
 * and that no group's ranges say is affected. Releases are preferred to
 * prereleases, as in adviseFix. Undefined when a group has no fix above
 * `current` or no candidate qualifies.
 */
export function versionFixingAll(
  groups: readonly GroupFix[],
  compare: (a: string, b: string) => number,
  accepts: (version: string) => boolean,
): string | undefined {
  const floors: string[] = [];
  for (const group of groups) {
    const lowest = group.fixedAbove[0];
    if (lowest === undefined) return undefined;
    floors.push(lowest);
  }
  const candidates = [...new Set(groups.flatMap((g) => g.fixedAbove))].sort(compare);
  const qualifies = (v: string) => accepts(v) && floors.every((floor) => compare(v, floor) >= 0) && !groups.some((g) => g.affects(v));
  return candidates.filter((v) => !isPrerelease(v)).find(qualifies) ?? candidates.filter((v) => isPrerelease(v)).find(qualifies);
}
