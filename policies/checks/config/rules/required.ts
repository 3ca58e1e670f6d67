/** Required keys: each must be set, to something other than null, in every environment. */
import type { Finding } from '../../../model/finding.js';
import type { EvaluationContext } from '../context.js';
import { matchingKeys } from '../key-pattern.js';

export interface RequiredResult {
  findings: Finding[];
  /** `env\0key` pairs reported here, which parity then leaves alone. */
  reported: Set<string>;
}

export function checkRequired(context: EvaluationContext): RequiredResult {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const requirement of context.policy.required) {
    const key = requirement.key.source;
    for (const env of context.environments) {
      const matches = matchingKeys(requirement.key, env.entries);
      const isSet = matches.some((match) => env.entries.get(match)?.kind !== 'null');
      if (isSet) continue;
      reported.add(`${env.name}\0${key}`);
      findings.push(
        context.finding('config/required-key', {
          data: { env: env.name, key, state: matches.length === 0 ? 'missing' : 'null', file: env.file },
          location: env.locate(key),
          related: [{ location: requirement.declaredAt, message: `${key} is required by the policy` }],
          fix: `set ${key} in ${env.file}`,
          identity: [env.name, key],
        }),
      );
    }
  }
  return { findings, reported };
}
