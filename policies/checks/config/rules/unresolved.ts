/**
 * Findings for rules that cannot be checked in an environment because the key
 * they name is absent there. Absence is reported rather than skipped: a gate
 * that quietly ignores a constraint is a gate that passes without looking.
 */
import type { Finding, SourceLocation } from '../../../model/finding.js';
import type { EvaluationContext } from '../context.js';
import type { Environment } from '../environment.js';
import type { KeyPattern } from '../key-pattern.js';

export function unresolved(
  context: EvaluationContext,
  env: Environment,
  pattern: KeyPattern,
  rule: string,
  declaredAt: SourceLocation,
): Finding {
  const related = [{ location: declaredAt, message: `\`${rule}\` is declared here` }];
  if (pattern.wildcard) {
    return context.finding('config/wildcard-unmatched', {
      data: { env: env.name, pattern: pattern.source, file: env.file, rule },
      location: env.locate(pattern.source.split(/[*?{[]/, 1)[0]?.replace(/\.$/, '') ?? ''),
      related,
      fix: `add a key matching ${pattern.source} to ${env.file}, or correct the pattern in the policy`,
      identity: [env.name, rule, pattern.source],
    });
  }
  return context.finding('config/unresolved-key', {
    data: { env: env.name, key: pattern.source, file: env.file, rule },
    location: env.locate(pattern.source),
    related,
    fix: `add ${pattern.source} to ${env.file}, or list it under config.env_specific if it only exists in some environments`,
    identity: [env.name, rule, pattern.source],
  });
}
