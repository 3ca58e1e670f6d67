/**
 * Where findings about the policy itself go. Every finding points into the
 * repository: never at the default policy shipped with the package, nor at a
 * base policy outside the repository.
 */
import path from 'node:path';
import { defaultPolicyDisplayName, policyFileName } from '../../engine/resolve-policy.js';
import type { CheckContext } from '../../model/check.js';
import type { SourceLocation } from '../../model/finding.js';

/** Whether a policy file, as the engine names it, is a file of the repository (not the shipped defaults, not an absolute path outside it). */
export function inRepository(file: string): boolean {
  return file !== defaultPolicyDisplayName && !path.posix.isAbsolute(file) && !path.win32.isAbsolute(file) && file !== '..' && !file.startsWith('../');
}

/**
 * Where a finding about a policy key goes. Findings point into the
 * repository only: a key from a base policy outside it (a package installed
 * above the repository, the shipped defaults) is reported at the `extends`
 * of the repository's own policy file, the line that brought it in, with the
 * file it came from as `origin`.
 */
export function policyFindingLocation(context: CheckContext, keyPath: readonly (string | number)[]): { location: SourceLocation; origin?: string } {
  const located = context.policy.locate(keyPath);
  const at = (where: { file: string; line?: number; column?: number }): SourceLocation => ({
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
  });
  if (inRepository(located.file)) return { location: at(located) };
  const extendsEntry = context.policy.locate(['extends']);
  // Named from the repository root (`../org/goldenpath.yaml`), never as an absolute machine path.
  const origin = path.isAbsolute(located.file) ? path.relative(context.root, located.file).split(path.sep).join('/') : located.file;
  return { location: inRepository(extendsEntry.file) ? at(extendsEntry) : { file: policyFileName }, origin };
}
