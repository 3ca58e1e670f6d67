/**
 * Scanning a tree for vulnerable dependencies, independent of any policy
 * verdict: run osv-scanner, then turn each of its vulnerability groups for
 * each package version into one VulnerableDependency with severity, fixed
 * versions, a recommended version and the line that declares the package.
 *
 * The `vulns` check applies thresholds and ignores on top of this; the
 * advisor calls it on two trees to say which vulnerabilities a change fixes
 * or introduces.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { discoverManifests, ecosystems as registry } from '../../ecosystems/index.js';
import { InputError } from '../../model/errors.js';
import type { SourceLocation, VulnerabilityDetails } from '../../model/finding.js';
import type { EcosystemId } from '../../ecosystems/types.js';
import { aliasRecordsOf, completeGroups, loadDatabase, missingAliasIds, namesOf, readDatabaseRecords, recordsById, type LoadedDatabase } from './alias-records.js';
import { adviseFix, affectsVersion, compareWith, fixedVersionsOf, versionFixingAll, type FixStatus, type GroupFix, type VersionAcceptor } from './fixes.js';
import { ecosystemIdOf, LocationIndex, type EcosystemLookup } from './locations.js';
import type { OsvGroup, OsvOutput, OsvRecord } from './osv-output.js';
import { excludeGlob, runScanner, type LocatedScanner } from './osv-scanner.js';
import { groupSeverity, type SeveritySource } from './severity.js';
import { compareText } from '../../model/text-order.js';

/** One vulnerability group affecting one package version. */
export interface VulnerableDependency {
  /** Repository-relative file osv-scanner read the package from (go.mod, package-lock.json). */
  source: string;
  /** The line declaring the package (see locations.ts); file-level when unknown. */
  location: SourceLocation;
  details: VulnerabilityDetails;
  /** Ids of the OSV records osv-scanner grouped, sorted. */
  ids: string[];
  /** Where the severity came from: a CVSS vector, a GitHub rating, or nothing. */
  severitySource: SeveritySource;
  /** The alias record (a GHSA id) the severity was taken from, when the group's own records carry none. */
  severityAlias?: string;
  fixStatus: FixStatus;
  /**
   * When the package version has several vulnerability groups: the lowest
   * version the allowlist accepts that fixes all of them, and how many there are.
   */
  packageFix?: { version: string; vulnerabilities: number };
  /** For Go's standard library: the go.mod directive its version comes from (`go 1.20`). */
  goDirective?: string;
  /** Whether the manifest lists the package itself (false: only pulled in by another package); unknown when not located. */
  direct?: boolean;
}

/** Everything one scan found, sorted by source, ecosystem, package, version and id. */
export interface VulnerabilityReport {
  scanner: LocatedScanner;
  offline: boolean;
  /** Repository-relative files with at least one vulnerable package, sorted (osv-scanner lists no others). */
  sources: string[];
  vulnerabilities: VulnerableDependency[];
  /** Informational lines, such as "no packages found". */
  notes: string[];
}

export interface ScanOptions {
  /** `--osv-scanner <path>`; else `OSV_SCANNER`, else PATH. */
  scanner?: string | undefined;
  /** Environment for lookup and for the scanner process (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Offline database directory; online when absent. */
  offlineDb?: string | undefined;
  offlineDbDeclaredAt?: SourceLocation | undefined;
  timeoutMs?: number | undefined;
  /** Repository-relative directories to scan (default `.`). */
  paths?: readonly string[] | undefined;
  pathsDeclaredAt?: SourceLocation | undefined;
  /** Repository-relative globs of directories to skip (`test/fixtures`, `**\/testdata`). */
  exclude?: readonly string[] | undefined;
  excludeDeclaredAt?: SourceLocation | undefined;
  /** The dependency allowlist, for the recommended version (default: accepts everything). */
  accepts?: VersionAcceptor | undefined;
  /** Ecosystem parsers used to locate declarations (default: the ecosystem registry). */
  ecosystems?: EcosystemLookup | undefined;
}

/** The ecosystem registry as a lookup. */
export const defaultEcosystemLookup: EcosystemLookup = (id) => registry[id];

