/**
 * The `deps` check: every dependency of every Go module and npm package in
 * the repository against the `dependencies` allow/deny lists.
 */
import { ecosystems, loadManifests } from '../../ecosystems/index.js';
import type { Dependency, EcosystemId, ParsedManifest } from '../../ecosystems/types.js';
import type { Check, CheckContext } from '../../model/check.js';
import type { Finding, SourceLocation } from '../../model/finding.js';
import { sortFindings } from '../../model/finding.js';
import type { Verdict } from './allowlist.js';
import { evaluateDependency, nextAcceptedVersion } from './allowlist.js';
import { isExpired } from './expiry.js';
import type { DepsRule } from './messages.js';
import { format, messages } from './messages.js';
import type { DependencyPolicy } from './policy.js';
import { dependenciesSchema, readDependencyPolicy } from './policy.js';

export { acceptsVersion, evaluateDependency, findException, nameMatches, nextAcceptedVersion } from './allowlist.js';
export type { DependencyRef, EvaluateOptions, Verdict, VerdictStatus } from './allowlist.js';
export { readDependencyPolicy, dependenciesSchema } from './policy.js';
export type { DependencyException, DependencyPolicy, DependencyRule, EcosystemRules, LocateInSection, Scope, UnlistedMode } from './policy.js';

/** Name and version as shown in messages, and how the dependency got there (`replacing …`, `as <alias>`). */
function describe(dep: Dependency): { name: string; version: string; via: string } {
  const version = dep.version === '' ? '(local)' : dep.version;
  const via =
    dep.replaces && dep.replaces.name !== dep.name
      ? ` (replacing ${dep.replaces.name}@${dep.replaces.version})`
      : dep.alias
        ? ` (installed as ${dep.alias})`
        : '';
  return { name: dep.name, version, via };
}

function finding(rule: DepsRule, level: Finding['level'], message: string, location: SourceLocation, identity: string[], fix?: string): Finding {
  return { check: 'deps', rule, level, message, location, identity, ...(fix !== undefined ? { fix } : {}) };
}

/** The finding for one evaluated dependency, or null when it passes. */
export function dependencyFinding(policy: DependencyPolicy, dep: Dependency, verdict: Verdict): Finding | null {
  const { name, version, via } = describe(dep);
  const identityBase = [dep.ecosystem, dep.name, dep.version];
  switch (verdict.status) {
    case 'denied': {
      const { rule } = verdict;
      const reason = rule.reason ? `: ${rule.reason}` : '';
      const scoped = rule.versions && rule.versions !== '*' ? ` in versions ${rule.versions}` : '';
      const next = scoped ? nextAcceptedVersion(policy, dep) : undefined;
      const fix = rule.replacement
        ? `Replace ${dep.name} with ${rule.replacement}.`
        : next !== undefined
          ? `Upgrade ${dep.name} to ${next} or later (denied: ${rule.versions ?? ''}).`
          : scoped
            ? `Move ${dep.name} to a version outside ${rule.versions ?? ''}.`
            : `Remove ${dep.name}.`;
      return finding('deps/denied', 'error', format('deps/denied', { name, version, via, reason: `${scoped}${reason}` }), dep.location, [...identityBase, `deny:${rule.name}`, dep.location.file], fix);
    }
    case 'not-allowed-version': {
      const allowed = verdict.allowedRanges.join(' or ');
      const fix = verdict.nearestAllowed
        ? `Upgrade ${dep.name} to ${verdict.nearestAllowed} or later (allowed: ${allowed}).`
        : `Use a version of ${dep.name} that satisfies ${allowed}.`;
      return finding('deps/not-allowed-version', 'error', format('deps/not-allowed-version', { name, version, via, allowed }), dep.location, [...identityBase, `allow:${allowed}`, dep.location.file], fix);
    }
    case 'unlisted': {
      if (policy.unlisted === 'allow') return null;
      const display = ecosystems[dep.ecosystem].displayName;
      return finding(
        'deps/unlisted',
        policy.unlisted === 'deny' ? 'error' : 'warning',
        format('deps/unlisted', { name, version, via, ecosystem: display }),
        dep.location,
        [...identityBase, 'unlisted', dep.location.file],
        `Add ${dep.name} to dependencies.${dep.ecosystem}.allow in the policy, or remove it.`,
      );
    }
    default:
      return null;
  }
}

/** Ecosystems with a section in the policy: only those are evaluated (an absent section means "not governed"). */
function configuredEcosystems(policy: DependencyPolicy): EcosystemId[] {
  return (Object.keys(policy.ecosystems) as EcosystemId[]).sort();
}

