/**
 * package.json + package-lock.json → dependencies.
 *
 * Every non-link `node_modules/…` entry of the lockfile is a dependency; it is
 * direct when the root package or a workspace member declares it (found the
 * way Node resolves it from the declaring folder), and then points at the
 * declaring package.json line; transitive ones point at their lockfile entry.
 * `npm:` aliases are reported under the real package name.
 */
import { posix } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { SourceLocation } from '../../model/finding.js';
import type { Dependency, ParsedManifest, SourceFile } from '../types.js';
import type { LockEntry, Lockfile } from './lockfile.js';
import { installedName, lockfileDocument, parseLockfile, resolveInstallPath } from './lockfile.js';
import type { DeclaredDependency, PackageJson } from './package-json.js';
import { parsePackageJson } from './package-json.js';
import { isJsonObject } from './json-source.js';

function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

function joinPath(folder: string, path: string): string {
  return posix.normalize(folder === '' ? path : `${folder}/${path}`);
}

function isWorkspaceFolder(path: string): boolean {
  return path !== '' && !path.startsWith('../') && !hasNodeModulesSegment(path);
}

/** Whether a `/`-separated path has a `node_modules` segment (called for every lockfile key, so without splitting). */
function hasNodeModulesSegment(path: string): boolean {
  return path === 'node_modules' || path.startsWith('node_modules/') || path.endsWith('/node_modules') || path.includes('/node_modules/');
}

/** Workspace member folders of a lockfile, relative to the lockfile (`packages/web`), sorted. */
export function workspaceFolders(lockfile: Lockfile): string[] {
  return [...lockfile.entries.keys()].filter(isWorkspaceFolder).sort();
}

/**
 * The related package.json files a lockfile covers: its workspace members'.
 * Reads only the `packages` keys; parseLockfile reuses the parse when it
 * reads the same lockfile next (see lockfileDocument).
 */
export function relatedPackageJsons(_manifest: SourceFile, lockfile: SourceFile | undefined): string[] {
  if (!lockfile) return [];
  let document: unknown;
  try {
    document = lockfileDocument(lockfile);
  } catch {
    // parse() reports the syntax error with its position.
    return [];
  }
  const packages = isJsonObject(document) ? document.packages : undefined;
  if (!isJsonObject(packages)) return [];
  const folder = folderOf(lockfile.path);
  return Object.keys(packages)
    .filter(isWorkspaceFolder)
    .sort()
    .map((member) => joinPath(folder, `${member}/package.json`));
}

interface Declarer {
  /** Folder relative to the lockfile; `''` for the root package. */
  folder: string;
  /** Repository-relative package.json path. */
  manifest: string;
  declared: DeclaredDependency[];
}

function dependencyFromEntry(entry: LockEntry, base: Omit<Dependency, 'ecosystem' | 'name' | 'version'>): Dependency {
  const installed = installedName(entry.path) ?? entry.path;
  const name = entry.name ?? installed;
  return {
    ecosystem: 'npm',
    name,
    version: entry.version ?? '',
    ...base,
    ...(entry.dev ? { dev: true } : {}),
    ...(entry.optional || entry.devOptional ? { optional: true } : {}),
    ...(entry.peer ? { peer: true } : {}),
    ...(name !== installed ? { alias: installed } : {}),
  };
}

/**
 * Parses a package.json with its lockfile (and the package.json files of its
 * workspace members, when given) into dependencies. Without a lockfile only
 * a package that declares nothing can be checked; otherwise it is an
 * InputError, because versions cannot be known.
 */
export function parseNpmManifest(manifest: SourceFile, lockfileSource: SourceFile | undefined, related: readonly SourceFile[] = []): ParsedManifest {
  const root = parsePackageJson(manifest);
  if (!lockfileSource) {
    const first = root.declared[0];
    if (!first) return { ecosystem: 'npm', manifest: manifest.path, dependencies: [] };
    throw new InputError('package.json declares dependencies but has no package-lock.json beside it, so installed versions are unknown', {
      location: { file: manifest.path, ...(first.position ?? { line: 1 }) },
      fix: 'Run `npm install --package-lock-only` and commit package-lock.json.',
    });
  }
  const lockfile = parseLockfile(lockfileSource);
  const lockFolder = folderOf(lockfileSource.path);
  const relatedByPath = new Map(related.map((file) => [file.path, file]));

  const members = workspaceFolders(lockfile);
  const memberSet = new Set(members);
  const declarers: Declarer[] = [{ folder: '', manifest: manifest.path, declared: root.declared }];
  for (const member of members) {
    const memberPath = joinPath(lockFolder, `${member}/package.json`);
    const memberFile = relatedByPath.get(memberPath);
    const entry = lockfile.entries.get(member);
    let parsed: PackageJson | undefined;
    if (memberFile) parsed = parsePackageJson(memberFile);
    const declared: DeclaredDependency[] =
      parsed?.declared ?? (entry?.declared ?? []).map((d) => ({ ...d, position: undefined }));
    // Without the member's package.json, its declarations are located at its lockfile entry.
    const fallback = entry?.position;
    declarers.push({
      folder: member,
      manifest: memberFile ? memberPath : lockfileSource.path,
      declared: declared.map((d) => (d.position || !fallback ? d : { ...d, position: fallback })),
    });
  }

  const dependencies: Dependency[] = [];
  const directEntries = new Set<string>();
  for (const declarer of declarers) {
    for (const declaration of declarer.declared) {
      const entry = resolveInstallPath(lockfile.entries, declarer.folder, declaration.name);
      const location: SourceLocation = { file: declarer.manifest, ...(declaration.position ?? { line: 1 }) };
      if (!entry) {
        // Peer and optional dependencies may legitimately be absent (not installed, other platform).
        if (declaration.field === 'peerDependencies' || declaration.field === 'optionalDependencies') continue;
        throw new InputError(`"${declaration.name}" is declared in ${declaration.field} but missing from ${lockfileSource.path}`, {
          location,
          fix: 'The lockfile is out of date: run `npm install --package-lock-only` and commit package-lock.json.',
        });
      }
      directEntries.add(entry.path);
      if (entry.link) {
        if (memberSet.has(entry.resolved ?? '')) continue;
        dependencies.push({ ...dependencyFromEntry(entry, { direct: true, manifest: declarer.manifest, location }), version: '', local: true });
        continue;
      }
      dependencies.push(dependencyFromEntry(entry, { direct: true, manifest: declarer.manifest, location }));
    }
  }

  for (const entry of lockfile.entries.values()) {
    if (directEntries.has(entry.path) || entry.link || installedName(entry.path) === undefined) continue;
    const location: SourceLocation = { file: lockfileSource.path, ...(entry.position ?? { line: 1 }) };
    dependencies.push(dependencyFromEntry(entry, { direct: false, manifest: manifest.path, location }));
  }
  return { ecosystem: 'npm', manifest: manifest.path, dependencies };
}
