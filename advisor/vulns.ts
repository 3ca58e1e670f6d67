/**
 * Vulnerabilities of each side of a pull request, and their difference.
 *
 * For each commit only the manifests and lockfiles are written to a fresh
 * temporary folder (from git objects) and scanned there with the same
 * osv-scanner adapter the `vulns` gate uses, so nothing else from the pull
 * request ever touches the disk.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedVersionsOf, compareWith } from '../policies/checks/vulns/fixes.js';
import { ecosystemIdOf } from '../policies/checks/vulns/locations.js';
import type { OsvGroup, OsvOutput, OsvRecord } from '../policies/checks/vulns/osv-output.js';
import { runScanner } from '../policies/checks/vulns/osv-scanner.js';
import { aliasRecordsOf, recordsById } from '../policies/checks/vulns/alias-records.js';
import { databaseAliasRecords, preferredId } from '../policies/checks/vulns/scan.js';
import { groupSeverity } from '../policies/checks/vulns/severity.js';
import type { Ecosystem } from '../policies/ecosystems/types.js';
import type { GitRepository } from './git.js';
import type { VulnerabilityRef } from './model.js';
import { compareText } from '../policies/model/text-order.js';

/** How to run osv-scanner (`--osv-scanner`, `--offline-db`, the policy's `vulnerabilities.timeout`). */
export interface ScanSettings {
  scannerPath?: string;
  offlineDb?: string;
  timeoutMs?: number;
}

/** What a scan of one side found: flattened vulnerabilities, and the advisories per package for recommendations. */
export interface ScanResult {
  vulnerabilities: VulnerabilityRef[];
  /** OSV records by `${ecosystem}\0${package}`. */
  advisories: Map<string, OsvRecord[]>;
}

export const emptyScan = (): ScanResult => ({ vulnerabilities: [], advisories: new Map() });

/** Scans the given files of one commit; returns an empty result without running the scanner when `files` is empty. */
export type SideScanner = (commit: string, files: readonly string[]) => Promise<ScanResult>;

/** The real scanner: git objects to a temporary folder, osv-scanner over it. */
export function osvSideScanner(git: GitRepository, settings: ScanSettings, ecosystems: readonly Ecosystem[]): SideScanner {
  return async (commit, files) => {
    if (files.length === 0) return emptyScan();
    const dir = await mkdtemp(path.join(tmpdir(), 'goldenpath-advise-'));
    try {
      for (const file of files) {
        const text = await git.readFile(commit, file);
        if (text === undefined) continue;
        // Paths come from git trees: normalised, relative, no `..`; still, refuse anything escaping the folder.
        const target = path.resolve(dir, file);
        if (!target.startsWith(dir + path.sep)) continue;
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      const run = await runScanner({
        targets: [dir],
        ...(settings.offlineDb === undefined ? {} : { offlineDb: settings.offlineDb }),
        ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
        scanner: settings.scannerPath === undefined ? {} : { flag: settings.scannerPath },
      });
      // Go advisories often carry no CVSS; the gate rates them from their GHSA aliases, and so must the advisor.
      const extra = settings.offlineDb === undefined ? [] : await databaseAliasRecords(run.output, settings.offlineDb);
      return scanResultOf(run.output, ecosystems, extra);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** Flattens osv-scanner output into one entry per (package, version, group), keeping the records per package. */
export function scanResultOf(output: OsvOutput, ecosystems: readonly Ecosystem[], extraRecords: readonly OsvRecord[] = []): ScanResult {
  const index = recordsById(output, extraRecords);
  const out = new Map<string, VulnerabilityRef>();
  const advisories = new Map<string, OsvRecord[]>();
  for (const result of output.results) {
    for (const pkg of result.packages ?? []) {
      const ecosystem = ecosystemIdOf(pkg.package.ecosystem);
      if (ecosystem === undefined) continue;
      const records = new Map<string, OsvRecord>((pkg.vulnerabilities ?? []).map((r) => [r.id, r]));
      const packageKey = `${ecosystem}\u0000${pkg.package.name}`;
      const known = advisories.get(packageKey) ?? [];
      for (const record of records.values()) if (!known.some((k) => k.id === record.id)) known.push(record);
      advisories.set(packageKey, known);
      const groups: OsvGroup[] = pkg.groups ?? (pkg.vulnerabilities ?? []).map((r) => ({ ids: [r.id] }));
      for (const group of groups) {
        const members = group.ids.map((id) => records.get(id)).filter((r): r is OsvRecord => r !== undefined);
        const id = preferredId(group.ids);
        const aliases = [...new Set([...group.ids, ...(group.aliases ?? []), ...members.flatMap((m) => m.aliases ?? [])])]
          .filter((a) => a !== id)
          .sort();
        const versioning = ecosystems.find((e) => e.id === ecosystem)?.versioning;
        const fixed = fixedVersionsOf(members, pkg.package.ecosystem, pkg.package.name).sort(compareWith(versioning));
        const summary = members.map((m) => m.summary ?? '').find((s) => s !== '') ?? '';
        const key = `${ecosystem}\u0000${pkg.package.name}\u0000${pkg.package.version}\u0000${id}`;
        const rated = groupSeverity(members, aliasRecordsOf(group, members, index));
        out.set(key, {
          id,
          aliases,
          summary,
          severity: rated.severity,
          ...(rated.score === undefined ? {} : { score: rated.score }),
          ecosystem,
          packageName: pkg.package.name,
          packageVersion: pkg.package.version,
          fixedVersions: fixed,
        });
      }
    }
  }
  return { vulnerabilities: [...out.values()].sort(compareVulns), advisories };
}

export function compareVulns(a: VulnerabilityRef, b: VulnerabilityRef): number {
  return (
    compareText(a.ecosystem, b.ecosystem) ||
    compareText(a.packageName, b.packageName) ||
    compareText(a.packageVersion, b.packageVersion) ||
    compareText(a.id, b.id)
  );
}

/** Every id a vulnerability is known by, for matching across the two sides. */
function idsOf(v: VulnerabilityRef): string[] {
  return [v.id, ...v.aliases];
}

/**
 * Vulnerabilities only the base has (fixed) and only the head has
 * (introduced), compared by package and vulnerability id (any alias counts, so
 * a regrouped advisory is not reported as both fixed and introduced).
 */
export function diffVulnerabilities(
  base: readonly VulnerabilityRef[],
  head: readonly VulnerabilityRef[],
): { fixed: VulnerabilityRef[]; introduced: VulnerabilityRef[] } {
  const index = (list: readonly VulnerabilityRef[]): Set<string> =>
    new Set(list.flatMap((v) => idsOf(v).map((id) => `${v.ecosystem}\u0000${v.packageName}\u0000${id}`)));
  const inBase = index(base);
  const inHead = index(head);
  const has = (set: Set<string>, v: VulnerabilityRef): boolean =>
    idsOf(v).some((id) => set.has(`${v.ecosystem}\u0000${v.packageName}\u0000${id}`));
  return {
    fixed: base.filter((v) => !has(inHead, v)),
    introduced: head.filter((v) => !has(inBase, v)),
  };
}

