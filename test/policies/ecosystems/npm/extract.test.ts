import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { npmVersioning, parseNpmManifest, relatedPackageJsons } from '../../../../policies/ecosystems/npm/index.js';
import type { SourceFile } from '../../../../policies/ecosystems/types.js';
import { InputError } from '../../../../policies/model/errors.js';
import { fixtures } from '../support.js';

const dir = path.join(fixtures, 'npm', 'workspace');
const read = (file: string): SourceFile => ({ path: `web/${file}`, text: readFileSync(path.join(dir, file), 'utf8') });
const manifest = read('package.json');
const lockfile = read('package-lock.json');

function errorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('npm dependencies from package.json and package-lock.json', () => {
  const related = relatedPackageJsons(manifest, lockfile).map((p) => read(p.slice('web/'.length)));
  const deps = parseNpmManifest(manifest, lockfile, related).dependencies;

  it('finds the workspace members the lockfile covers', () => {
    expect(relatedPackageJsons(manifest, lockfile)).toEqual(['web/local-lib/package.json', 'web/packages/api/package.json', 'web/packages/web/package.json']);
  });

  it('points direct dependencies at the declaring package.json line, in the root and in workspace members', () => {
    expect(deps.find((d) => d.name === 'debug')).toMatchObject({ direct: true, version: '2.6.9', location: { file: 'web/package.json', line: 9, column: 5 } });
    expect(deps.find((d) => d.name === 'is-odd')).toMatchObject({ direct: true, manifest: 'web/packages/web/package.json', location: { file: 'web/packages/web/package.json', line: 7 } });
  });

  it('resolves a member dependency as Node does: the member’s own node_modules before the hoisted one', () => {
    const apiMs = deps.find((d) => d.name === 'ms' && d.manifest === 'web/packages/api/package.json');
    expect(apiMs).toMatchObject({ version: '2.0.0', direct: true });
  });

  it('reports npm: aliases under the real package name, with the alias', () => {
    expect(deps.find((d) => d.alias === 'old-number')).toMatchObject({ name: 'is-number', version: '6.0.0', direct: true });
  });

  it('points transitive dependencies, nested ones included, at their lockfile entry', () => {
    const nested = deps.filter((d) => !d.direct);
    expect(nested.map((d) => [d.name, d.version, d.location.line])).toEqual([
      ['ms', '2.0.0', 41],
      ['is-number', '6.0.0', 65],
    ]);
    expect(nested.every((d) => d.location.file === 'web/package-lock.json')).toBe(true);
  });

  it('carries the optional flag and leaves workspace links out', () => {
    expect(deps.find((d) => d.name === 'left-pad')?.optional).toBe(true);
    expect(deps.some((d) => d.name.startsWith('@example/'))).toBe(false);
  });

  it('without member package.json files, locates member declarations at their lockfile entry', () => {
    const alone = parseNpmManifest(manifest, lockfile).dependencies.find((d) => d.name === 'is-odd');
    expect(alone?.location).toMatchObject({ file: 'web/package-lock.json', line: 115 });
  });
});

