/**
 * Findings about dependencies: the message, location, related locations and
 * fix for one evaluated dependency, shared by the module and directive
 * evaluation of the deps check.
 */
import { ecosystems } from '../../ecosystems/index.js';
import type { Dependency } from '../../ecosystems/types.js';
import type { Finding, RelatedLocation, SourceLocation } from '../../model/finding.js';
import type { Verdict } from './allowlist.js';
import { nextAcceptedVersion } from './allowlist.js';
import type { DepsRule } from './messages.js';
import { format } from './messages.js';
import type { DependencyPolicy } from './policy.js';

/** Name and version as shown in messages, and how the dependency got there (`replacing …`, `as <alias>`). */
function describe(dep: Dependency): { name: string; version: string; via: string } {
  const version = dep.version === '' ? '(local)' : dep.version;
  const replaceLine = dep.replaces?.location?.line;
  const at = replaceLine !== undefined ? `, replace on line ${String(replaceLine)}` : '';
  const via =
    dep.replaces && dep.replaces.name !== dep.name
      ? ` (replacing ${dep.replaces.name}@${dep.replaces.version}${at})`
      : dep.replaces && dep.replaces.version !== dep.version
        ? ` (required as ${dep.replaces.version}${at})`
        : dep.alias
          ? ` (installed as ${dep.alias})`
          : '';
  return { name: dep.name, version, via };
}

/**
 * For a Go module chosen by a `replace`, the replace line as a related
 * location and a sentence for the fix: that line, not the require, decides
 * what is built, so it is the one to edit.
 */
function replacement(dep: Dependency): { related?: RelatedLocation[]; fixSuffix: string } {
  const location = dep.replaces?.location;
  if (!location) return { fixSuffix: '' };
  const where = location.line !== undefined ? `${location.file}:${String(location.line)}` : location.file;
  return {
    related: [{ location, message: `replaced here by ${dep.name}@${dep.version === '' ? '(local)' : dep.version}` }],
    fixSuffix: ` The replace directive at ${where} selects this module and version: change it there.`,
  };
}

export function finding(
  rule: DepsRule,
  level: Finding['level'],
  message: string,
  location: SourceLocation,
  identity: string[],
  fix?: string,
  related?: RelatedLocation[],
): Finding {
  return {
    check: 'deps',
    rule,
    level,
    message,
    location,
    identity,
    ...(related !== undefined && related.length > 0 ? { related } : {}),
    ...(fix !== undefined ? { fix } : {}),
  };
}

/** The finding for one evaluated dependency, or null when it passes. */
export function dependencyFinding(policy: DependencyPolicy, dep: Dependency, verdict: Verdict): Finding | null {
  const { name, version, via } = describe(dep);
  const identityBase = [dep.ecosystem, dep.name, dep.version];
  const { related, fixSuffix } = replacement(dep);
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
      return finding('deps/denied', 'error', format('deps/denied', { name, version, via, reason: `${scoped}${reason}` }), dep.location, [...identityBase, `deny:${rule.name}`, dep.location.file], fix + fixSuffix, related);
    }
    case 'not-allowed-version': {
      const allowed = verdict.allowedRanges.join(' or ');
      const fix = verdict.nearestAllowed
        ? `Upgrade ${dep.name} to ${verdict.nearestAllowed} or later (allowed: ${allowed}).`
        : `Use a version of ${dep.name} that satisfies ${allowed}.`;
      return finding('deps/not-allowed-version', 'error', format('deps/not-allowed-version', { name, version, via, allowed }), dep.location, [...identityBase, `allow:${allowed}`, dep.location.file], fix + fixSuffix, related);
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
        `Add ${dep.name} to dependencies.${dep.ecosystem}.allow in the policy, or remove it.${fixSuffix}`,
        related,
      );
    }
    default:
      return null;
  }
}
