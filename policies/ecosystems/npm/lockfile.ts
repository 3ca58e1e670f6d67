/**
 * package-lock.json (and npm-shrinkwrap.json) v2/v3: the `packages` map from
 * install path (`node_modules/a/node_modules/b`, `packages/web`) to what is
 * installed there, with the line of each entry.
 */
import { InputError } from '../../model/errors.js';
import type { SourceFile } from '../types.js';
import type { JsonPosition, JsonSource } from './json-source.js';
import { isJsonObject, parseJsonSource } from './json-source.js';
import { dependencyFields } from './package-json.js';
import type { DependencyField } from './package-json.js';

/** One entry of the lockfile's `packages` map. */
export interface LockEntry {
  /** The key: an install path relative to the lockfile's folder; `''` is the root package. */
  path: string;
  /** The real package name (differs from the folder name for `npm:` aliases). */
  name: string | undefined;
  version: string | undefined;
  /** A symlink to a folder (workspace member or `file:` dependency); `resolved` is the target path. */
  link: boolean;
  resolved: string | undefined;
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  /** Declared dependencies of folder entries (the root and workspace members carry their package.json's). */
  declared: { name: string; spec: string; field: DependencyField }[];
  position: JsonPosition | undefined;
}

export interface Lockfile {
  path: string;
  lockfileVersion: number;
  entries: Map<string, LockEntry>;
}

const regenerate = 'Regenerate the lockfile with npm >= 7: `npm install --package-lock-only`.';

/**
 * The lockfile relatedPackageJsons has just parsed for its workspace members,
 * kept for a parseLockfile call that follows it with the same text
 * (LocationIndex reads a lockfile that way while osv-scanner runs), so the
 * document is parsed once. At most one is held, and the parse that uses it
 * lets it go.
 */
let parsedForMembers: { text: string; source: JsonSource } | undefined;

/** The lockfile's JSON document; throws InputError when it is not JSON. Kept for the parseLockfile call that follows. */
export function lockfileDocument(file: SourceFile): unknown {
  const source = parseJsonSource(file.text, file.path, regenerate);
  parsedForMembers = { text: file.text, source };
  return source.value;
}

/** Parses a v2/v3 lockfile. Throws InputError for v1 lockfiles and malformed input. */
export function parseLockfile(file: SourceFile): Lockfile {
  const kept = parsedForMembers?.text === file.text ? parsedForMembers.source : undefined;
  parsedForMembers = undefined;
  const source = kept ?? parseJsonSource(file.text, file.path, regenerate);
  const fail = (message: string, position: JsonPosition | undefined, fix = regenerate): never => {
    throw new InputError(message, { location: { file: file.path, ...(position ?? { line: 1 }) }, fix });
  };
  const root = source.value;
  if (!isJsonObject(root)) return fail('a lockfile must be a JSON object', undefined);
  const version = root.lockfileVersion;
  if (version === 1) {
    return fail('lockfileVersion 1 is not supported (it has no `packages` map)', source.keyPosition(['lockfileVersion']), 'Regenerate the lockfile with npm >= 7 (`npm install --package-lock-only`), which writes lockfileVersion 3.');
  }
  if (version !== 2 && version !== 3) {
    return fail(`unsupported lockfileVersion ${JSON.stringify(version)} (expected 2 or 3)`, source.keyPosition(['lockfileVersion']));
  }
  const packages = root.packages;
  if (!isJsonObject(packages)) return fail('the lockfile has no "packages" object', source.keyPosition(['packages']));
  const positions = source.keyPositions(['packages']);
  const entries = new Map<string, LockEntry>();
  for (const [path, raw] of Object.entries(packages)) {
    if (!isJsonObject(raw)) return fail(`"packages.${path}" must be an object`, positions.get(path));
    const declared: LockEntry['declared'] = [];
    for (const field of dependencyFields) {
      const map = raw[field];
      if (!isJsonObject(map)) continue;
      for (const [name, spec] of Object.entries(map)) {
        if (typeof spec === 'string') declared.push({ name, spec, field });
      }
    }
    entries.set(path, {
      path,
      name: typeof raw.name === 'string' ? raw.name : undefined,
      version: typeof raw.version === 'string' ? raw.version : undefined,
      link: raw.link === true,
      resolved: typeof raw.resolved === 'string' ? raw.resolved : undefined,
      dev: raw.dev === true,
      optional: raw.optional === true,
      devOptional: raw.devOptional === true,
      peer: raw.peer === true,
      declared,
      position: positions.get(path),
    });
  }
  return { path: file.path, lockfileVersion: version, entries };
}

/** The package name installed at a `node_modules` path (`a/node_modules/@s/b` → `@s/b`), or undefined for folders. */
export function installedName(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  return path.slice(at + 'node_modules/'.length);
}

/**
 * Where Node's resolution finds `name` when required from the package at
 * `from`: `from/node_modules/name`, then each ancestor's `node_modules`.
 */
export function resolveInstallPath(entries: ReadonlyMap<string, LockEntry>, from: string, name: string): LockEntry | undefined {
  let folder = from;
  for (;;) {
    const candidate = folder === '' ? `node_modules/${name}` : `${folder}/node_modules/${name}`;
    const entry = entries.get(candidate);
    if (entry) return entry;
    if (folder === '') return undefined;
    // Step out of `…/node_modules/<name>` (scoped names span two segments) or one plain folder.
    const nested = folder.lastIndexOf('/node_modules/');
    if (folder.startsWith('node_modules/') && nested === -1) {
      folder = '';
    } else if (nested !== -1 && /^(?:@[^/]+\/)?[^/]+$/.test(folder.slice(nested + '/node_modules/'.length))) {
      folder = folder.slice(0, nested);
    } else {
      const slash = folder.lastIndexOf('/');
      folder = slash === -1 ? '' : folder.slice(0, slash);
    }
  }
}