describe('npm workspace members of a lockfile', () => {
  const lockOf = (keys: string[]): SourceFile => ({
    path: 'app/package-lock.json',
    text: JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(keys.map((k) => [k, { version: '1.0.0' }])) }),
  });

  it('are the folder entries with no node_modules segment, inside the lockfile’s folder', () => {
    const lock = lockOf(['', 'node_modules/a', 'packages/web', 'packages/web/node_modules/b', 'tools/node_modules', 'node_modules', 'packages/node_modules_x', 'x/node_modulesy/z', '../outside']);
    expect(relatedPackageJsons(manifest, lock)).toEqual(['app/packages/node_modules_x/package.json', 'app/packages/web/package.json', 'app/x/node_modulesy/z/package.json']);
  });

  it('come from the lockfile asked about, when several are read one after another', () => {
    const first = lockOf(['', 'packages/a']);
    const second = lockOf(['', 'packages/b']);
    expect(relatedPackageJsons(manifest, first)).toEqual(['app/packages/a/package.json']);
    expect(relatedPackageJsons(manifest, second)).toEqual(['app/packages/b/package.json']);
    expect(relatedPackageJsons(manifest, first)).toEqual(['app/packages/a/package.json']);
  });

  it('are none for a lockfile that is not JSON or whose packages are not an object', () => {
    expect(relatedPackageJsons(manifest, { path: 'app/package-lock.json', text: '{"packages": ' })).toEqual([]);
    expect(relatedPackageJsons(manifest, { path: 'app/package-lock.json', text: '{"lockfileVersion": 3, "packages": ["x"]}' })).toEqual([]);
  });

  it('are read from the same parse that then gives the dependencies, which stay the same', () => {
    const members = ['local-lib', 'packages/api', 'packages/web'].map((member) => read(`${member}/package.json`));
    const fresh = parseNpmManifest(manifest, lockfile, members).dependencies;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(relatedPackageJsons(manifest, lockfile)).toEqual(members.map((m) => m.path));
      const dependencies = parseNpmManifest(manifest, lockfile, members).dependencies;
      expect(dependencies.length).toBeGreaterThan(0);
      expect(parse.mock.calls.filter(([text]) => text === lockfile.text)).toHaveLength(1);
      expect(dependencies).toEqual(fresh);
      // Another lockfile read in between: no stale reuse, the right document is parsed again.
      relatedPackageJsons(manifest, lockOf(['', 'packages/z']));
      expect(parseNpmManifest(manifest, lockfile, members).dependencies).toEqual(fresh);
      expect(parse.mock.calls.filter(([text]) => text === lockfile.text)).toHaveLength(2);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('npm input errors', () => {
  it('rejects lockfileVersion 1 with the fix to regenerate with npm >= 7', () => {
    const error = errorOf(() => parseNpmManifest(manifest, { path: 'package-lock.json', text: '{\n  "name": "x",\n  "lockfileVersion": 1,\n  "dependencies": {}\n}\n' }));
    expect(error.location).toMatchObject({ file: 'package-lock.json', line: 3 });
    expect(error.fix).toMatch(/npm >= 7/);
  });

  it('names the line and column of a JSON syntax error', () => {
    const error = errorOf(() => parseNpmManifest({ path: 'package.json', text: '{\n  "dependencies": {\n    "a": "1.0.0",\n  }\n}\n' }, undefined));
    expect(error.location?.file).toBe('package.json');
    expect(error.location?.line).toBe(4);
  });

  it('refuses a package.json with dependencies and no lockfile (versions unknown)', () => {
    const error = errorOf(() => parseNpmManifest(manifest, undefined));
    expect(error.location).toMatchObject({ file: 'web/package.json', line: 9 });
    expect(error.fix).toMatch(/npm install --package-lock-only/);
  });

  it('accepts a package.json that declares nothing, without a lockfile', () => {
    expect(parseNpmManifest({ path: 'package.json', text: '{"name":"tool","scripts":{"x":"y"}}' }, undefined).dependencies).toEqual([]);
  });

  it('reports a lockfile that does not contain a declared dependency as out of date', () => {
    const stale = { path: 'package.json', text: '{\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n' };
    const lock = { path: 'package-lock.json', text: JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: {} } } }) };
    const error = errorOf(() => parseNpmManifest(stale, lock));
    expect(error.message).toMatch(/left-pad.*missing from package-lock\.json/);
    expect(error.location).toMatchObject({ file: 'package.json', line: 3 });
  });
});

describe('npm versioning', () => {
  it('follows npm range semantics: prereleases only match ranges that name them', () => {
    expect(npmVersioning.satisfies('2.0.0-beta.1', '>=1')).toBe(false);
    expect(npmVersioning.satisfies('4.17.21', '^4.17.0')).toBe(true);
    expect(npmVersioning.lowestInRange?.('>=4.17.21 <5')).toBe('4.17.21');
  });
});
