/**
 * The policy verdict over a scan: which vulnerable dependencies are errors,
 * which are warnings, which are ignored, and what is wrong with the ignore
 * list itself. Pure: scan results and policy in, findings out.
 */
import { formatDate } from '../../engine/expiry.js';
import type { ResolvedPolicyView } from '../../model/check.js';
import type { Finding, Level } from '../../model/finding.js';
import { findIgnore, ignoreStates } from './ignores.js';
import { ecosystemIdOf } from './locations.js';
import type { VulnerabilityPolicy } from './policy.js';
import type { VulnerableDependency } from './scan.js';
import { meetsThreshold } from './severity.js';

/** Rule ids and message templates (documented in docs/checks/vulns.md). */
export const messages = {
  'vulns/vulnerable-dependency': '{package}@{version} is affected by {id} ({severity}): {summary}; {fixed}',
  'vulns/expired-ignore': 'the ignore entry for {id} expired on {expires} (reason: {reason}), so it no longer silences the vulnerability',
  'vulns/unused-ignore': 'the ignore entry for {id} matches no vulnerability found in this scan',
} as const;

export type VulnsRule = keyof typeof messages;

const policyKey = 'vulnerabilities';

/**
 * Severity as shown in messages: `high, CVSS 7.5`, `medium, GitHub rating`,
 * `high, CVSS 7.5 of GHSA-vvpx-j8f3-3w6h` (taken from an alias), `unknown severity`.
 */
function describeSeverity(v: VulnerableDependency): string {
  const { severity, score } = v.details;
  if (severity === 'unknown') return 'unknown severity';
  const of = v.severityAlias === undefined ? '' : ` of ${v.severityAlias}`;
  if (score !== undefined) return `${severity}, CVSS ${score.toFixed(1)}${of}`;
  return `${severity}, GitHub rating${of}`;
}