function exceptionFindings(policy: DependencyPolicy, used: ReadonlySet<number>, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  policy.exceptions.forEach((exception, index) => {
    const located = context.policy.locate(['dependencies', 'exceptions', index]);
    const location: SourceLocation = { file: located.file, ...(located.line !== undefined ? { line: located.line } : {}), ...(located.column !== undefined ? { column: located.column } : {}) };
    const identity = [exception.ecosystem, exception.name, exception.versions ?? '*'];
    if (isExpired(exception.expires, context.now)) {
      findings.push(
        finding('deps/expired-exception', 'error', format('deps/expired-exception', { ecosystem: exception.ecosystem, name: exception.name, expires: exception.expires, reason: exception.reason }), location, [...identity, 'expired'],
          `Fix the dependency and delete the exception, or extend expires after review.`),
      );
    } else if (!used.has(index)) {
      findings.push(
        finding('deps/unused-exception', 'warning', format('deps/unused-exception', { ecosystem: exception.ecosystem, name: exception.name, versions: exception.versions ? `@${exception.versions}` : '' }), location, [...identity, 'unused'],
          'Delete the exception: nothing needs it any more.'),
      );
    }
  });
  return findings;
}

function coverageFindings(manifests: readonly ParsedManifest[], configured: readonly EcosystemId[], context: CheckContext): Finding[] {
  if (configured.length === 0) {
    const located = context.policy.locate(['dependencies']);
    return [
      finding('deps/not-configured', 'warning', format('deps/not-configured', {}), { file: located.file, ...(located.line !== undefined ? { line: located.line } : {}) }, ['dependencies', 'not-configured'],
        'Add dependencies.go and/or dependencies.npm (with allow and deny lists) to the policy.'),
    ];
  }
  const present = new Set(manifests.map((m) => m.ecosystem));
  return configured
    .filter((id) => !present.has(id))
    .map((id) => {
      const located = context.policy.locate(['dependencies', id]);
      const patterns = ecosystems[id].manifestPatterns.map((p) => p.replace('**/', '')).join(' or ');
      return finding('deps/no-manifests', 'warning', format('deps/no-manifests', { manifests: patterns, ecosystem: ecosystems[id].displayName }),
        { file: located.file, ...(located.line !== undefined ? { line: located.line } : {}) }, [id, 'no-manifests'],
        `Remove dependencies.${id} from the policy, or check that the manifests are not in a skipped folder (node_modules, vendor, testdata, dot- or underscore-folders) or in dependencies.ignore.`);
    });
}

export const check: Check = {
  meta: {
    id: 'deps',
    description: 'Checks every Go module and npm dependency against the policy allowlists and denylists, with time-boxed exceptions.',
    docsUrl: 'docs/checks/deps.md',
    policyKey: 'dependencies',
    schema: dependenciesSchema,
    messages,
  },
  async run(context) {
    const policy = readDependencyPolicy(context.options, (path) => context.policy.locate(['dependencies', ...path]));
    const configured = configuredEcosystems(policy);
    const manifests = configured.length === 0 ? [] : await loadManifests(context.root, { ecosystems: configured, ignore: policy.ignore });
    const findings: Finding[] = [];
    const usedExceptions = new Set<number>();
    // Monorepos repeat the same module@version across many manifests: evaluate each once.
    const verdicts = new Map<string, Verdict>();
    for (const manifest of manifests) {
      for (const dep of manifest.dependencies) {
        if (policy.scope === 'direct' && !dep.direct) continue;
        const key = `${dep.ecosystem}\u0000${dep.name}\u0000${dep.version}\u0000${dep.local ? 'local' : ''}`;
        let verdict = verdicts.get(key);
        if (!verdict) {
          verdict = evaluateDependency(policy, dep, { now: context.now });
          verdicts.set(key, verdict);
        }
        if (verdict.status === 'excepted') usedExceptions.add(verdict.exceptionIndex);
        const result = dependencyFinding(policy, dep, verdict);
        if (result) findings.push(result);
      }
    }
    findings.push(...exceptionFindings(policy, usedExceptions, context), ...coverageFindings(manifests, configured, context));
    const evaluated = manifests.reduce((sum, m) => sum + m.dependencies.filter((d) => policy.scope === 'all' || d.direct).length, 0);
    context.note?.(`${evaluated} dependencies in ${manifests.length} manifests evaluated (scope: ${policy.scope})`);
    return sortFindings(findings);
  },
};

