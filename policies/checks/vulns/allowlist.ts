/**
 * The dependency allowlist as the vulnerability gate sees it: a yes/no on a
 * candidate fixed version, so a recommended upgrade never trades a
 * vulnerability for a `deps` failure.
 */
import { acceptsVersion } from '../deps/allowlist.js';
import { readDependencyPolicy } from '../deps/policy.js';
import type { ResolvedPolicyView } from '../../model/check.js';
import type { VersionAcceptor } from './fixes.js';

/**
 * Builds the acceptor from the resolved policy's `dependencies` section;
 * without one, every version is acceptable.
 */
export function allowlistAcceptor(policy: ResolvedPolicyView): VersionAcceptor {
  const section = policy.document.dependencies;
  if (section === undefined || section === null) return () => true;
  const dependencies = readDependencyPolicy(section, (p) => policy.locate(p));
  return (ecosystem, name, version) => acceptsVersion(dependencies, ecosystem, name, version);
}
