/** The Go modules ecosystem: go.mod files, versions on Go's semver. */
import type { Ecosystem } from '../types.js';
import { parseGoModManifest } from './extract.js';
import { goVersioning } from './versioning.js';

export { goModDependencies, parseGoModManifest } from './extract.js';
export { parseGoMod, isDirectoryPath } from './gomod.js';
export type { GoModFile, GoModRequire, GoModReplace, GoModExclude, GoModRetract, GoModModule } from './gomod.js';
export { canonicalVersion, isPseudoVersion, splitPathVersion } from './module-version.js';
export { goToSemver, goVersioning } from './versioning.js';
export { goDirectiveDependencies, goDirectiveName, goReleaseVersion, toolchainName } from './toolchain.js';

export const goEcosystem: Ecosystem = {
  id: 'go',
  displayName: 'Go modules',
  manifestPatterns: ['**/go.mod'],
  lockfileNames: [],
  versioning: goVersioning,
  parse: (manifest) => parseGoModManifest(manifest),
};
