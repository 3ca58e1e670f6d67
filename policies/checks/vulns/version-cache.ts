/**
 * A small on-disk memory of osv-scanner versions already verified, so that
 * `osv-scanner --version` (a second Go process start, ~50 ms of CPU that
 * competes with the scan itself) runs once per installed binary instead of on
 * every check.
 *
 * An entry is keyed by the binary's real path and holds what identifies the
 * file on disk: device, inode, size, modification and change times (in
 * nanoseconds). Reinstalling, rebuilding, replacing or touching the binary
 * changes at least one of them (the change time cannot be set back by an
 * ordinary program), so a replaced binary is asked again. Only supported
 * versions are remembered; every failure is re-checked, so error messages are
 * the same with or without the cache. Concurrent checks may each write the
 * file; the last rename wins and at worst one entry is forgotten.
 *
 * The cache is an optimisation and nothing else: an unreadable, corrupt or
 * unwritable cache file means asking the binary, never a failed check.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { userCacheDirectory, writeFileAtomically } from './user-cache.js';

/** Format of the cache file; a file in any other format is ignored and rewritten. */
const cacheFormat = 1;

/** At most this many binaries are remembered (the most recently verified win); keeps the file small. */
const maxEntries = 16;

/** What identifies one binary on disk. */
interface FileIdentity {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

interface CacheEntry extends FileIdentity {
  version: string;
}

interface CacheFile {
  format: typeof cacheFormat;
  /** By real path, in order of verification (oldest first). */
  entries: Record<string, CacheEntry>;
}

/**
 * The cache file: `$XDG_CACHE_HOME/goldenpath/osv-scanner-versions.json`, else
 * `~/.cache/goldenpath/osv-scanner-versions.json`.
 */
export function versionCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDirectory(env), 'osv-scanner-versions.json');
}

/** A binary as found on disk: its real path (the cache key) and what identifies the file there. */
export interface ScannerIdentity {
  key: string;
  file: FileIdentity;
}

/**
 * Identifies the binary at `file`, or undefined when it cannot be examined.
 * Taken before the binary is asked for its version, so that a binary replaced
 * while it answers is remembered under the old identity and asked again.
 */
export async function scannerIdentity(file: string): Promise<ScannerIdentity | undefined> {
  try {
    const key = await realpath(file);
    const info = await stat(key, { bigint: true });
    return {
      key,
      file: {
        dev: String(info.dev),
        ino: String(info.ino),
        size: String(info.size),
        mtimeNs: String(info.mtimeNs),
        ctimeNs: String(info.ctimeNs),
      },
    };
  } catch {
    return undefined;
  }
}

function sameFile(entry: CacheEntry, identity: FileIdentity): boolean {
  return (
    entry.dev === identity.dev &&
    entry.ino === identity.ino &&
    entry.size === identity.size &&
    entry.mtimeNs === identity.mtimeNs &&
    entry.ctimeNs === identity.ctimeNs
  );
}

function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs', 'version'].every((field) => typeof entry[field] === 'string');
}

async function readCache(cacheFile: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(cacheFile, 'utf8')) as Partial<CacheFile> | null;
    if (parsed?.format !== cacheFormat || typeof parsed.entries !== 'object') return { format: cacheFormat, entries: {} };
    const entries: Record<string, CacheEntry> = {};
    for (const [key, entry] of Object.entries(parsed.entries)) {
      if (isCacheEntry(entry)) entries[key] = entry;
    }
    return { format: cacheFormat, entries };
  } catch {
    return { format: cacheFormat, entries: {} };
  }
}

/**
 * The remembered version of the binary when the same file (same real path and
 * identity) was verified before and the version still satisfies `accepts`;
 * undefined otherwise.
 */
export async function cachedScannerVersion(
  scanner: ScannerIdentity,
  accepts: (version: string) => boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const entry = (await readCache(versionCachePath(env))).entries[scanner.key];
  return entry !== undefined && sameFile(entry, scanner.file) && accepts(entry.version) ? entry.version : undefined;
}

/**
 * Remembers that the binary, as identified before it was asked, reported the
 * supported `version`. The cache file is replaced atomically (write, then
 * rename), so concurrent checks read the old or the new cache, never half of one.
 */
export async function rememberScannerVersion(scanner: ScannerIdentity, version: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cacheFile = versionCachePath(env);
  try {
    const cache = await readCache(cacheFile);
    const { [scanner.key]: _previous, ...others } = cache.entries;
    const kept = Object.entries(others).slice(-(maxEntries - 1));
    const next: CacheFile = { format: cacheFormat, entries: { ...Object.fromEntries(kept), [scanner.key]: { ...scanner.file, version } } };
    // Through a private file per write: two checks in one process (the advisor scans base and head) may write at once.
    writeFileAtomically(cacheFile, `${JSON.stringify(next, null, 2)}\n`);
  } catch {
    // Not remembered: the next check asks the binary again.
  }
}
