/**
 * Offline OSV databases: finding the per-ecosystem `all.zip` files in the
 * layout the user gave us and presenting them in the layout the installed
 * osv-scanner reads.
 *
 * osv-scanner up to v2.4 opens `<base>/osv-scanner/<Ecosystem>/all.zip`; from
 * v2.5 matching moved into osv-scalibr and it opens
 * `<base>/osv-scalibr/<Ecosystem>/all.zip`. Users may also hold the zips flat,
 * as `<dir>/<Ecosystem>/all.zip` (the shape osv.dev publishes). We accept all
 * three and, when the needed layout is not already on disk, build it out of
 * symlinks elsewhere, so nothing in the user's folder changes: once, in the
 * user cache, where later runs find it (symlinks follow the zips, so an
 * updated database needs no new layout), else in a temporary directory.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import type { SourceLocation } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { privateSibling } from './user-cache.js';

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
  /** Removes the layout if it was made in a temporary directory. */
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
 * to pass to osv-scanner, laying the zips out when `dir` is not already in
 * the layout `scannerVersion` reads: under `cacheDirectory` when given and
 * writable, else in a temporary directory.
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
  cacheDirectory?: string,
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

  const links = layoutLinks(source, ecosystems);
  const layouts = [...databaseLayouts];
  const cached = cacheDirectory === undefined ? undefined : cachedLayout(path.join(cacheDirectory, 'osv-db-layouts'), links, ecosystems);
  if (cached !== undefined) return { base: cached, ecosystems, layouts, cleanup: () => Promise.resolve() };
  const base = mkdtempSync(path.join(tmpdir(), 'goldenpath-osv-db-'));
  const cleanup = () => {
    rmSync(base, { recursive: true, force: true });
    return Promise.resolve();
  };
  try {
    fillLayout(base, links);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { base, ecosystems, layouts, cleanup };
}

/** One symlink of a laid-out database: its path under the base and the zip it points at. */
interface LayoutLink {
  link: string;
  target: string;
}

/** The links of a layout serving both layouts, so the same base serves any v2 release. */
function layoutLinks(source: string, ecosystems: readonly string[]): LayoutLink[] {
  return databaseLayouts.flatMap((layout) => ecosystems.map((eco) => ({ link: path.join(layout, eco, 'all.zip'), target: path.resolve(source, eco, 'all.zip') })));
}

function fillLayout(base: string, links: readonly LayoutLink[]): void {
  for (const { link, target } of links) {
    mkdirSync(path.dirname(path.join(base, link)), { recursive: true });
    symlinkSync(target, path.join(base, link));
  }
}

/** Whether `base` holds exactly these links and ecosystems, nothing missing, redirected or extra. */
function holdsLayout(base: string, links: readonly LayoutLink[], ecosystems: readonly string[]): boolean {
  try {
    const expected = ecosystems.join('\u0000');
    return (
      databaseLayouts.every((layout) => readdirSync(path.join(base, layout)).sort().join('\u0000') === expected) &&
      links.every(({ link, target }) => readlinkSync(path.join(base, link)) === target)
    );
  } catch {
    return false;
  }
}

/**
 * The layout for these links under `layoutsDirectory`, named after what it
 * links to, made on first use. It is built in a private folder and renamed
 * into place, so a concurrent check sees a whole layout or none, and a check
 * that loses the race uses the winner's. A broken one (edited by hand) is
 * moved aside and replaced by two renames in a row, so the name is missing
 * only between them. Undefined when the cache cannot be written: the caller
 * lays the database out in a temporary folder.
 */
function cachedLayout(layoutsDirectory: string, links: readonly LayoutLink[], ecosystems: readonly string[]): string | undefined {
  const key = createHash('sha256').update(JSON.stringify(links)).digest('hex').slice(0, 32);
  const base = path.join(layoutsDirectory, key);
  if (holdsLayout(base, links, ecosystems)) return base;
  const staging = privateSibling(base);
  const leftovers: string[] = [staging];
  try {
    mkdirSync(staging, { recursive: true });
    fillLayout(staging, links);
    // Checked again: a concurrent check may have published it while this one was staging.
    if (existsSync(base) && !holdsLayout(base, links, ecosystems)) {
      const aside = privateSibling(base);
      renameSync(base, aside);
      leftovers.push(aside);
    }
    // Fails when a concurrent check published it since: that layout is used instead.
    renameSync(staging, base);
    pruneLayouts(layoutsDirectory);
  } catch {
    // Another check may have published the same layout first; or the cache cannot be written at all.
  }
  for (const leftover of leftovers) removeQuietly(leftover);
  return holdsLayout(base, links, ecosystems) ? base : undefined;
}

/** Staging and set-aside folders older than this were left by a check that was killed. */
const abandonedAfterMs = 60 * 60 * 1000;

/**
 * Removes what no check will use again, whenever a layout is published (so
 * not on the hot path): layouts whose zips are gone (a database folder that
 * was deleted or moved) and staging folders abandoned by a killed check.
 */
function pruneLayouts(layoutsDirectory: string, now = Date.now()): void {
  for (const entry of readdirSync(layoutsDirectory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(layoutsDirectory, entry.name);
    const stale = entry.name.endsWith('.tmp')
      ? now - statSync(folder).mtimeMs > abandonedAfterMs
      : databaseLayouts.some((layout) => linksDangle(path.join(folder, layout)));
    if (stale) removeQuietly(folder);
  }
}

/** Whether a layout folder's `<Ecosystem>/all.zip` links point at nothing (or the folder is unreadable). */
function linksDangle(layoutFolder: string): boolean {
  try {
    return readdirSync(layoutFolder).some((eco) => !existsSync(path.join(layoutFolder, eco, 'all.zip')));
  } catch {
    return true;
  }
}

function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // Left for the next prune.
  }
}
