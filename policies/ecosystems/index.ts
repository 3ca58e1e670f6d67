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
import { isNeverSearched, isSkippedDirectoryFor } from './skipped-folders.js';
import type { Ecosystem, EcosystemId, ParsedManifest, SourceFile } from './types.js';
import { compareText } from '../model/text-order.js';

export type { Dependency, Ecosystem, EcosystemId, ParsedManifest, SourceFile, Versioning } from './types.js';
export { isSkippedDirectory, isSkippedDirectoryFor } from './skipped-folders.js';

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

/** A manifest discovery found but left out because its ecosystem does not search the folder it is in. */
export interface SkippedManifest {
  ecosystem: EcosystemId;
  /** Repository-relative path of the manifest. */
  manifest: string;
  /** The outermost folder (repository-relative) the ecosystem skips, e.g. `_examples` or `services/api/testdata`. */
  folder: string;
}

export interface DiscoverOptions {
  /** Only these ecosystems (default: all). */
  ecosystems?: readonly EcosystemId[];
  /** Repository-relative globs (picomatch) of manifests to leave out, e.g. `test/fixtures/**`. */
  ignore?: readonly string[];
  /**
   * Receives each manifest left out by a folder rule (see skipped-folders.ts)
   * rather than by `ignore`, so callers can say what they did not check. Only
   * folders another selected ecosystem searches are walked, so this is not a
   * complete list: a go.mod under `.github/` is reported when npm is selected too.
   */
  onSkipped?: (skipped: SkippedManifest) => void;
}

function manifestFileNames(selected: readonly Ecosystem[]): Map<string, Ecosystem> {
  const byName = new Map<string, Ecosystem>();
  for (const ecosystem of selected) {
    for (const pattern of ecosystem.manifestPatterns) byName.set(posix.basename(pattern), ecosystem);
  }
  return byName;
}

const byPath = (a: { manifest: string; ecosystem: string }, b: { manifest: string; ecosystem: string }): number =>
  compareText(a.manifest, b.manifest) || compareText(a.ecosystem, b.ecosystem);

/**
 * Finds every manifest under `root` in one directory walk (symlinks are not
 * followed). A nested go.mod is its own module and is found like any other.
 * Each ecosystem skips its own folders (skipped-folders.ts): Go the ones
 * `go ./...` skips, npm only installed, vendored and test-data folders.
 * Sorted by path.
 */
export async function discoverManifests(root: string, options: DiscoverOptions = {}): Promise<ManifestCandidate[]> {
  const selected = (options.ecosystems ?? ecosystemIds).map((id) => ecosystems[id]);
  const byName = manifestFileNames(selected);
  const ignored = options.ignore && options.ignore.length > 0 ? picomatch([...options.ignore], { dot: true }) : undefined;
  const found: ManifestCandidate[] = [];
  const skipped: SkippedManifest[] = [];

  // `skippedAt` maps each ecosystem that does not search this folder to the outermost folder that made it so.
  const walk = async (relative: string, skippedAt: ReadonlyMap<EcosystemId, string>): Promise<void> => {
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
      const folder = skippedAt.get(ecosystem.id);
      if (folder !== undefined) {
        skipped.push({ ecosystem: ecosystem.id, manifest, folder });
        continue;
      }
      const lockfileName = ecosystem.lockfileNames.find((candidate) => files.has(candidate));
      found.push({
        ecosystem: ecosystem.id,
        manifest,
        ...(lockfileName ? { lockfile: relative === '' ? lockfileName : `${relative}/${lockfileName}` } : {}),
      });
    }
    const subdirectories = entries.filter((e) => e.isDirectory() && !isNeverSearched(e.name));
    await Promise.all(
      subdirectories.map((e) => {
        const path = relative === '' ? e.name : `${relative}/${e.name}`;
        const inner = new Map(skippedAt);
        for (const ecosystem of selected) {
          if (!inner.has(ecosystem.id) && isSkippedDirectoryFor(ecosystem.id, e.name)) inner.set(ecosystem.id, path);
        }
        // A folder every selected ecosystem skips is not entered at all.
        if (selected.every((ecosystem) => inner.has(ecosystem.id))) return Promise.resolve();
        return walk(path, inner);
      }),
    );
  };

  await walk('', new Map());
  if (options.onSkipped) for (const item of skipped.sort(byPath)) options.onSkipped(item);
  return found.sort(byPath);
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
