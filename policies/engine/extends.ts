/**
 * Resolves `extends:` into the ordered list of layers to merge: bases
 * depth-first, earlier entries before later ones, each extending file after
 * its bases. Entries are local files (relative to the extending file) or npm
 * packages installed in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../model/errors.js';
import { loadPolicyLayer, positionIn, type PolicyLayer } from './load-policy.js';
import { validateHeader } from './header.js';

export interface LayerSource {
  file: string;
  displayFile: string;
  /** Inline text instead of reading `file` (tests). */
  text?: string;
}

/** Loads the entry policy and everything it extends, base-first. */
export function resolveLayers(entry: LayerSource, root: string): PolicyLayer[] {
  const ordered: PolicyLayer[] = [];
  const done = new Set<string>();
  visit(entry, root, [], ordered, done);
  return ordered;
}

function visit(source: LayerSource, root: string, chain: readonly PolicyLayer[], ordered: PolicyLayer[], done: Set<string>): void {
  const layer = loadPolicyLayer(source.file, source.displayFile, source.text);
  validateHeader(layer);
  const bases = Array.isArray(layer.value.extends) ? (layer.value.extends as string[]) : [];
  const nextChain = [...chain, layer];
  for (const [index, specifier] of bases.entries()) {
    const where = positionIn(layer, ['extends', index], 'value');
    const file = resolveSpecifier(specifier, layer, root, where);
    const cycleStart = nextChain.findIndex((item) => item.file === file);
    if (cycleStart !== -1) {
      const names = [...nextChain.slice(cycleStart).map((item) => item.displayFile), displayName(file, root)];
      throw new InputError(`extends cycle: ${names.join(' -> ')}`, {
        location: where,
        fix: 'remove one of the extends entries so the policies form a chain, not a loop',
      });
    }
    // A base reached twice through different paths (a diamond) is applied once, at its first position.
    if (done.has(file)) continue;
    visit({ file, displayFile: displayName(file, root) }, root, nextChain, ordered, done);
  }
  done.add(layer.file);
  ordered.push(layer);
}

function resolveSpecifier(specifier: string, layer: PolicyLayer, root: string, where: ReturnType<typeof positionIn>): string {
  if (isLocalSpecifier(specifier)) {
    const file = path.resolve(path.dirname(layer.file), specifier);
    if (!existsSync(file)) {
      throw new InputError(`extends: "${specifier}" not found (looked for ${displayName(file, root)})`, {
        location: where,
        fix: 'correct the path; local entries are relative to the file that extends them',
      });
    }
    return file;
  }
  return resolvePackagePolicy(specifier, root, where);
}

function isLocalSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || path.isAbsolute(specifier) || /\.ya?ml$/i.test(specifier);
}

/**
 * Finds an npm package's policy: the file named by the `goldenpath` field of
 * its package.json, else `goldenpath.yaml` at the package root. The package is
 * looked up the way Node would from the repository root, but by folder rather
 * than through `exports`, which policy packages rarely declare.
 */
function resolvePackagePolicy(name: string, root: string, where: ReturnType<typeof positionIn>): string {
  const require = createRequire(path.join(root, 'package.json'));
  const searchPaths = require.resolve.paths(name) ?? [];
  const packageDir = searchPaths.map((dir) => path.join(dir, name)).find((dir) => existsSync(path.join(dir, 'package.json')));
  if (!packageDir) {
    throw new InputError(`extends: package "${name}" is not installed in this repository`, {
      location: where,
      fix: `add it with "npm install --save-dev ${name}", or correct the name`,
    });
  }
  let field: unknown;
  try {
    field = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { goldenpath?: unknown }).goldenpath;
  } catch (error) {
    throw new InputError(`extends: cannot read the package.json of "${name}"`, { location: where, fix: 'reinstall the package', cause: error });
  }
  const file = path.resolve(packageDir, typeof field === 'string' ? field : 'goldenpath.yaml');
  if (!existsSync(file)) {
    throw new InputError(`extends: package "${name}" has no policy file (looked for ${displayName(file, root)})`, {
      location: where,
      fix: 'publish the policy as goldenpath.yaml at the package root, or name it in the "goldenpath" field of its package.json',
    });
  }
  return file;
}

/**
 * How a policy file is named in findings and errors: relative to the repository
 * root with forward slashes, like every other location, also when it lies
 * outside the root (`../org/policy.yaml`). Reporters place locations under the
 * root (SARIF's `%SRCROOT%`), and a root-relative reference still resolves to
 * the right file there, where an absolute machine path would be wrong on any
 * other machine. Only a file on another drive (Windows) has no relative form;
 * it is named by its file name.
 */
export function displayName(file: string, root: string): string {
  const relative = path.relative(root, file);
  if (relative === '') return path.basename(file);
  if (path.isAbsolute(relative)) return path.basename(file);
  return relative.split(path.sep).join('/');
}
