/**
 * Allowlist evaluation as plain functions over data, shared by the deps
 * check, the vulns check (which fixed version may be recommended) and the
 * advisor (whether an upgrade is allowed).
 *
 * Order: exception → deny → allow → unlisted.
 * 1. A live (unexpired) exception that names the dependency and covers its
 *    version waives every rule.
 * 2. A deny entry that names it (and whose `versions`, if any, covers the
 *    version) denies it.
 * 3. Allow entries that name it: allowed when any of their ranges covers the
 *    version, otherwise `not-allowed-version` with the ranges that would be.
 * 4. Nothing names it: `unlisted`; the policy's `unlisted` mode decides.
 * Local code (Go directory replacements, npm `file:` links) is not a
 * published package and is never evaluated against rules.
 */
import picomatch from 'picomatch';
import semver from 'semver';
import { ecosystems } from '../../ecosystems/index.js';
import type { EcosystemId } from '../../ecosystems/types.js';
import { isExpired } from './expiry.js';
import type { DependencyException, DependencyPolicy, DependencyRule } from './policy.js';

/** The part of a dependency evaluation needs. */
export interface DependencyRef {
  ecosystem: EcosystemId;
  name: string;
  version: string;
  local?: boolean;
}

export type Verdict =
  | { status: 'local' }
  | { status: 'excepted'; exception: DependencyException; exceptionIndex: number }
  | { status: 'denied'; rule: DependencyRule; ruleIndex: number }
  | {
      status: 'not-allowed-version';
      /** The allow entries that name the dependency. */
      rules: DependencyRule[];
      /** Their ranges: any of them would be allowed. */
      allowedRanges: string[];
      /** Lowest version above the current one that an allowed range admits, when the current one is below them all. */
      nearestAllowed?: string;
    }
  | { status: 'allowed'; rule: DependencyRule; ruleIndex: number }
  | { status: 'unlisted' };

export type VerdictStatus = Verdict['status'];

const globCharacters = /[*?[\]{}()!+@]/;
const matcherCache = new Map<string, (name: string) => boolean>();

/**
 * Whether a rule's `name` matches a package name. Names without glob
 * characters compare exactly; globs use picomatch, where `*` does not cross
 * `/` (so `golang.org/x/*` matches `golang.org/x/net`, not
 * `golang.org/x/net/v2`, which Go treats as a different module) and `**` does.
 */
export function nameMatches(pattern: string, name: string): boolean {
  // npm scoped names start with `@`, which picomatch would read as an extglob only before `(`.
  if (!globCharacters.test(pattern.replace(/^@(?!\()/, ''))) return pattern === name;
  let matcher = matcherCache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true, nonegate: true });
    matcherCache.set(pattern, matcher);
  }
  return matcher(name);
}

function inRange(ref: DependencyRef, range: string | undefined): boolean {
  if (range === undefined || range === '*') return true;
  return ecosystems[ref.ecosystem].versioning.satisfies(ref.version, range);
}

export interface EvaluateOptions {
  /** The clock for exception expiry; expired exceptions do not apply. */
  now: Date;
  /** Leave exceptions out (for hypothetical versions, such as a fix to recommend). */
  ignoreExceptions?: boolean;
}

/** Index of the live exception that covers `ref`, or -1. */
export function findException(policy: DependencyPolicy, ref: DependencyRef, now: Date): number {
  return policy.exceptions.findIndex(
    (exception) =>
      exception.ecosystem === ref.ecosystem &&
      nameMatches(exception.name, ref.name) &&
      inRange(ref, exception.versions) &&
      !isExpired(exception.expires, now),
  );
}

function nearestAllowed(ref: DependencyRef, ranges: readonly string[]): string | undefined {
  const { versioning } = ecosystems[ref.ecosystem];
  if (!versioning.lowestInRange || !versioning.isValid(ref.version)) return undefined;
  const candidates = ranges
    .map((range) => versioning.lowestInRange?.(range) ?? null)
    .filter((v): v is string => v !== null && versioning.compare(v, ref.version) > 0)
    .sort((a, b) => versioning.compare(a, b));
  return candidates[0];
}

