/**
 * Records of a group's aliases that osv-scanner did not put in the group.
 *
 * osv-scanner embeds, for each package, only the records that affect that
 * package. A Go advisory for the standard library names its GitHub advisory
 * as an alias, but that GHSA record lists golang.org/x/net, so the group
 * arrives without it and without a severity. Its severity is still known:
 * the record is often embedded elsewhere in the same output (under the
 * module it names), and otherwise it sits in the offline database. This
 * module finds such records so severity.ts can fall back to them.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { InputError } from '../../model/errors.js';
import { databaseLayouts } from './offline-db.js';
import type { OsvGroup, OsvOutput, OsvRecord, OsvSeverity } from './osv-output.js';
import { compareText } from '../../model/text-order.js';

/** Every record in osv-scanner's output, by id (the same record may be embedded under several packages). */
export function recordsById(output: OsvOutput, extra: Iterable<OsvRecord> = []): Map<string, OsvRecord> {
  const index = new Map<string, OsvRecord>();
  for (const result of output.results) {
    for (const pkg of result.packages ?? []) {
      for (const record of pkg.vulnerabilities ?? []) if (!index.has(record.id)) index.set(record.id, record);
    }
  }
  for (const record of extra) if (!index.has(record.id)) index.set(record.id, record);
  return index;
}

/**
 * A package's groups as osv-scanner lists them, plus a group of its own for
 * each record no group names, so nothing osv-scanner reported is dropped.
 */
export function completeGroups(groups: readonly OsvGroup[], records: readonly OsvRecord[]): readonly OsvGroup[] {
  const grouped = new Set(groups.flatMap((g) => g.ids));
  const orphans = records.filter((r) => !grouped.has(r.id)).map((r) => ({ ids: [r.id], aliases: r.aliases ?? [] }));
  return orphans.length === 0 ? groups : [...groups, ...orphans];
}

/** Ids a group names (its own and its aliases), as osv-scanner and the records list them. */
export function namesOf(group: OsvGroup, records: readonly OsvRecord[]): Set<string> {
  const names = new Set(group.ids);
  for (const alias of group.aliases ?? []) names.add(alias);
  for (const record of records) for (const alias of record.aliases ?? []) names.add(alias);
  return names;
}

/**
 * The records of a group's aliases that are not members of the group: where
 * its severity falls back to. `names` is namesOf(group, records), when the
 * caller has it already.
 */
export function aliasRecordsOf(
  group: OsvGroup,
  records: readonly OsvRecord[],
  index: ReadonlyMap<string, OsvRecord>,
  names: ReadonlySet<string> = namesOf(group, records),
): OsvRecord[] {
  return [...names]
    .filter((name) => !group.ids.includes(name))
    .sort()
    .flatMap((name) => index.get(name) ?? []);
}

function hasOwnSeverity(record: OsvRecord): boolean {
  return (record.severity ?? []).length > 0 || typeof record.database_specific?.severity === 'string';
}

/**
 * Alias ids, per OSV ecosystem, that groups without any severity of their
 * own name but the output does not contain: the only records worth reading
 * from the database.
 */
export function missingAliasIds(output: OsvOutput, index: ReadonlyMap<string, OsvRecord>): Map<string, Set<string>> {
  const missing = new Map<string, Set<string>>();
  // A monorepo declares the same package version in many manifests and osv-scanner repeats its records under
  // each: a package version with the same records is looked at once (one key per package, where keys per
  // group cost most of this function), and a group's records are the same wherever it appears.
  const seenPackages = new Set<string>();
  const seen = new Set<string>();
  for (const result of output.results) {
    for (const pkg of result.packages ?? []) {
      const records = pkg.vulnerabilities ?? [];
      const packageKey = `${pkg.package.ecosystem}\u0000${pkg.package.name}\u0000${pkg.package.version}\u0000${records.map((r) => r.id).join(' ')}`;
      if (seenPackages.has(packageKey)) continue;
      seenPackages.add(packageKey);
      // The groups the findings are described by (scan.ts), so exactly their aliases are looked for.
      for (const group of completeGroups(pkg.groups ?? [], records)) {
        const key = [pkg.package.ecosystem, ...group.ids, '', ...(group.aliases ?? [])].join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        const own = records.filter((r) => group.ids.includes(r.id));
        if (own.some(hasOwnSeverity)) continue;
        for (const id of namesOf(group, own)) {
          if (index.has(id)) continue;
          const ids = missing.get(pkg.package.ecosystem) ?? new Set<string>();
          ids.add(id);
          missing.set(pkg.package.ecosystem, ids);
        }
      }
    }
  }
  return missing;
}

