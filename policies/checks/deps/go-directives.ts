/**
 * What go.mod says beyond its requires: a require of a version an `exclude`
 * names, and the `go` and `toolchain` directives (named `go` and
 * `golang.org/toolchain`) as rules can govern them.
 */
import { goDirectiveName } from '../../ecosystems/go/index.js';
import type { Dependency } from '../../ecosystems/types.js';
import type { Finding, SourceLocation } from '../../model/finding.js';
import type { Verdict } from './allowlist.js';
import { evaluateDependency, nextAcceptedVersion } from './allowlist.js';
import { dependencyFinding, finding } from './findings.js';
import { format } from './messages.js';
import type { DependencyPolicy } from './policy.js';

/**
 * The finding for a Go require of a version an `exclude` names. The go
 * command ignores such a requirement and `go build` stops ("updates to
 * go.mod needed") until `go mod tidy` moves it to the next version that is
 * not excluded, which only the module proxy knows: so the require is not
 * evaluated against the lists as if that version were in use, and the gate
 * fails until go.mod says what is built.
 */
export function excludedVersionFinding(dep: Dependency, excludedBy: SourceLocation): Finding {
  const name = dep.replaces?.name ?? dep.name;
  const version = dep.replaces?.version ?? dep.version;
  const excludeLine = excludedBy.line !== undefined ? String(excludedBy.line) : '?';
  return finding(
    'deps/excluded-version',
    'error',
    format('deps/excluded-version', { name, version, excludeLine }),
    dep.location,
    [dep.ecosystem, name, version, 'excluded', dep.location.file],
    `Run go mod tidy (it requires the next version that is not excluded), or delete the exclude on line ${excludeLine} of ${excludedBy.file} if ${version} is meant to be used.`,
    [{ location: excludedBy, message: `${name}@${version} excluded here` }],
  );
}

/**
 * Evaluates a `go`/`golang.org/toolchain` directive against the rules and
 * exceptions that name it exactly. Globs never reach it (`golang.org/**`
 * means modules), and `unlisted` does not apply: a policy that says nothing
 * about the Go version leaves it alone.
 */
export function evaluateDirective(policy: DependencyPolicy, dep: Dependency, now: Date): { narrowed: DependencyPolicy; verdict: Verdict; exceptionIndex?: number } {
  const named = (rule: { name: string; ecosystem?: string }): boolean => rule.name === dep.name && (rule.ecosystem ?? dep.ecosystem) === dep.ecosystem;
  const rules = policy.ecosystems[dep.ecosystem];
  const narrowed: DependencyPolicy = {
    ...policy,
    unlisted: 'allow',
    ecosystems: { [dep.ecosystem]: { allow: rules?.allow.filter(named) ?? [], deny: rules?.deny.filter(named) ?? [] } },
    exceptions: policy.exceptions.filter(named),
  };
  const verdict = evaluateDependency(narrowed, dep, { now });
  return verdict.status === 'excepted' ? { narrowed, verdict, exceptionIndex: policy.exceptions.indexOf(verdict.exception) } : { narrowed, verdict };
}

/** The finding for a `go`/`toolchain` directive outside the policy (`policy` narrowed by evaluateDirective): at the directive, with the directive to write. */
export function directiveFinding(policy: DependencyPolicy, dep: Dependency, verdict: Verdict): Finding | null {
  const result = dependencyFinding(policy, dep, verdict);
  if (!result) return null;
  const directive = dep.name === goDirectiveName ? 'go' : 'toolchain';
  const next = verdict.status === 'not-allowed-version' ? verdict.nearestAllowed : verdict.status === 'denied' ? nextAcceptedVersion(policy, dep) : undefined;
  // `>=1.23` admits 1.23.0-0 first (ranges include prereleases); the release to name is 1.23.0.
  const release = next?.replace(/^v/, '').replace(/-0$/, '').replace(/-([a-z]+)\.(\d+)$/, '$1$2');
  const fix =
    release !== undefined
      ? `Raise the ${directive} directive in ${dep.manifest} to ${directive === 'go' ? release : `go${release}`} or later (go get ${directive}@${directive === 'go' ? release : `go${release}`}).`
      : result.fix;
  return { ...result, message: result.message.replace(`${dep.name}@${dep.version}`, `${dep.name}@${dep.version} (${directive} directive)`), ...(fix !== undefined ? { fix } : {}) };
}
