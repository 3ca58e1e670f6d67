/**
 * goldenpath's folder in the user's cache, for what the gate keeps between
 * runs: verified osv-scanner versions (version-cache.ts), osv-scanner's
 * config file and offline databases laid out for it (osv-scanner.ts,
 * offline-db.ts). Everything in it can be deleted at any time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `$XDG_CACHE_HOME/goldenpath`, else `~/.cache/goldenpath`. */
export function userCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG base directory spec says relative values are invalid and must be ignored.
  const home = env.HOME !== undefined && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(base, 'goldenpath');
}

/** A name beside `target` that no other writer (process or concurrent call) uses. */
export function privateSibling(target: string): string {
  return `${target}.${String(process.pid)}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Writes `text` to `file` atomically (a private sibling, then a rename), so
 * concurrent readers see the old or the new content, never half of it.
 * Throws when the folder cannot be written.
 */
export function writeFileAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = privateSibling(file);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
