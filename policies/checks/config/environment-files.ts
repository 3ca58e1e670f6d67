/**
 * Finds each environment's config files. A path may be a glob
 * (`services/*\/config/prod.yaml`), so one policy can govern many services:
 * files are grouped by what the wildcards matched (`services/a/config/dev.yaml`
 * and `services/a/config/prod.yaml` form the group `a`), and each group is
 * checked on its own.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { InputError } from '../../model/errors.js';
import type { EnvironmentSpec } from './compile.js';
import { compareText } from '../../model/text-order.js';

/** One group of environment files: the same service in every environment. */
export interface EnvironmentGroup {
  /** What the wildcards matched, joined with `/`; empty without wildcards. */
  key: string;
  /** Environment name → repository-relative file, in policy order. */
  files: Map<string, string>;
}

interface Match {
  file: string;
  captures: string[];
}

/** Directories a `**` never descends into: dependencies and VCS data are never environment config. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export const isGlob = (pattern: string): boolean => pattern.split('/').some((segment) => picomatch.scan(segment).isGlob);

/** Groups every environment's files; throws InputError when a glob matches nothing or a group lacks an environment. */
export async function findEnvironmentFiles(root: string, environments: readonly EnvironmentSpec[]): Promise<EnvironmentGroup[]> {
  const groups = new Map<string, Map<string, string>>();
  for (const env of environments) {
    const matches = isGlob(env.file) ? await expand(root, env.file) : [{ file: env.file, captures: [] }];
    if (matches.length === 0) {
      throw new InputError(`no file matches the config path of environment "${env.name}": ${env.file}`, {
        location: env.declaredAt,
        fix: 'correct the path or glob under config.environments',
      });
    }
    for (const match of matches) {
      const key = match.captures.join('/');
      const group = groups.get(key) ?? new Map<string, string>();
      group.set(env.name, match.file);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => compareText(a, b));
  for (const [key, files] of sorted) {
    for (const env of environments) {
      if (files.has(env.name)) continue;
      const [otherEnv, otherFile] = [...files.entries()][0] ?? ['', ''];
      throw new InputError(`environment "${env.name}" has no config file for ${key}: ${otherEnv} has ${otherFile}, but nothing matches ${env.file}`, {
        location: env.declaredAt,
        fix: `add the ${env.name} config file for ${key}, or narrow the globs under config.environments`,
      });
    }
  }
  return sorted.map(([key, files]) => ({ key, files }));
}

/** Expands a glob one path segment at a time, so only directories on the pattern's path are read. */
async function expand(root: string, pattern: string): Promise<Match[]> {
  const segments = pattern.split('/');
  let matches: Match[] = [{ file: '', captures: [] }];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (!picomatch.scan(segment).isGlob) {
      matches = matches.map((match) => ({ file: join(match.file, segment), captures: match.captures }));
      continue;
    }
    const next: Match[] = [];
    if (segment === '**') {
      for (const match of matches) {
        for (const dir of await directoriesUnder(root, match.file)) {
          next.push({ file: dir, captures: [...match.captures, dir.slice(match.file.length).replace(/^\//, '')] });
        }
      }
    } else {
      const isMatch = picomatch(segment);
      for (const match of matches) {
        for (const entry of await entriesOf(root, match.file)) {
          if (!isMatch(entry.name) || (last ? !entry.isFile() : !entry.isDirectory())) continue;
          next.push({ file: join(match.file, entry.name), captures: [...match.captures, entry.name] });
        }
      }
    }
    matches = next;
  }
  // Literal segments after the last wildcard were not read from disk; keep the paths that are files.
  const exists = await Promise.all(matches.map((match) => isFile(path.join(root, match.file))));
  return matches.filter((_, index) => exists[index]);
}

const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

async function entriesOf(root: string, dir: string): Promise<Dirent[]> {
  try {
    return await readdir(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
}

/** `dir` itself and every directory below it, except SKIPPED_DIRECTORIES. */
async function directoriesUnder(root: string, dir: string): Promise<string[]> {
  const found = [dir];
  for (const entry of await entriesOf(root, dir)) {
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) found.push(...(await directoriesUnder(root, join(dir, entry.name))));
  }
  return found;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
