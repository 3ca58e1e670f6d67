/**
 * The `deps` check: every dependency of every Go module and npm package in
 * the repository against the `dependencies` allow/deny lists.
 */
import path from 'node:path';
import type { SkippedManifest } from '../../ecosystems/index.js';
import { ecosystems, loadManifests } from '../../ecosystems/index.js';
import type { EcosystemId, ParsedManifest } from '../../ecosystems/types.js';
import type { Check, CheckContext } from '../../model/check.js';
import type { Finding } from '../../model/finding.js';
import { sortFindings } from '../../model/finding.js';
import type { Verdict } from './allowlist.js';
import { evaluateDependency } from './allowlist.js';
import { isExpired } from './expiry.js';
import { dependencyFinding, finding } from './findings.js';
import { directiveFinding, evaluateDirective, excludedVersionFinding } from './go-directives.js';
import { format, messages } from './messages.js';
import type { DependencyPolicy } from './policy.js';
import { dependenciesSchema, readDependencyPolicy } from './policy.js';
import { inRepository, policyFindingLocation } from './policy-location.js';

export { acceptsVersion, evaluateDependency, findException, nameMatches, nextAcceptedVersion } from './allowlist.js';
export type { DependencyRef, EvaluateOptions, Verdict, VerdictStatus } from './allowlist.js';
export { readDependencyPolicy, dependenciesSchema } from './policy.js';
export { dependencyFinding } from './findings.js';
export type { DependencyException, DependencyPolicy, DependencyRule, EcosystemRules, LocateInSection, Scope, UnlistedMode } from './policy.js';

/** Ecosystems with a section in the policy: only those are evaluated (an absent section means "not governed"). */
function configuredEcosystems(policy: DependencyPolicy): EcosystemId[] {
  return (Object.keys(policy.ecosystems) as EcosystemId[]).sort();
}

function exceptionFindings(policy: DependencyPolicy, used: ReadonlySet<number>, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  policy.exceptions.forEach((exception, index) => {
    const { location, origin } = policyFindingLocation(context, ['dependencies', 'exceptions', index]);
    const declared = origin !== undefined ? `declared in ${origin}` : undefined;
    const identity = [exception.ecosystem, exception.name, exception.versions ?? '*'];
    if (isExpired(exception.expires, context.now)) {
      findings.push(
        finding('deps/expired-exception', 'error', format('deps/expired-exception', { ecosystem: exception.ecosystem, name: exception.name, expires: exception.expires, reason: declared !== undefined ? `${exception.reason}; ${declared}` : exception.reason }), location, [...identity, 'expired'],
          `Fix the dependency and delete the exception, or extend expires after review.`),
      );
    } else if (!used.has(index)) {
      findings.push(
        finding('deps/unused-exception', 'warning', format('deps/unused-exception', { ecosystem: exception.ecosystem, name: exception.name, versions: `${exception.versions ? `@${exception.versions}` : ''}${declared !== undefined ? ` (${declared})` : ''}` }), location, [...identity, 'unused'],
          origin !== undefined ? `Ask the owners of ${origin} to delete the exception, or ignore this warning: nothing here needs it.` : 'Delete the exception: nothing needs it any more.'),
      );
    }
  });
  return findings;
}

