/**
 * What the rules share during one evaluation: the environments in policy
 * order, the compiled policy, the env-specific test (memoised, since parity
 * asks it for every key) and one way to build findings.
 */
import type { Finding, RelatedLocation, SourceLocation } from '../../model/finding.js';
import type { CompiledConfigPolicy } from './compile.js';
import { Environment, parentOf } from './environment.js';
import type { LoadedEnvironment } from './environment.js';
import { message } from './messages.js';
import type { ConfigRule } from './messages.js';

export interface FindingParts {
  data: Record<string, string>;
  location: SourceLocation;
  related?: RelatedLocation[];
  fix: string;
  /** Stable fields (environment, key, pattern id…), never a value. */
  identity: string[];
}

export class EvaluationContext {
  readonly environments: Environment[];
  private readonly envSpecificCache = new Map<string, boolean>();

  constructor(
    loaded: readonly LoadedEnvironment[],
    readonly policy: CompiledConfigPolicy,
  ) {
    this.environments = loaded.map((env) => new Environment(env));
  }

  /** True if the key, or a mapping containing it, is listed under env_specific. */
  isEnvSpecific(key: string): boolean {
    const cached = this.envSpecificCache.get(key);
    if (cached !== undefined) return cached;
    const parent = parentOf(key);
    const result = this.policy.envSpecific.some((pattern) => pattern.matches(key)) || (parent !== undefined && this.isEnvSpecific(parent));
    this.envSpecificCache.set(key, result);
    return result;
  }

  finding(rule: ConfigRule, parts: FindingParts): Finding {
    return {
      check: 'config',
      rule,
      level: 'error',
      message: message(rule, parts.data),
      location: parts.location,
      ...(parts.related && parts.related.length > 0 && { related: parts.related }),
      fix: parts.fix,
      // The file keeps findings apart when one policy covers many services through globs; SARIF fingerprints ignore locations otherwise.
      identity: [parts.location.file, ...parts.identity],
    };
  }
}

/** Joins names as prose: `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
