/** Per-environment constraints on single values: `in`, `not`, `pattern`, `min`, `max`. */
import type { ConfigEntry, ConfigScalar } from '../../../config-formats/index.js';
import type { Finding } from '../../../model/finding.js';
import type { Bound, CompiledConstraint } from '../compile.js';
import type { EvaluationContext } from '../context.js';
import type { Environment } from '../environment.js';
import { matchingKeys } from '../key-pattern.js';
import { comparable, compareNumbers, describeUnit, toQuantity } from '../quantity.js';
import { unresolved } from './unresolved.js';

export function checkConstraints(context: EvaluationContext): Finding[] {
  const findings: Finding[] = [];
  for (const constraint of context.policy.constraints) {
    for (const env of context.environments) {
      if (constraint.envs && !constraint.envs.has(env.name)) continue;
      const keys = matchingKeys(constraint.key, env.entries);
      if (keys.length === 0) {
        // Only an env_specific key that the constraint does not explicitly target may be absent.
        if (!constraint.envs && !constraint.key.wildcard && context.isEnvSpecific(constraint.key.source)) continue;
        findings.push(unresolved(context, env, constraint.key, constraint.text, constraint.declaredAt));
        continue;
      }
      for (const key of keys) findings.push(...checkValue(context, env, env.entries.get(key) as ConfigEntry, constraint));
    }
  }
  return findings;
}

const sameScalar = (a: ConfigScalar, b: ConfigScalar | undefined): boolean => String(a) === String(b);

function checkValue(context: EvaluationContext, env: Environment, entry: ConfigEntry, constraint: CompiledConstraint): Finding[] {
  const findings: Finding[] = [];
  const violated = (requirement: string, part: string): void => {
    findings.push(
      context.finding('config/constraint', {
        data: { env: env.name, subject: env.describe(entry.key), requirement },
        location: env.locate(entry.key),
        related: [{ location: constraint.declaredAt, message: `\`${constraint.text}\` is declared here` }],
        fix: `change ${entry.key} in ${env.file}, or the constraint in the policy`,
        identity: [env.name, entry.key, part],
      }),
    );
  };
  const scalar = entry.kind !== 'mapping' && entry.kind !== 'list';
  if (constraint.in && !(scalar && constraint.in.some((allowed) => sameScalar(allowed, entry.value)))) {
    violated(`be one of ${constraint.in.map(String).join(', ')}`, 'in');
  }
  const denied = scalar ? constraint.not?.find((value) => sameScalar(value, entry.value)) : undefined;
  if (denied !== undefined) violated(`not be ${String(denied)}`, 'not');
  if (constraint.pattern && !(scalar && entry.kind !== 'null' && constraint.pattern.test(String(entry.value)))) {
    violated(`match ${constraint.patternText ?? constraint.pattern.source}`, 'pattern');
  }
  for (const [bound, operator, name] of [
    [constraint.min, '>=', 'min'],
    [constraint.max, '<=', 'max'],
  ] as const) {
    if (!bound) continue;
    const problem = compareWithBound(entry, bound, operator);
    if (problem === 'violated') violated(`be ${operator} ${bound.text}`, name);
    else if (problem !== undefined) {
      findings.push(
        context.finding('config/incomparable', {
          data: { env: env.name, left: env.describe(entry.key), right: bound.text, rule: constraint.text, reason: problem },
          location: env.locate(entry.key),
          related: [{ location: constraint.declaredAt, message: `\`${constraint.text}\` is declared here` }],
          fix: `write ${entry.key} with the same kind of unit as the bound (${describeUnit(bound.quantity.unit)})`,
          identity: [env.name, entry.key, name],
        }),
      );
    }
  }
  return findings;
}

/** Undefined when the value satisfies the bound, 'violated' when it does not, otherwise why they cannot be compared. */
function compareWithBound(entry: ConfigEntry, bound: Bound, operator: '>=' | '<='): string | undefined {
  const quantity = entry.kind === 'string' || entry.kind === 'number' ? toQuantity(entry.value) : undefined;
  if (!quantity) return `${entry.key} is not a number, duration or byte size`;
  if (!comparable(quantity, bound.quantity)) {
    return `${entry.key} is ${describeUnit(quantity.unit)} and ${bound.text} is ${describeUnit(bound.quantity.unit)}`;
  }
  return compareNumbers(quantity.value, operator, bound.quantity.value) ? undefined : 'violated';
}
