/**
 * Offline OSV databases: finding the per-ecosystem `all.zip` files in the
 * layout the user gave us and presenting them in the layout the installed
 * osv-scanner reads.
 *
 * osv-scanner up to v2.4 opens `<base>/osv-scanner/<Ecosystem>/all.zip`; from
 * v2.5 matching moved into osv-scalibr and it opens
 * `<base>/osv-scalibr/<Ecosystem>/all.zip`. Users may also hold the zips flat,
 * as `<dir>/<Ecosystem>/all.zip` (the shape osv.dev publishes). We accept all
 * three and, when the needed layout is not already on disk, build it in a
 * temporary directory out of symlinks, so nothing in the user's folder changes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import type { SourceLocation } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';

/** The two cache layouts, newest first. */
export const databaseLayouts = ['osv-scalibr', 'osv-scanner'] as const;
export type DatabaseLayout = (typeof databaseLayouts)[number];

/** A database ready to hand to osv-scanner: `--local-db-path <base>`. */
export interface PreparedDatabase {
  base: string;
  /** Ecosystem folder names found (`Go`, `npm`), sorted. */
  ecosystems: string[];
  /** The layouts `base` serves. */
  layouts: DatabaseLayout[];
  /** Removes the temporary layout, if one was made. */
  cleanup(): Promise<void>;
}

/** The layout a given osv-scanner version reads (v2.5 moved matching into osv-scalibr). */
export function layoutFor(scannerVersion: string): DatabaseLayout {
  return semver.valid(scannerVersion) !== null && semver.lt(scannerVersion, '2.5.0') ? 'osv-scanner' : 'osv-scalibr';
}

/** Ecosystem folders directly under `dir` that hold an `all.zip`. */
function ecosystemsIn(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && isFile(path.join(dir, e.name, 'all.zip')))
    .map((e) => e.name)
    .sort();
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/**
 * Checks that `dir` holds an offline database and returns the base directory
 * to pass to osv-scanner, laying the zips out in a temporary directory when
 * `dir` is not already in the layout `scannerVersion` reads.
 *
 * Throws InputError naming the paths it looked for when there is no database,
 * so a typo in the path never turns into an online scan or an empty result.
 *
 * The file operations are synchronous on purpose: they are a handful of tiny
 * ones on the way to starting osv-scanner, and every asynchronous round trip
 * through the thread pool would cost more than the operation and delay the scan.
 */
export async function prepareOfflineDatabase(
  dir: string,
  scannerVersion: string,
  declaredAt?: SourceLocation,
): Promise<PreparedDatabase> {
  const layout = layoutFor(scannerVersion);
  const fix =
    `point it at a directory holding ${path.join(dir, layout, '<Ecosystem>', 'all.zip')} or ${path.join(dir, '<Ecosystem>', 'all.zip')} ` +
    `(for example Go/all.zip and npm/all.zip from https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip)`;
  if (!isDirectory(dir)) {
    throw new InputError(`the offline vulnerability database ${dir} does not exist or is not a directory`, {
      ...(declaredAt ? { location: declaredAt } : {}),
      fix,
    });
  }

  const native = ecosystemsIn(path.join(dir, layout));
  if (native.length > 0) {
    const layouts = databaseLayouts.filter((l) => l === layout || existsSync(path.join(dir, l)));
    return { base: dir, ecosystems: native, layouts, cleanup: () => Promise.resolve() };
  }

  // Not in the needed layout: gather zips from the other layout or the flat shape.
  const other = databaseLayouts.find((l) => l !== layout) ?? layout;
  const candidates = [path.join(dir, other), dir];
  let source: string | undefined;
  let ecosystems: string[] = [];
  for (const candidate of candidates) {
    ecosystems = ecosystemsIn(candidate);
    if (ecosystems.length > 0) {
      source = candidate;
      break;
    }
  }
  if (source === undefined) {
    throw new InputError(
      `no offline vulnerability database in ${dir}: found neither ${path.join(dir, layout, '<Ecosystem>', 'all.zip')}, ` +
        `${path.join(dir, other, '<Ecosystem>', 'all.zip')} nor ${path.join(dir, '<Ecosystem>', 'all.zip')}`,
      { ...(declaredAt ? { location: declaredAt } : {}), fix },
    );
  }

  const base = mkdtempSync(path.join(tmpdir(), 'goldenpath-osv-db-'));
  const cleanup = () => {
    rmSync(base, { recursive: true, force: true });
    return Promise.resolve();
  };
  try {
    for (const eco of ecosystems) {
      // Both layouts, so the same temporary base serves any v2 release.
      for (const l of databaseLayouts) {
        mkdirSync(path.join(base, l, eco), { recursive: true });
        symlinkSync(path.resolve(source, eco, 'all.zip'), path.join(base, l, eco, 'all.zip'));
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { base, ecosystems, layouts: [...databaseLayouts], cleanup };
}