/** Scans `root` (absolute) with osv-scanner and describes every vulnerable package version it reports. */
export async function scanVulnerabilities(root: string, options: ScanOptions = {}): Promise<VulnerabilityReport> {
  const paths = options.paths ?? ['.'];
  const targets = paths.map((p) => resolveTarget(root, p, options.pathsDeclaredAt));
  const exclude = (options.exclude ?? []).map((glob) => excludeGlobFor(root, glob, options.excludeDeclaredAt));
  const ecosystems = options.ecosystems ?? defaultEcosystemLookup;
  const locations = new LocationIndex(root, ecosystems);
  // Read while osv-scanner runs; a failure here is retried (and reported) by the lookup after the scan.
  let database: LoadedDatabase | undefined;
  const run = await runScanner({
    targets,
    scanner: { flag: options.scanner, ...(options.env ? { env: options.env } : {}) },
    offlineDb: options.offlineDb,
    offlineDbDeclaredAt: options.offlineDbDeclaredAt,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    exclude,
    whileScanning: async () => {
      // Reading that would otherwise follow the scan: the manifests for line numbers, then, when Go
      // modules are scanned, the Go database's zip for the GHSA aliases its GO advisories are rated by
      // (npm advisories carry their own severity).
      const found = await preloadManifests(root, paths, options.exclude ?? [], locations);
      if (options.offlineDb !== undefined && found.has('go')) {
        database = await loadDatabase(options.offlineDb, ['Go']).catch(() => undefined);
      }
    },
  });
  const notes = run.noPackages
    ? [`osv-scanner found no manifest or lockfile to scan in ${paths.join(', ')}; no dependency was checked for vulnerabilities`]
    : [];
  const extraRecords = options.offlineDb === undefined ? [] : await databaseAliasRecords(run.output, options.offlineDb, database);
  const { sources, vulnerabilities } = describeOutput(run.output, {
    root,
    ecosystems,
    accepts: options.accepts ?? (() => true),
    locations,
    extraRecords,
  });
  return { scanner: run.scanner, offline: options.offlineDb !== undefined, sources, vulnerabilities, notes };
}

/**
 * The records of aliases that groups without a severity of their own name
 * but that the output lacks, read from the offline database (see
 * alias-records.ts). Reads nothing when every such alias is in the output.
 */
export async function databaseAliasRecords(output: OsvOutput, offlineDb: string, preloaded?: LoadedDatabase): Promise<OsvRecord[]> {
  const missing = missingAliasIds(output, recordsById(output));
  return missing.size === 0 ? [] : readDatabaseRecords(offlineDb, missing, preloaded);
}

/**
 * Reads the manifests osv-scanner is likely to report while it runs (it is a
 * separate process, so this uses the other core) and returns their ecosystems.
 * Only a cache: a file it misses is read when a finding needs it, and failures
 * are left to that read.
 */
async function preloadManifests(root: string, paths: readonly string[], exclude: readonly string[], locations: LocationIndex): Promise<Set<EcosystemId>> {
  const found = new Set<EcosystemId>();
  try {
    for (const relative of paths) {
      const base = path.resolve(root, relative);
      const prefix = path.relative(root, base).split(path.sep).join('/');
      // Exclusions are written from the repository root, so they translate only for a scan of the root itself.
      const ignore = prefix === '' ? exclude.map((glob) => `${glob.replace(/\/+$/, '')}/**`) : [];
      for (const candidate of await discoverManifests(base, { ignore })) {
        const file = candidate.lockfile ?? candidate.manifest;
        locations.preload(prefix === '' ? file : `${prefix}/${file}`, candidate.ecosystem);
        found.add(candidate.ecosystem);
      }
    }
  } catch {
    // Discovery problems surface where they matter: in the deps check, or as file-level locations.
  }
  return found;
}

function excludeGlobFor(root: string, glob: string, declaredAt: SourceLocation | undefined): string {
  if (path.posix.isAbsolute(glob) || glob.split('/').includes('..')) {
    throw new InputError(`exclude pattern ${glob} must be relative to the repository root and stay inside it`, {
      ...(declaredAt ? { location: declaredAt } : {}),
      fix: 'write repository-relative directory globs such as test/fixtures or **/testdata',
    });
  }
  return excludeGlob(root, glob);
}

function resolveTarget(root: string, relative: string, declaredAt: SourceLocation | undefined): string {
  const target = path.resolve(root, relative);
  const inside = path.relative(root, target);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new InputError(`scan path ${relative} is outside the repository`, {
      ...(declaredAt ? { location: declaredAt } : {}),
      fix: 'list repository-relative directories in vulnerabilities.paths',
    });
  }
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    throw new InputError(`scan path ${relative} is not a directory in the repository`, {
      ...(declaredAt ? { location: declaredAt } : {}),
      fix: 'fix or remove the entry in vulnerabilities.paths',
    });
  }
  return target;
}

