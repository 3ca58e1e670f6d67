/**
 * go.mod → dependencies. What `go` builds with is what gets evaluated: each
 * require after its `replace` (a version-specific replace wins over a
 * path-wide one, as in the go command).
 *
 * Since Go 1.17 (module graph pruning) a go.mod lists every module that
 * provides a package to the main module's build, the ones not imported
 * directly marked `// indirect`. For such modules the requires are the
 * resolved set: they equal `go list -m all` apart from modules that provide
 * no packages (whose go.mod files only took part in version selection). For
 * `go` < 1.17 modules the indirect part may be incomplete.
 *
 * A require whose version an `exclude` names is kept, marked `excludedBy`:
 * the go command ignores it and will not build until `go mod tidy` moves it
 * to the next version, which only the module proxy knows, so the version in
 * use cannot be read from go.mod. `retract` is not applied: it retracts
 * versions of this module itself, which matters to its consumers, not to it.
 */
import { InputError } from '../../model/errors.js';
import type { Dependency, ParsedManifest, SourceFile } from '../types.js';
import type { GoModFile, GoModReplace } from './gomod.js';
import { parseGoMod } from './gomod.js';
import { goDirectiveDependencies } from './toolchain.js';

/** Finds the replace that applies to `path@version`: exact version first, then the path-wide one. */
function findReplacement(replaces: Map<string, GoModReplace>, path: string, version: string): GoModReplace | undefined {
  return replaces.get(`${path}@${version}`) ?? replaces.get(`${path}@`);
}

/** Dependencies of a parsed go.mod, replacements applied. Throws InputError for conflicting replacements, as `go` does. */
export function goModDependencies(file: GoModFile, manifest: string): Dependency[] {
  const replaces = new Map<string, GoModReplace>();
  for (const replace of file.replace) {
    const key = `${replace.old.path}@${replace.old.version}`;
    const earlier = replaces.get(key);
    // The go command refuses to build with two different replacements for the same module version.
    if (earlier && (earlier.new.path !== replace.new.path || earlier.new.version !== replace.new.version)) {
      throw new InputError(`conflicting replacements for ${replace.old.path}${replace.old.version ? `@${replace.old.version}` : ''}`, {
        location: { file: manifest, line: replace.position.line, column: replace.position.column },
        fix: `Keep one replace for ${replace.old.path} (lines ${earlier.position.line} and ${replace.position.line}).`,
      });
    }
    replaces.set(key, replace);
  }
  // The go command ignores a requirement on an excluded version (modload: "ignoring requirement on excluded version").
  const excludes = new Map(file.exclude.map((exclude) => [`${exclude.path}@${exclude.version}`, exclude]));
  return file.require.map((require): Dependency => {
    const location = { file: manifest, line: require.position.line, column: require.position.column };
    const exclude = excludes.get(`${require.path}@${require.version}`);
    const excludedBy = exclude ? { excludedBy: { file: manifest, line: exclude.position.line, column: exclude.position.column } } : {};
    const replacement = findReplacement(replaces, require.path, require.version);
    if (!replacement) {
      return { ecosystem: 'go', name: require.path, version: require.version, direct: !require.indirect, manifest, location, ...excludedBy };
    }
    const replaces_ = {
      name: require.path,
      version: require.version,
      location: { file: manifest, line: replacement.position.line, column: replacement.position.column },
    };
    if (replacement.new.local) {
      // Code from a directory: Go still calls the module by its required path.
      return { ecosystem: 'go', name: require.path, version: '', direct: !require.indirect, manifest, location, replaces: replaces_, local: true, ...excludedBy };
    }
    return {
      ecosystem: 'go',
      name: replacement.new.path,
      version: replacement.new.version,
      direct: !require.indirect,
      manifest,
      location,
      replaces: replaces_,
      ...excludedBy,
    };
  });
}

/** Parses a go.mod into a ParsedManifest. Throws InputError for anything `go` would reject. */
export function parseGoModManifest(manifest: SourceFile): ParsedManifest {
  const file = parseGoMod(manifest.text, manifest.path);
  if (!file.module) {
    throw new InputError('no module directive', {
      location: { file: manifest.path, line: 1 },
      fix: 'Add `module example.com/name` as the first line (`go mod init` writes it).',
    });
  }
  return { ecosystem: 'go', manifest: manifest.path, dependencies: goModDependencies(file, manifest.path), toolchain: goDirectiveDependencies(file, manifest.path) };
}
