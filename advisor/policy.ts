/**
 * The repository's dependency policy as of the head commit, and the verdict
 * it gives each changed dependency: the same evaluation `goldenpath check`
 * runs (policies/checks/deps/allowlist.ts), applied to the head version.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { evaluateDependency, acceptsVersion } from '../policies/checks/deps/allowlist.js';
import { readDependencyPolicy, type DependencyPolicy } from '../policies/checks/deps/policy.js';
import { resolvePolicy as resolveVulnerabilityPolicy, type VulnerabilityPolicy } from '../policies/checks/vulns/policy.js';
import { loadAllChecks } from '../policies/checks/index.js';
import { resolvePolicy } from '../policies/engine/resolve-policy.js';
import type { EcosystemId } from '../policies/ecosystems/types.js';
import type { GitRepository } from './git.js';
import type { PolicyVerdict } from './model.js';

/**
 * What the advisor needs from the policy: a verdict per dependency, which
 * versions may be recommended, and the `vulnerabilities` section (ignores,
 * threshold, offline database, timeout).
 */
export interface HeadPolicy {
  verdict(dep: { ecosystem: EcosystemId; name: string; version: string; direct: boolean; manifest: string }): PolicyVerdict;
  accepts(ecosystem: EcosystemId, name: string, version: string): boolean;
  vulnerabilities: VulnerabilityPolicy;
}

/** The `vulnerabilities` defaults, for runs whose policy could not be read. */
export const defaultVulnerabilityPolicy = (): VulnerabilityPolicy => resolveVulnerabilityPolicy(undefined);

/**
 * Reads `policyFile` from the head commit and resolves it with the policy
 * engine (extends, schema validation, defaults). Local `extends` entries are
 * read from the working tree at `root`, which in a pull_request workflow is
 * the pull request's merge commit. Without a policy file at head the shipped
 * default policy applies, as it does for `goldenpath check`.
 */
export async function loadHeadPolicy(
  git: GitRepository,
  head: string,
  root: string,
  policyFile: string,
  notes: string[],
  now: Date,
): Promise<HeadPolicy> {
  const text = await git.readFile(head, policyFile);
  const checks = await loadAllChecks();
  const resolved =
    text === undefined
      ? resolvePolicy({ root: path.join(root, '.goldenpath-no-policy'), checks })
      : resolvePolicy({ root, policyFile: path.resolve(root, policyFile), text, checks });
  if (text === undefined) notes.push(`no ${policyFile} at the head commit: the default policy applies`);
  notes.push(...resolved.notes.filter((n) => !n.startsWith('no goldenpath.yaml')));
  const policy = readDependencyPolicy(resolved.document.dependencies, (keyPath) =>
    resolved.view.locate(['dependencies', ...keyPath]),
  );
  return headPolicyOf(policy, now, resolveVulnerabilityPolicy(resolved.document.vulnerabilities));
}

/** Maps allowlist verdicts onto what the comment shows. */
export function headPolicyOf(
  policy: DependencyPolicy,
  now: Date,
  vulnerabilities: VulnerabilityPolicy = defaultVulnerabilityPolicy(),
): HeadPolicy {
  const ignored = policy.ignore.length > 0 ? picomatch(policy.ignore, { dot: true }) : () => false;
  return {
    vulnerabilities,
    accepts: (ecosystem, name, version) => acceptsVersion(policy, ecosystem, name, version),
    verdict(dep) {
      // An ecosystem without a section is not evaluated by the deps check either.
      if (!policy.ecosystems[dep.ecosystem]) {
        return { status: 'unchecked', message: `the policy has no dependencies.${dep.ecosystem} section` };
      }
      if (ignored(dep.manifest)) return { status: 'unchecked', message: 'the manifest is ignored by dependencies.ignore' };
      if (policy.scope === 'direct' && !dep.direct) {
        return { status: 'unchecked', message: 'transitive dependency; the policy checks direct dependencies (scope: direct)' };
      }
      const verdict = evaluateDependency(policy, dep, { now });
      switch (verdict.status) {
        case 'local':
          return { status: 'allowed', message: 'local code' };
        case 'excepted':
          return {
            status: 'allowed',
            message: `waived by an exception until ${verdict.exception.expires}: ${verdict.exception.reason}`,
          };
        case 'allowed':
          return { status: 'allowed', message: 'on the allowlist' };
        case 'denied': {
          const reason = verdict.rule.reason ? `: ${verdict.rule.reason}` : '';
          const instead = verdict.rule.replacement ? ` Use ${verdict.rule.replacement} instead.` : '';
          return { status: 'denied', rule: 'deps/denied', message: `denied by the policy${reason}.${instead}` };
        }
        case 'not-allowed-version': {
          const nearest = verdict.nearestAllowed ? ` The nearest allowed version is ${verdict.nearestAllowed}.` : '';
          return {
            status: 'denied',
            rule: 'deps/not-allowed-version',
            message: `version ${dep.version} is outside the allowed ranges (${verdict.allowedRanges.join(' || ')}).${nearest}`,
          };
        }
        case 'unlisted':
          if (policy.unlisted === 'deny') {
            return { status: 'denied', rule: 'deps/unlisted', message: 'not on the allowlist, and the policy denies unlisted dependencies' };
          }
          return {
            status: 'allowed',
            message: policy.unlisted === 'warn' ? 'not on the allowlist (the policy warns about unlisted dependencies)' : 'not on the allowlist (unlisted dependencies are allowed)',
          };
      }
    },
  };
}
