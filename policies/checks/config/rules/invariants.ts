/**
 * Cross-key invariants such as `http.write_timeout > http.handler_timeout`,
 * evaluated in every environment with units understood. A wildcard operand
 * expands to every matching key and each must satisfy the comparison; with
 * several wildcards, every combination is checked.
 */
import type { ConfigScalar } from '../../../config-formats/index.js';
import type { Finding, RelatedLocation, SourceLocation } from '../../../model/finding.js';
import type { CompiledInvariant } from '../compile.js';
import type { EvaluationContext } from '../context.js';
import type { Environment } from '../environment.js';
import { matchingKeys } from '../key-pattern.js';
import { comparable, compareNumbers, describeUnit, toQuantity } from '../quantity.js';
import type { ComparisonOperator } from '../quantity.js';
import { unresolved } from './unresolved.js';

/** One operand value in one environment: a key's value or a literal. */
interface Resolved {
  /** `http.port (8080, config/prod.yaml:3)` for keys, the literal text otherwise. */
  label: string;
  /** Key path, or the literal text; used in finding identities. */
  name: string;
  value: ConfigScalar | undefined;
  location?: SourceLocation;
}

export function checkInvariants(context: EvaluationContext): Finding[] {
  const findings: Finding[] = [];
  for (const compiled of context.policy.invariants) {
    for (const env of context.environments) findings.push(...checkInEnvironment(context, env, compiled));
  }
  return findings;
}

function checkInEnvironment(context: EvaluationContext, env: Environment, compiled: CompiledInvariant): Finding[] {
  const { invariant, declaredAt } = compiled;
  const findings: Finding[] = [];
  const operands: Resolved[][] = [];
  invariant.operands.forEach((operand, index) => {
    const pattern = compiled.patterns[index];
    if (operand.type === 'literal' || !pattern) {
      const text = operand.type === 'literal' ? operand.text : '';
      operands.push([{ label: text, name: text, value: operand.type === 'literal' ? operand.value : undefined }]);
      return;
    }
    const keys = matchingKeys(pattern, env.entries);
    if (keys.length === 0 && !(!pattern.wildcard && context.isEnvSpecific(pattern.source))) {
      findings.push(unresolved(context, env, pattern, invariant.source, declaredAt));
    }
    operands.push(
      keys.map((key) => {
        const entry = env.entries.get(key);
        const plain = entry && entry.kind !== 'mapping' && entry.kind !== 'list';
        return { label: env.describe(key), name: key, value: plain ? entry.value : undefined, location: env.locate(key) };
      }),
    );
  });

  // An operand that resolved to nothing has been reported (or is env-specific); the pairs using it cannot be checked.
  invariant.operators.forEach((operator, index) => {
    for (const left of operands[index] ?? []) {
      for (const right of operands[index + 1] ?? []) {
        const finding = comparePair(context, env, compiled, left, operator, right);
        if (finding) findings.push(finding);
      }
    }
  });
  return findings;
}

function comparePair(
  context: EvaluationContext,
  env: Environment,
  compiled: CompiledInvariant,
  left: Resolved,
  operator: ComparisonOperator,
  right: Resolved,
): Finding | undefined {
  const rule = compiled.invariant.source;
  const keyed = [left, right].filter((side) => side.location !== undefined);
  const location = keyed[0]?.location ?? compiled.declaredAt;
  const related: RelatedLocation[] = [
    ...keyed.slice(1).map((side) => ({ location: side.location as SourceLocation, message: `${side.name} in ${env.name}` })),
    { location: compiled.declaredAt, message: `\`${rule}\` is declared here` },
  ];
  const identity = [env.name, rule, left.name, operator, right.name];

  const a = toQuantity(left.value);
  const b = toQuantity(right.value);
  let holds: boolean;
  let reason: string | undefined;
  if (a && b) {
    if (comparable(a, b)) holds = compareNumbers(a.value, operator, b.value);
    else {
      holds = false;
      reason = `${left.name} is ${describeUnit(a.unit)} and ${right.name} is ${describeUnit(b.unit)}`;
    }
  } else if ((operator === '==' || operator === '!=') && left.value !== undefined && right.value !== undefined) {
    holds = (String(left.value) === String(right.value)) === (operator === '==');
  } else {
    holds = false;
    const culprit = a ? right : left;
    reason = `${culprit.name} is not a number, duration or byte size`;
  }
  if (reason !== undefined) {
    return context.finding('config/incomparable', {
      data: { env: env.name, left: left.label, right: right.label, rule, reason },
      location,
      related,
      fix: 'compare like with like: durations with durations, byte sizes with byte sizes or plain numbers',
      identity,
    });
  }
  if (holds) return undefined;
  return context.finding('config/invariant', {
    data: { env: env.name, left: left.label, operator, right: right.label },
    location,
    related,
    fix: `change the values in ${env.file} so that \`${rule}\` holds`,
    identity,
  });
}