/**
 * The `all.zip` of one ecosystem in an offline database directory, in any of
 * the layouts offline-db.ts accepts, or undefined when the database has none.
 */
export function ecosystemZip(databaseDir: string, ecosystem: string): string | undefined {
  const candidates = [...databaseLayouts.map((layout) => path.join(databaseDir, layout, ecosystem, 'all.zip')), path.join(databaseDir, ecosystem, 'all.zip')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/** Keeps the fields severity.ts reads, with the types it expects; undefined when the entry is not an OSV record. */
function asRecord(data: unknown, id: string): OsvRecord | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const raw = data as Record<string, unknown>;
  if (raw.id !== id) return undefined;
  const severity = Array.isArray(raw.severity)
    ? raw.severity.filter((s): s is OsvSeverity => typeof s === 'object' && s !== null && typeof (s as OsvSeverity).type === 'string' && typeof (s as OsvSeverity).score === 'string')
    : [];
  const aliases = Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string') : [];
  const specific = typeof raw.database_specific === 'object' && raw.database_specific !== null ? (raw.database_specific as Record<string, unknown>) : undefined;
  return { id, aliases, severity, ...(specific === undefined ? {} : { database_specific: specific }) };
}

/** The record id an entry holds by its name (`GO-2023-1737.json`, also inside a folder), or undefined for other files. */
function recordIdOf(entryName: string): string | undefined {
  return entryName.endsWith('.json') ? path.posix.basename(entryName, '.json') : undefined;
}

/** One ecosystem's zip of an offline database, read into memory. */
interface LoadedZip {
  zip: string;
  bytes: Uint8Array;
}

/** The zips of an offline database by OSV ecosystem name (`Go`, `npm`), read but not yet unpacked. */
export type LoadedDatabase = Map<string, LoadedZip>;

/**
 * Reads the zips of the given ecosystems into memory. Only file reading, so
 * the scan does it while osv-scanner runs without competing for the CPU; the
 * lookup afterwards walks the zip's directory in memory and inflates only the
 * records it needs.
 */
export async function loadDatabase(databaseDir: string, ecosystems: readonly string[]): Promise<LoadedDatabase> {
  const loaded: LoadedDatabase = new Map();
  for (const ecosystem of ecosystems) {
    const zip = ecosystemZip(databaseDir, ecosystem);
    if (zip === undefined) continue;
    try {
      loaded.set(ecosystem, { zip, bytes: await readFile(zip) });
    } catch (error) {
      throw unreadableDatabase(zip, error);
    }
  }
  return loaded;
}

/**
 * Reads the records `wanted` names (OSV ecosystem → ids) from the offline
 * database, inflating only the top-level entries named `<id>.json`; zips not
 * in `preloaded` (read by the scan while osv-scanner ran) are read now. Ids
 * the database lacks are simply absent from the result; an entry osv-scanner
 * would skip (not JSON, another id) is skipped too. Throws InputError when a
 * zip cannot be read, because osv-scanner has just read it and a failure now
 * means the database changed under the scan.
 */
export async function readDatabaseRecords(
  databaseDir: string,
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
  preloaded?: LoadedDatabase,
): Promise<OsvRecord[]> {
  const found: OsvRecord[] = [];
  for (const [ecosystem, ids] of [...wanted].sort(([a], [b]) => compareText(a, b))) {
    if (ids.size === 0) continue;
    const loaded = preloaded?.get(ecosystem) ?? (await loadDatabase(databaseDir, [ecosystem])).get(ecosystem);
    if (loaded === undefined) continue;
    let files: Record<string, Uint8Array>;
    try {
      // fflate walks the central directory and calls the filter per entry; only accepted entries are inflated.
      files = unzipSync(loaded.bytes, { filter: (file) => ids.has(recordIdOf(file.name) ?? '') });
    } catch (error) {
      throw unreadableDatabase(loaded.zip, error);
    }
    for (const [name, bytes] of Object.entries(files)) {
      const id = recordIdOf(name) ?? '';
      let data: unknown;
      try {
        data = JSON.parse(strFromU8(bytes));
      } catch {
        continue;
      }
      const record = asRecord(data, id);
      if (record !== undefined) found.push(record);
    }
  }
  return found.sort((a, b) => compareText(a.id, b.id));
}

function unreadableDatabase(zip: string, error: unknown): InputError {
  return new InputError(`cannot read the offline vulnerability database ${zip}: ${error instanceof Error ? error.message : String(error)}`, {
    fix: 'download the database again (for example https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip) and rerun',
  });
}
