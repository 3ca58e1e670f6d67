/**
 * Which folders manifest discovery does not search, per ecosystem. Go follows
 * its own `./...` rule (dot- and underscore-folders are not part of a module
 * tree); npm has no such rule, and `.github/actions/<name>/` is where
 * JavaScript GitHub Actions live, so npm manifests there are found.
 */
import { goSkipsDirectory } from './go/packages-pattern.js';
import type { EcosystemId } from './types.js';

/**
 * Folders no ecosystem searches: git's own data, installed packages, and the
 * folders that by convention hold other people's code or test inputs
 * (`vendor`, `testdata`), whose manifests are not the project's own.
 */
const neverSearched: ReadonlySet<string> = new Set(['.git', 'node_modules', 'vendor', 'testdata']);

/** Whether discovery skips a folder of this name when looking for `ecosystem` manifests. */
export function isSkippedDirectoryFor(ecosystem: EcosystemId, name: string): boolean {
  if (neverSearched.has(name)) return true;
  return ecosystem === 'go' && goSkipsDirectory(name);
}

/** Whether the folder holds nothing any ecosystem looks at (so a walk need not enter it, nor mention what it holds). */
export function isNeverSearched(name: string): boolean {
  return neverSearched.has(name);
}

/**
 * The folder rule discovery applied to every ecosystem before the rules
 * became per ecosystem: Go's `./...` rule plus `node_modules`. Kept with its
 * meaning for callers that judge paths without an ecosystem at hand; prefer
 * isSkippedDirectoryFor.
 */
export function isSkippedDirectory(name: string): boolean {
  return name === 'node_modules' || goSkipsDirectory(name);
}
