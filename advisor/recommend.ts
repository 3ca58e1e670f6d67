/**
 * The version to recommend for a changed dependency: the highest candidate
 * the allowlist accepts that no known advisory affects. Candidates are the
 * head version and every fixed version the advisories name, so the advice
 * works offline; nothing asks a registry for newer releases.
 */
import semver from 'semver';
import type { OsvRecord } from '../policies/checks/vulns/osv-output.js';
import type { EcosystemId } from '../policies/ecosystems/types.js';
import { fromSemver, toSemver } from './versions.js';

/** OSV ecosystem names as osv-scanner writes them. */
const osvEcosystemName: Record<EcosystemId, string> = { go: 'Go', npm: 'npm' };

/** The semver spelling of an OSV event version (`0` opens a range at the beginning of time). */
function eventVersion(ecosystem: EcosystemId, value: string): string | null {
  return value === '0' ? '0.0.0-0' : toSemver(ecosystem, value);
}

/**
 * Whether `version` lies in an OSV range: events in version order, `introduced`
 * opens it, `fixed` closes it before that version and `last_affected` after.
 */
function inRange(ecosystem: EcosystemId, events: readonly Record<string, string>[], version: string): boolean {
  const ordered = events
    .flatMap((e) =>
      Object.entries(e).flatMap(([kind, value]) => {
        const v = eventVersion(ecosystem, value);
        return v === null ? [] : [{ kind, v }];
      }),
    )
    .sort((a, b) => semver.compare(a.v, b.v));
  let affected = false;
  for (const event of ordered) {
    if (event.kind === 'introduced' && semver.lte(event.v, version)) affected = true;
    else if (event.kind === 'fixed' && semver.lte(event.v, version)) affected = false;
    else if (event.kind === 'last_affected' && semver.lt(event.v, version)) affected = false;
  }
  return affected;
}

/** Whether any of the advisories affects `name@version`. Versions it cannot read count as affected (fail closed). */
export function isAffected(records: readonly OsvRecord[], ecosystem: EcosystemId, name: string, version: string): boolean {
  const v = toSemver(ecosystem, version);
  if (v === null) return true;
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      if (affected.package?.name !== name) continue;
      if (affected.package.ecosystem !== undefined && affected.package.ecosystem.split(':')[0] !== osvEcosystemName[ecosystem]) continue;
      if ((affected.versions ?? []).some((listed) => toSemver(ecosystem, listed) === v)) return true;
      for (const range of affected.ranges ?? []) {
        if ((range.type === 'SEMVER' || range.type === 'ECOSYSTEM') && inRange(ecosystem, range.events, v)) return true;
      }
    }
  }
  return false;
}

/**
 * The highest of the head version and the advisories' fixed versions that
 * `accepts` allows and no advisory affects, or undefined when none qualifies.
 */
export function recommendVersion(options: {
  ecosystem: EcosystemId;
  name: string;
  head: string;
  records: readonly OsvRecord[];
  accepts: (version: string) => boolean;
}): string | undefined {
  const { ecosystem, name, head, records } = options;
  const candidates = new Map<string, string>();
  const headSemver = toSemver(ecosystem, head);
  if (headSemver !== null) candidates.set(headSemver, head);
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      if (affected.package?.name !== name) continue;
      for (const range of affected.ranges ?? []) {
        for (const event of range.events) {
          const fixed = event.fixed === undefined ? null : toSemver(ecosystem, event.fixed);
          if (fixed !== null && !candidates.has(fixed)) candidates.set(fixed, fromSemver(ecosystem, fixed));
        }
      }
    }
  }
  const ordered = [...candidates.entries()].sort(([a], [b]) => semver.rcompare(a, b));
  for (const [, spelled] of ordered) {
    if (options.accepts(spelled) && !isAffected(records, ecosystem, name, spelled)) return spelled;
  }
  return undefined;
}
