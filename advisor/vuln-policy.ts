/**
 * The repository's `vulnerabilities` policy applied to the advisor's scan
 * results, with the same rules the `vulns` gate uses: an unexpired ignore
 * entry silences a vulnerability by id or any alias (policies/checks/vulns/ignores.ts),
 * and `fail_on` / `unknown_severity` decide which vulnerabilities fail
 * (policies/checks/vulns/findings.ts, levelOf). A pull request is then judged
 * by the rules its own gate will apply after merging.
 */
import { findIgnore, ignoreStates } from '../policies/checks/vulns/ignores.js';
import type { VulnerabilityPolicy } from '../policies/checks/vulns/policy.js';
import { meetsThreshold } from '../policies/checks/vulns/severity.js';
import type { VulnerabilityRef } from './model.js';

/** Drops the vulnerabilities an unexpired `vulnerabilities.ignore` entry names (by id or alias). */
export function withoutIgnored(list: readonly VulnerabilityRef[], policy: Pick<VulnerabilityPolicy, 'ignore'>, now: Date): VulnerabilityRef[] {
  const states = ignoreStates(policy.ignore, now);
  return list.filter((v) => findIgnore(states, [v.id, ...v.aliases]) === undefined);
}

/**
 * Whether the gate would rate this vulnerability an error: the same decision
 * as levelOf in the vulns check, on the advisor's reduced vulnerability shape.
 */
export function failsPolicy(v: VulnerabilityRef, policy: Pick<VulnerabilityPolicy, 'failOn' | 'unknownSeverity'>): boolean {
  if (v.severity === 'unknown') return policy.unknownSeverity === 'fail';
  return meetsThreshold({ severity: v.severity, score: v.score }, policy.failOn);
}

/** Marks the introduced vulnerabilities that are below the policy's threshold (listed, but not failing). */
export function rateIntroduced(list: readonly VulnerabilityRef[], policy: Pick<VulnerabilityPolicy, 'failOn' | 'unknownSeverity'>): VulnerabilityRef[] {
  return list.map((v) => (failsPolicy(v, policy) ? v : { ...v, belowThreshold: true }));
}