function coverageFindings(manifests: readonly ParsedManifest[], configured: readonly EcosystemId[], context: CheckContext): Finding[] {
  if (configured.length === 0) {
    const { location } = policyFindingLocation(context, ['dependencies']);
    return [
      finding('deps/not-configured', 'warning', format('deps/not-configured', {}), { file: location.file, ...(location.line !== undefined ? { line: location.line } : {}) }, ['dependencies', 'not-configured'],
        'Add dependencies.go and/or dependencies.npm (with allow and deny lists) to the policy.'),
    ];
  }
  const present = new Set(manifests.map((m) => m.ecosystem));
  // The policy file the run started from: the repository's own (or --policy), else the shipped defaults.
  const entryFile = context.policy.locate([]).file;
  const findings: Finding[] = [];
  for (const id of configured.filter((configuredId) => !present.has(configuredId))) {
    const located = context.policy.locate(['dependencies', id]);
    const patterns = ecosystems[id].manifestPatterns.map((p) => p.replace('**/', '')).join(' or ');
    const message = format('deps/no-manifests', { manifests: patterns, ecosystem: ecosystems[id].displayName });
    // A section the repository did not write itself (the shipped defaults, or a base it extends) is not its mistake,
    // and a finding must point into the repository: say it in the notes instead.
    if (located.file !== entryFile || !inRepository(located.file)) {
      const origin = path.isAbsolute(located.file) ? path.relative(context.root, located.file).split(path.sep).join('/') : located.file;
      context.note?.(`${message.replace(/\.$/, '')} (dependencies.${id} comes from ${origin})`);
      continue;
    }
    findings.push(
      finding('deps/no-manifests', 'warning', message, { file: located.file, ...(located.line !== undefined ? { line: located.line } : {}) }, [id, 'no-manifests'],
        `Remove dependencies.${id} from the policy, or check that the manifests are not in a skipped folder (node_modules, vendor, testdata; for Go also dot- and underscore-folders) or in dependencies.ignore.`),
    );
  }
  return findings;
}

// Enough names to find the folders in question; the count says how many more there are.
const skippedListLimit = 10;

/** One note per ecosystem naming the manifests its folder rules left out (never silently). */
function skippedNotes(skipped: readonly SkippedManifest[]): string[] {
  const notes: string[] = [];
  for (const id of [...new Set(skipped.map((s) => s.ecosystem))].sort()) {
    const mine = skipped.filter((s) => s.ecosystem === id).map((s) => s.manifest);
    const shown = mine.slice(0, skippedListLimit).join(', ');
    const more = mine.length > skippedListLimit ? ` and ${String(mine.length - skippedListLimit)} more` : '';
    const rule = id === 'go' ? 'go ./... skips dot- and underscore-folders' : 'folder not searched';
    notes.push(`not checked (${rule}; list them in dependencies.ignore to silence this): ${shown}${more}`);
  }
  return notes;
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
    const skipped: SkippedManifest[] = [];
    const manifests =
      configured.length === 0 ? [] : await loadManifests(context.root, { ecosystems: configured, ignore: policy.ignore, onSkipped: (item) => skipped.push(item) });
    const findings: Finding[] = [];
    const usedExceptions = new Set<number>();
    // Monorepos repeat the same module@version across many manifests: evaluate each once.
    const verdicts = new Map<string, Verdict>();
    let evaluated = 0;
    for (const manifest of manifests) {
      for (const dep of manifest.dependencies) {
        // Reported whatever the scope: go will not build with it, direct or indirect.
        if (dep.excludedBy) {
          findings.push(excludedVersionFinding(dep, dep.excludedBy));
          continue;
        }
        if (policy.scope === 'direct' && !dep.direct) continue;
        evaluated++;
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
    if (policy.ecosystems.go) {
      for (const manifest of manifests) {
        for (const dep of manifest.toolchain ?? []) {
          const { narrowed, verdict, exceptionIndex } = evaluateDirective(policy, dep, context.now);
          if (exceptionIndex !== undefined) usedExceptions.add(exceptionIndex);
          const result = directiveFinding(narrowed, dep, verdict);
          if (result) findings.push(result);
        }
      }
    }
    findings.push(...exceptionFindings(policy, usedExceptions, context), ...coverageFindings(manifests, configured, context));
    context.note?.(`${String(evaluated)} dependencies in ${String(manifests.length)} manifests evaluated (scope: ${policy.scope})`);
    for (const note of skippedNotes(skipped)) context.note?.(note);
    return sortFindings(findings);
  },
};
