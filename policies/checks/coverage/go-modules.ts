import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { compareText } from '../../model/text-order.js';

/** A Go module and the repository directory holding its go.mod (`.` for the root). */
export interface GoModule {
  modulePath: string;
  dir: string;
}

// Directories the go command itself ignores, plus dependency trees that can hold thousands of go.mod files.
const skipped = new Set(['node_modules', 'vendor', 'testdata']);

/**
 * Every go.mod under `root`, read for its module path, plus the explicit
 * `coverage.modules` mapping (which wins), sorted by module path.
 */
export function findGoModules(root: string, explicit: Record<string, string>): GoModule[] {
  const modules = new Map<string, string>();
  enclosingModule(root, modules);
  walk(root, '', modules);
  for (const [modulePath, dir] of Object.entries(explicit)) modules.set(modulePath, normaliseDir(dir));
  return [...modules.entries()]
    .map(([modulePath, dir]) => ({ modulePath, dir }))
    .sort((a, b) => compareText(a.modulePath, b.modulePath));
}

/**
 * When the checked root is a directory inside a Go module (goldenpath run on one
 * service of a larger module), the module's go.mod is above it: map the import
 * path of the root itself to `.`. Stops at the repository's top (a `.git` entry).
 */
function enclosingModule(root: string, modules: Map<string, string>): void {
  if (existsSync(path.join(root, 'go.mod')) || existsSync(path.join(root, '.git'))) return;
  for (let dir = path.dirname(root), depth = 0; dir !== path.dirname(dir) && depth < 20; dir = path.dirname(dir), depth++) {
    const goMod = path.join(dir, 'go.mod');
    if (existsSync(goMod)) {
      const modulePath = parseModulePath(readFileSync(goMod, 'utf8'));
      const inside = path.relative(dir, root).split(path.sep).join('/');
      if (modulePath !== undefined) modules.set(`${modulePath}/${inside}`, '.');
      return;
    }
    if (existsSync(path.join(dir, '.git'))) return;
  }
}

// Synchronous on purpose: a monorepo has thousands of directories, and an awaited readdir per
// directory spends most of its time waiting for the event loop, not the disk.
function walk(root: string, relative: string, modules: Map<string, string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return; // unreadable directories hold no module we could map to anyway
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name === 'go.mod') {
      const modulePath = parseModulePath(readFileSync(path.join(root, relative, entry.name), 'utf8'));
      if (modulePath !== undefined) modules.set(modulePath, relative === '' ? '.' : relative);
    } else if (entry.isDirectory() && !skipped.has(entry.name) && !entry.name.startsWith('.') && !entry.name.startsWith('_')) {
      walk(root, relative === '' ? entry.name : `${relative}/${entry.name}`, modules);
    }
  }
}

/** The module path of a go.mod (`module example.com/m`, possibly quoted). */
export function parseModulePath(goMod: string): string | undefined {
  const match = /^\s*module\s+(?:"([^"]+)"|(\S+))/m.exec(goMod);
  return match?.[1] ?? match?.[2];
}

/** Module path → directory, for lookups by prefix. */
export type ModuleIndex = ReadonlyMap<string, string>;

export function indexModules(modules: readonly GoModule[]): ModuleIndex {
  return new Map(modules.map(({ modulePath, dir }) => [modulePath, dir]));
}

/**
 * Maps a Go import path of a file to its repository path; undefined when no
 * module claims it. Tries the path's prefixes from the longest, one map lookup
 * each, so a monorepo with thousands of modules costs no more than one module.
 */
export function goPathToRepository(importPath: string, modules: ModuleIndex): string | undefined {
  for (let slash = importPath.lastIndexOf('/'); slash > 0; slash = importPath.lastIndexOf('/', slash - 1)) {
    const dir = modules.get(importPath.slice(0, slash));
    if (dir !== undefined) {
      const rest = importPath.slice(slash + 1);
      return dir === '.' ? rest : `${dir}/${rest}`;
    }
  }
  return undefined;
}

function normaliseDir(dir: string): string {
  const normal = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}