/** Makes an absolute path osv-scanner printed repository-relative with forward slashes. */
function relativeSource(root: string, realRoot: string, file: string): string {
  for (const base of [root, realRoot]) {
    const relative = path.relative(base, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return file.split(path.sep).join('/');
}

/**
 * Turns osv-scanner's JSON into VulnerableDependency entries: one per group
 * per package version. Records that no group names get a group of their own,
 * so nothing osv-scanner reported can be dropped.
 *
 * A group whose records carry no severity borrows one from its alias records
 * found anywhere in the output or in `extraRecords` (read from the offline
 * database by databaseAliasRecords).
 */
export function describeOutput(
  output: OsvOutput,
  context: {
    root: string;
    ecosystems: EcosystemLookup;
    accepts: VersionAcceptor;
    locations?: LocationIndex;
    extraRecords?: readonly OsvRecord[];
  },
): { sources: string[]; vulnerabilities: VulnerableDependency[] } {
  const realRoot = safeRealpath(context.root);
  const locations = context.locations ?? new LocationIndex(context.root, context.ecosystems);
  const index = recordsById(output, context.extraRecords);
  const verdicts = new Map<string, GroupVerdict>();
  const packageFixes = new Map<string, string | undefined>();
  const sources = new Set<string>();
  const vulnerabilities: VulnerableDependency[] = [];
  for (const result of output.results) {
    const source = relativeSource(context.root, realRoot, result.source.path);
    sources.add(source);
    for (const pkg of result.packages ?? []) {
      const records = pkg.vulnerabilities ?? [];
      const described = completeGroups(pkg.groups ?? [], records).map((group) =>
        describeGroup({
          source,
          ecosystem: pkg.package.ecosystem,
          name: pkg.package.name,
          version: pkg.package.version,
          group,
          records,
          index,
          locations,
          ecosystems: context.ecosystems,
          accepts: context.accepts,
          verdicts,
        }),
      );
      vulnerabilities.push(...withPackageFix(described, packageFixes));
    }
  }
  return { sources: [...sources].sort(), vulnerabilities: vulnerabilities.sort(compareVulnerable) };
}

/** A described group with what the package-level advice needs. */
interface DescribedGroup {
  dependency: VulnerableDependency;
  fix: GroupFix;
  compare: (a: string, b: string) => number;
  accepts: (version: string) => boolean;
}

/**
 * Adds to each group of one package version the version that fixes all of
 * them, when there are several: each group's own recommendation may fix it
 * alone (minimist 0.0.10: 0.2.1 for one advisory, 0.2.4 for another), and
 * following them one by one would take several upgrades. `known` remembers
 * the answers of this scan.
 */
function withPackageFix(groups: readonly DescribedGroup[], known: Map<string, string | undefined>): VulnerableDependency[] {
  const first = groups[0];
  if (first === undefined || groups.length < 2) return groups.map((g) => g.dependency);
  // Like the verdicts, the same package version with the same groups gets the same advice in every manifest.
  const { ecosystem, packageName, packageVersion } = first.dependency.details;
  const key = [ecosystem, packageName, packageVersion, ...groups.map((g) => g.dependency.ids.join(' '))].join('\u0000');
  let version = known.get(key);
  if (!known.has(key)) {
    version = versionFixingAll(
      groups.map((g) => g.fix),
      first.compare,
      first.accepts,
    );
    known.set(key, version);
  }
  if (version === undefined) return groups.map((g) => g.dependency);
  return groups.map((g) => ({ ...g.dependency, packageFix: { version, vulnerabilities: groups.length } }));
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** GHSA ids first (they carry severities and are what GitHub shows), then GO, then the rest. */
const idPreference = [/^GHSA-/i, /^GO-/i, /^CVE-/i];

/** The id a group is reported under, by the gate and the advisor alike. */
export function preferredId(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  for (const pattern of idPreference) {
    const hit = sorted.find((id) => pattern.test(id));
    if (hit !== undefined) return hit;
  }
  return sorted[0] ?? '';
}

/** What a group says about one package version wherever it is declared: everything but the location. */
interface GroupVerdict {
  /** The group's ids in code-unit order. */
  ids: readonly string[];
  details: VulnerabilityDetails;
  severitySource: SeveritySource;
  severityAlias: string | undefined;
  fixStatus: FixStatus;
  advice: Omit<DescribedGroup, 'dependency'>;
}

function describeGroup(input: {
  source: string;
  ecosystem: string;
  name: string;
  version: string;
  group: OsvGroup;
  /** The package's records; the group's own are picked out only when its verdict is not known yet. */
  records: readonly OsvRecord[];
  /** Every record known to the scan, by id, for the severity of aliases. */
  index: ReadonlyMap<string, OsvRecord>;
  locations: LocationIndex;
  ecosystems: EcosystemLookup;
  accepts: VersionAcceptor;
  /**
   * Verdicts already reached in this output, by package version and group:
   * a monorepo declares the same package version in many manifests, and
   * osv-scanner repeats the same records for each.
   */
  verdicts: Map<string, GroupVerdict>;
}): DescribedGroup {
  const { ecosystem, name, group } = input;
  const ecosystemId = ecosystemIdOf(ecosystem);
  const isStdlib = ecosystemId === 'go' && name === 'stdlib';
  // Go modules are spelled with a leading v, as in go.mod and the allowlist; the standard library is not.
  const spell = ecosystemId === 'go' && !isStdlib ? (v: string) => (v.startsWith('v') ? v : `v${v}`) : (v: string) => v;
  const goDirective = isStdlib ? input.locations.goDirective(input.source) : undefined;
  // osv-scanner prints the stdlib version with an assumed patch (1.20 → 1.20.99) but matches the directive's version.
  const version = goDirective?.version ?? spell(input.version);
  const key = `${ecosystem}\u0000${name}\u0000${version}\u0000${group.ids.join('\u0000')}`;
  let verdict = input.verdicts.get(key);
  if (verdict === undefined) {
    // Fields named one by one: spreading `input` made an object V8 could not keep fast (a third of describing).
    verdict = judgeGroup({
      ecosystem,
      name,
      group,
      records: input.records.filter((r) => group.ids.includes(r.id)),
      index: input.index,
      ecosystems: input.ecosystems,
      accepts: input.accepts,
      ecosystemId,
      isStdlib,
      spell,
      version,
    });
    input.verdicts.set(key, verdict);
  }

  const declared = input.locations.locate(input.source, ecosystem, name, input.version);
  const dependency: VulnerableDependency = {
    source: input.source,
    location: declared.location,
    details: { ...verdict.details, aliases: [...verdict.details.aliases], fixedVersions: [...verdict.details.fixedVersions] },
    ids: [...verdict.ids],
    severitySource: verdict.severitySource,
    ...(verdict.severityAlias === undefined ? {} : { severityAlias: verdict.severityAlias }),
    fixStatus: verdict.fixStatus,
    ...(goDirective === undefined ? {} : { goDirective: goDirective.text }),
    ...(declared.direct === undefined ? {} : { direct: declared.direct }),
  };
  return { dependency, ...verdict.advice };
}

/** The source-independent part of describeGroup: ids, summary, severity and fixes. */
function judgeGroup(input: {
  ecosystem: string;
  name: string;
  group: OsvGroup;
  records: OsvRecord[];
  index: ReadonlyMap<string, OsvRecord>;
  ecosystems: EcosystemLookup;
  accepts: VersionAcceptor;
  ecosystemId: EcosystemId | undefined;
  isStdlib: boolean;
  spell: (version: string) => string;
  version: string;
}): GroupVerdict {
  const { ecosystem, name, group, records, ecosystemId, isStdlib, spell, version } = input;
  const id = preferredId(group.ids);
  const names = namesOf(group, records);
  const aliasRecords = aliasRecordsOf(group, records, input.index, names);
  names.delete(id);
  const primary = records.find((r) => r.id === id) ?? records[0];
  const summary = primary?.summary ?? firstLine(primary?.details) ?? records.map((r) => r.summary).find(Boolean) ?? '';
  const { severity, score, source: severitySource, alias: severityAlias } = groupSeverity(records, aliasRecords);

  const versioning = ecosystemId === undefined ? undefined : input.ecosystems(ecosystemId)?.versioning;
  const compare = isStdlib
    ? compareWith(versioning === undefined ? undefined : { ...versioning, compare: (a, b) => versioning.compare(`v${a}`, `v${b}`) })
    : compareWith(versioning);
  // The allowlist governs modules, not the Go toolchain.
  const accepts = (candidate: string) => isStdlib || ecosystemId === undefined || input.accepts(ecosystemId, name, candidate);
  const fix = adviseFix(fixedVersionsOf(records, ecosystem, name).map(spell), version, compare, accepts);
  return {
    ids: [...group.ids].sort(compareText),
    details: {
      id,
      aliases: [...names].sort(compareText),
      summary,
      ...(score === undefined ? {} : { score }),
      severity,
      ecosystem,
      packageName: name,
      packageVersion: version,
      fixedVersions: fix.fixedVersions,
      ...(fix.recommendedVersion === undefined ? {} : { recommendedVersion: fix.recommendedVersion }),
    },
    severitySource,
    severityAlias,
    fixStatus: fix.status,
    advice: {
      fix: {
        fixedAbove: fix.fixedVersions.filter((v) => compare(v, version) > 0),
        affects: affectsVersion(records, ecosystem, name, spell, compare),
      },
      compare,
      accepts,
    },
  };
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  return line?.trim();
}

function compareVulnerable(a: VulnerableDependency, b: VulnerableDependency): number {
  return (
    compareText(a.source, b.source) ||
    compareText(a.details.ecosystem, b.details.ecosystem) ||
    compareText(a.details.packageName, b.details.packageName) ||
    compareText(a.details.packageVersion, b.details.packageVersion) ||
    compareText(a.details.id, b.details.id)
  );
}