function packageLabel(v: VulnerableDependency): string {
  if (v.goDirective !== undefined || (v.details.packageName === 'stdlib' && ecosystemIdOf(v.details.ecosystem) === 'go')) {
    return `Go standard library ${v.details.packageVersion}${v.goDirective ? ` (from \`${v.goDirective}\`)` : ''}`;
  }
  return `${v.details.packageName}@${v.details.packageVersion}`;
}

function isStdlib(v: VulnerableDependency): boolean {
  return v.details.packageName === 'stdlib' && ecosystemIdOf(v.details.ecosystem) === 'go';
}

/**
 * `upgrade to 0.2.4 to fix all 2 known vulnerabilities in minimist@0.0.10, `:
 * the one upgrade that settles every group of the package version, or nothing.
 */
function fixAllHint(v: VulnerableDependency): string {
  if (v.packageFix === undefined) return '';
  const { version, vulnerabilities } = v.packageFix;
  const target = isStdlib(v) ? `Go ${version}` : version;
  return `upgrade to ${target} to fix all ${String(vulnerabilities)} known vulnerabilities in ${packageLabel(v)}, `;
}

/** The "fixed in …" clause and the fix hint of one vulnerable dependency. */
function describeFix(v: VulnerableDependency, id: string): { clause: string; fix: string } {
  const { fixedVersions, recommendedVersion, packageName } = v.details;
  const ignoreHint = `${fixAllHint(v)}or add {id: ${id}, reason, expires} to vulnerabilities.ignore`;
  switch (v.fixStatus) {
    case 'recommended': {
      const target = recommendedVersion ?? '';
      if (isStdlib(v)) {
        return {
          clause: `fixed in Go ${target}`,
          fix: `upgrade the Go toolchain: raise the go (or toolchain) directive in ${v.source} to ${target} or later, ${ignoreHint}`,
        };
      }
      if (v.direct === false && ecosystemIdOf(v.details.ecosystem) === 'npm') {
        // npm cannot upgrade a transitive package directly; say what moves it.
        return {
          clause: `fixed in ${target}`,
          fix: `upgrade ${packageName} to ${target} or later: it is a transitive dependency, so upgrade the package that requires it or pin it with "overrides" in package.json, ${ignoreHint}`,
        };
      }
      return { clause: `fixed in ${target}`, fix: `upgrade ${packageName} to ${target} or later, ${ignoreHint}` };
    }
    case 'not-allowed':
      return {
        clause: `fixed in ${fixedVersions.join(', ')}, but the dependency allowlist accepts none of those versions`,
        fix: `allow a fixed version of ${packageName} in the dependencies policy and upgrade, ${ignoreHint}`,
      };
    case 'no-fix':
      return {
        clause: 'no fixed version is published',
        fix: `remove or replace ${isStdlib(v) ? 'the affected standard-library use' : packageName}, ${ignoreHint}`,
      };
  }
}

/** The level of a vulnerable dependency under the policy (before ignores). */
export function levelOf(v: VulnerableDependency, policy: Pick<VulnerabilityPolicy, 'failOn' | 'unknownSeverity'>): Level {
  if (v.details.severity === 'unknown') return policy.unknownSeverity === 'fail' ? 'error' : 'warning';
  return meetsThreshold(v.details, policy.failOn) ? 'error' : 'warning';
}

/** A stable identity: [ecosystem, package, version, vulnerability id]. */
export function identityOf(v: VulnerableDependency): string[] {
  return [ecosystemIdOf(v.details.ecosystem) ?? v.details.ecosystem, v.details.packageName, v.details.packageVersion, v.details.id];
}

/** Turns one vulnerable dependency into its finding at `level`. */
export function vulnerabilityFinding(v: VulnerableDependency, level: Level): Finding {
  const { clause, fix } = describeFix(v, v.details.id);
  const summary = v.details.summary === '' ? 'no summary' : v.details.summary;
  return {
    check: 'vulns',
    rule: 'vulns/vulnerable-dependency',
    level,
    message: `${packageLabel(v)} is affected by ${v.details.id} (${describeSeverity(v)}): ${summary}; ${clause}`,
    location: v.location,
    fix,
    vulnerability: v.details,
    identity: identityOf(v),
  };
}

/**
 * Applies the policy to scan results: ignores (by id or alias, unexpired
 * only), the `fail_on` threshold and `unknown_severity`, plus findings for
 * expired and unused ignore entries at their line in the policy file.
 */
export function evaluate(
  vulnerabilities: readonly VulnerableDependency[],
  policy: VulnerabilityPolicy,
  context: { now: Date; policy: ResolvedPolicyView },
): Finding[] {
  const ignores = ignoreStates(policy.ignore, context.now);
  const findings: Finding[] = [];
  for (const v of vulnerabilities) {
    if (ignores.length > 0 && findIgnore(ignores, [v.details.id, ...v.details.aliases, ...v.ids]) !== undefined) continue;
    findings.push(vulnerabilityFinding(v, levelOf(v, policy)));
  }
  for (const state of ignores) {
    const location = context.policy.locate([policyKey, 'ignore', state.index]);
    const identity = ['vulns', 'ignore', state.rule.id];
    if (state.expired) {
      const expires = state.expires === undefined ? String(state.rule.expires) : formatDate(state.expires);
      findings.push({
        check: 'vulns',
        rule: 'vulns/expired-ignore',
        level: 'error',
        message: `the ignore entry for ${state.rule.id} expired on ${expires} (reason: ${state.rule.reason}), so it no longer silences the vulnerability`,
        location,
        fix: `upgrade past ${state.rule.id} and remove the entry, or re-assess it and set a new expires date`,
        identity,
      });
    } else if (!state.used) {
      findings.push({
        check: 'vulns',
        rule: 'vulns/unused-ignore',
        level: 'warning',
        message: `the ignore entry for ${state.rule.id} matches no vulnerability found in this scan`,
        location,
        fix: `remove the entry for ${state.rule.id} from vulnerabilities.ignore (the dependency was probably upgraded)`,
        identity,
      });
    }
  }
  return findings;
}