/** Evaluates one dependency against the policy (see the module comment for the order). */
export function evaluateDependency(policy: DependencyPolicy, ref: DependencyRef, options: EvaluateOptions): Verdict {
  if (ref.local) return { status: 'local' };
  if (!options.ignoreExceptions) {
    const exceptionIndex = findException(policy, ref, options.now);
    const exception = policy.exceptions[exceptionIndex];
    if (exception) return { status: 'excepted', exception, exceptionIndex };
  }
  const rules = policy.ecosystems[ref.ecosystem];
  if (!rules) return { status: 'unlisted' };
  const denyIndex = rules.deny.findIndex((rule) => nameMatches(rule.name, ref.name) && inRange(ref, rule.versions));
  const denied = rules.deny[denyIndex];
  if (denied) return { status: 'denied', rule: denied, ruleIndex: denyIndex };
  const named = rules.allow.map((rule, ruleIndex) => ({ rule, ruleIndex })).filter(({ rule }) => nameMatches(rule.name, ref.name));
  if (named.length === 0) return { status: 'unlisted' };
  const allowing = named.find(({ rule }) => inRange(ref, rule.versions));
  if (allowing) return { status: 'allowed', rule: allowing.rule, ruleIndex: allowing.ruleIndex };
  const allowedRanges = [...new Set(named.map(({ rule }) => rule.versions ?? '*'))];
  const nearest = nearestAllowed(ref, allowedRanges);
  return {
    status: 'not-allowed-version',
    rules: named.map(({ rule }) => rule),
    allowedRanges,
    ...(nearest !== undefined ? { nearestAllowed: nearest } : {}),
  };
}

/**
 * Whether the policy accepts `name@version` as a version to move to:
 * allowed, or unlisted while `unlisted` is not `deny`. Exceptions are not
 * considered: they waive what is already there, they do not recommend.
 */
export function acceptsVersion(policy: DependencyPolicy, ecosystem: EcosystemId, name: string, version: string): boolean {
  const verdict = evaluateDependency(policy, { ecosystem, name, version }, { now: new Date(0), ignoreExceptions: true });
  if (verdict.status === 'allowed' || verdict.status === 'local') return true;
  return verdict.status === 'unlisted' && policy.unlisted !== 'deny';
}

// Versions where a range stops applying from below: `<1.9.1` → 1.9.1 (as a `>=` bound the ecosystem can spell).
function upperBounds(range: string): string[] {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { includePrerelease: true });
  } catch {
    return [];
  }
  // semver spells `<4` as `<4.0.0-0` (below every 4.0.0 prerelease); the version to move to is 4.0.0.
  return parsed.set.flatMap((comparators) =>
    comparators.filter((c) => c.operator === '<').map((c) => (c.semver.prerelease.length === 1 && c.semver.prerelease[0] === 0 ? `${String(c.semver.major)}.${String(c.semver.minor)}.${String(c.semver.patch)}` : c.semver.version)),
  );
}

/**
 * The lowest version above `ref.version` that the policy accepts (see
 * acceptsVersion), among the boundaries the rules name: the lower ends of
 * the allow ranges for the package and the upper ends of deny ranges
 * (`<1.9.1` → 1.9.1). Undefined when no such boundary is accepted.
 */
export function nextAcceptedVersion(policy: DependencyPolicy, ref: DependencyRef): string | undefined {
  const { versioning } = ecosystems[ref.ecosystem];
  const rules = policy.ecosystems[ref.ecosystem];
  if (!rules || !versioning.lowestInRange || !versioning.isValid(ref.version)) return undefined;
  const ranges = [
    ...rules.allow.filter((rule) => nameMatches(rule.name, ref.name)).map((rule) => rule.versions ?? '*'),
    ...rules.deny
      .filter((rule) => nameMatches(rule.name, ref.name) && rule.versions !== undefined)
      .flatMap((rule) => upperBounds(rule.versions ?? '').map((bound) => `>=${bound}`)),
  ];
  return ranges
    .map((range) => versioning.lowestInRange?.(range) ?? null)
    .filter((v): v is string => v !== null && versioning.compare(v, ref.version) > 0 && acceptsVersion(policy, ref.ecosystem, ref.name, v))
    .sort((a, b) => versioning.compare(a, b))[0];
}
