/** The npm ecosystem: package.json with package-lock.json (v2/v3) or npm-shrinkwrap.json. */
import type { Ecosystem } from '../types.js';
import { parseNpmManifest, relatedPackageJsons } from './extract.js';
import { npmVersioning } from './versioning.js';

export { parseNpmManifest, relatedPackageJsons, workspaceFolders } from './extract.js';
export { parseLockfile, resolveInstallPath } from './lockfile.js';
export type { LockEntry, Lockfile } from './lockfile.js';
export { parsePackageJson } from './package-json.js';
export type { DeclaredDependency, PackageJson } from './package-json.js';
export { npmVersioning } from './versioning.js';

export const npmEcosystem: Ecosystem = {
  id: 'npm',
  displayName: 'npm',
  manifestPatterns: ['**/package.json'],
  // npm-shrinkwrap.json takes precedence over package-lock.json, as in npm.
  lockfileNames: ['npm-shrinkwrap.json', 'package-lock.json'],
  versioning: npmVersioning,
  parse: (manifest, lockfile, related) => parseNpmManifest(manifest, lockfile, related),
  relatedManifests: relatedPackageJsons,
};
