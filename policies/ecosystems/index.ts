/**
 * The ecosystem registry (one explicit, sorted map, like Renovate's
 * manager/api.ts) and manifest discovery for the checks that read
 * dependencies from a working tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { InputError } from '../model/errors.js';
import { goEcosystem } from './go/index.js';
import { npmEcosystem } from './npm/index.js';
import type { Ecosystem, EcosystemId, ParsedManifest, SourceFile } from './types.js';

export type { Dependency, Ecosystem, EcosystemId, ParsedManifest, SourceFile, Versioning } from './types.js';

/** Every ecosystem, by id, in id order. */
export const ecosystems: Readonly<Record<EcosystemId, Ecosystem>> = {
  go: goEcosystem,
  npm: npmEcosystem,
};

/** Ecosystem ids in registry order (for help text and validation). */
export const ecosystemIds: readonly EcosystemId[] = Object.keys(ecosystems).sort() as EcosystemId[];

export function isEcosystemId(value: string): value is EcosystemId {
  return Object.hasOwn(ecosystems, value);
}

/** A manifest found in the tree, with the lockfile beside it (if any). Paths are repository-relative, forward slashes. */
export interface ManifestCandidate {
  ecosystem: EcosystemId;
  manifest: string;
  lockfile?: string;
}

export interface DiscoverOptions {
  /** Only these ecosystems (default: all). */
  ecosystems?: readonly EcosystemId[];
  /** Repository-relative globs (picomatch) of manifests to leave out, e.g. `test/fixtures/**`. */
  ignore?: readonly string[];
}

/**
 * Directories never searched, following the go tool's `./...` rules (names
 * starting with `.` or `_`, `testdata`), plus vendored and installed code.
 */
export function isSkippedDirectory(name: string): boolean {
  return name === 'node_modules' || name === 'vendor' || name === 'testdata' || name.startsWith('.') || name.startsWith('_');
}

function manifestFileNames(selected: readonly Ecosystem[]): Map<string, Ecosystem> {
  const byName = new Map<string, Ecosystem>();
  for (const ecosystem of selected) {
    for (const pattern of ecosystem.manifestPatterns) byName.set(posix.basename(pattern), ecosystem);
  }
  return byName;
}

/**
 * Finds every manifest under `root` in one directory walk (symlinks are not
 * followed). A nested go.mod is its own module and is found like any other.
 * Sorted by path.
 */
export async function discoverManifests(root: string, options: DiscoverOptions = {}): Promise<ManifestCandidate[]> {
  const selected = (options.ecosystems ?? ecosystemIds).map((id) => ecosystems[id]);
  const byName = manifestFileNames(selected);
  const ignored = options.ignore && options.ignore.length > 0 ? picomatch([...options.ignore], { dot: true }) : undefined;
  const found: ManifestCandidate[] = [];

  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(relative === '' ? root : join(root, relative), { withFileTypes: true });
    } catch (error) {
      throw new InputError(`cannot read directory ${relative === '' ? '.' : relative}: ${(error as Error).message}`, {
        location: { file: relative === '' ? '.' : relative },
        fix: 'Make the repository readable, or run from its root.',
        cause: error,
      });
    }
    const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    for (const name of files) {
      const ecosystem = byName.get(name);
      if (!ecosystem) continue;
      const manifest = relative === '' ? name : `${relative}/${name}`;
      if (ignored?.(manifest)) continue;
      const lockfileName = ecosystem.lockfileNames.find((candidate) => files.has(candidate));
      found.push({
        ecosystem: ecosystem.id,
        manifest,
        ...(lockfileName ? { lockfile: relative === '' ? lockfileName : `${relative}/${lockfileName}` } : {}),
      });
    }
    const subdirectories = entries.filter((e) => e.isDirectory() && !isSkippedDirectory(e.name));
    await Promise.all(subdirectories.map((e) => walk(relative === '' ? e.name : `${relative}/${e.name}`)));
  };

  await walk('');
  return found.sort((a, b) => (a.manifest < b.manifest ? -1 : a.manifest > b.manifest ? 1 : a.ecosystem.localeCompare(b.ecosystem)));
}

// Files open at once while loading manifests: enough to keep the disk busy, far below common descriptor limits.
const readConcurrency = 64;

/** Maps `items` through `task` with at most `limit` tasks in flight, keeping the input order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads a repository-relative file; a missing or unreadable file is an InputError. */
export async function readSourceFile(root: string, path: string): Promise<SourceFile> {
  try {
    return { path, text: await readFile(join(root, path), 'utf8') };
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`, {
      location: { file: path },
      fix: 'Make sure the file exists and is readable.',
      cause: error,
    });
  }
}

/**
 * Discovers and parses every manifest under `root`. Manifests a lockfile
 * covers (npm workspace members) are parsed with their root, not on their
 * own. Throws InputError for any manifest that cannot be parsed. Sorted by
 * manifest path.
 */
export async function loadManifests(root: string, options: DiscoverOptions = {}): Promise<ParsedManifest[]> {
  const candidates = await discoverManifests(root, options);
  const loaded = await mapWithLimit(candidates, readConcurrency, async (candidate) => ({
    candidate,
    manifest: await readSourceFile(root, candidate.manifest),
    lockfile: candidate.lockfile ? await readSourceFile(root, candidate.lockfile) : undefined,
  }));
  const byPath = new Map(loaded.map((item) => [`${item.candidate.ecosystem}:${item.candidate.manifest}`, item]));

  // Members covered by a lockfile higher up are parsed as part of that root.
  const covered = new Set<string>();
  const relatedOf = new Map<string, string[]>();
  for (const item of loaded) {
    const ecosystem = ecosystems[item.candidate.ecosystem];
    const related = ecosystem.relatedManifests?.(item.manifest, item.lockfile) ?? [];
    relatedOf.set(`${ecosystem.id}:${item.candidate.manifest}`, related);
    for (const path of related) covered.add(`${ecosystem.id}:${path}`);
  }

  const parsed: ParsedManifest[] = [];
  for (const item of loaded) {
    const key = `${item.candidate.ecosystem}:${item.candidate.manifest}`;
    if (covered.has(key) && !item.lockfile) continue;
    const related: SourceFile[] = [];
    for (const path of relatedOf.get(key) ?? []) {
      const found = byPath.get(`${item.candidate.ecosystem}:${path}`);
      if (found) related.push(found.manifest);
    }
    parsed.push(ecosystems[item.candidate.ecosystem].parse(item.manifest, item.lockfile, related));
  }
  return parsed;
}
