/**
 * Key and type parity: every environment sets the same keys with the same
 * types, so a key added to dev and forgotten in prod, or a timeout written as
 * `15s` in one file and `15` in another, is caught before deploy.
 */
import type { ConfigEntry } from '../../../config-formats/index.js';
import type { Finding } from '../../../model/finding.js';
import type { EvaluationContext } from '../context.js';
import { listing } from '../context.js';
import { describeKind, parentOf } from '../environment.js';
import type { Environment } from '../environment.js';

/**
 * Reports missing keys and type mismatches. `reportedElsewhere(env, key)`
 * lets the required-key rule own the keys it already reports as missing or null.
 */
export function checkParity(context: EvaluationContext, reportedElsewhere: (env: string, key: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  const envs = context.environments;
  const keys = unionOfKeys(envs);
  const needed = keysEveryEnvironmentNeeds(context, keys);
  for (const key of keys) {
    if (context.isEnvSpecific(key)) continue;
    const holders = envs.filter((env) => env.entries.has(key));
    for (const env of envs) {
      if (env.entries.has(key) || !needed.has(key) || reportedElsewhere(env.name, key) || !parentIsMapping(env, key)) continue;
      findings.push(
        context.finding('config/missing-key', {
          data: {
            env: env.name,
            key,
            file: env.file,
            others: listing(holders.map((holder) => `${holder.name} (${holder.where(key)})`)),
          },
          location: env.locate(key),
          related: holders.map((holder) => ({ location: holder.locate(key), message: `${key} is set in ${holder.name}` })),
          fix: `add ${key} to ${env.file}, or list it under config.env_specific if only some environments need it`,
          identity: [env.name, key],
        }),
      );
    }
    findings.push(...typeMismatches(context, key, holders, reportedElsewhere));
  }
  return findings;
}

/** Every key of every environment, first by the first environment's order. */
function unionOfKeys(envs: readonly Environment[]): Set<string> {
  const keys = new Set<string>();
  for (const env of envs) for (const key of env.entries.keys()) keys.add(key);
  return keys;
}

/**
 * Keys that must exist everywhere: every key that is not env-specific and
 * has no keys under it, plus the mappings that contain them. A mapping whose
 * keys are all env-specific (`tracing` holding only `tracing.endpoint`) may
 * be absent as a whole.
 */
function keysEveryEnvironmentNeeds(context: EvaluationContext, keys: ReadonlySet<string>): Set<string> {
  const parents = new Set<string>();
  for (const key of keys) {
    const parent = parentOf(key);
    if (parent !== undefined) parents.add(parent);
  }
  const needed = new Set<string>();
  for (const key of keys) {
    if (parents.has(key) || context.isEnvSpecific(key)) continue;
    for (let ancestor: string | undefined = key; ancestor !== undefined && !needed.has(ancestor); ancestor = parentOf(ancestor)) {
      needed.add(ancestor);
    }
  }
  return needed;
}

/**
 * An absent key is reported only where its parent mapping exists: if all of
 * `tracing` is missing, one finding for `tracing` says it, and if `tracing`
 * is a scalar there, the type mismatch on `tracing` says it.
 */
function parentIsMapping(env: Environment, key: string): boolean {
  const parent = parentOf(key);
  return parent === undefined || env.entries.get(parent)?.kind === 'mapping';
}

/** Flags each environment whose type differs from the most common one (ties go to the first environment). */
function typeMismatches(
  context: EvaluationContext,
  key: string,
  holders: readonly Environment[],
  reportedElsewhere: (env: string, key: string) => boolean,
): Finding[] {
  const entryOf = (env: Environment): ConfigEntry => env.entries.get(key) as ConfigEntry;
  const counts = new Map<string, number>();
  for (const env of holders) counts.set(entryOf(env).kind, (counts.get(entryOf(env).kind) ?? 0) + 1);
  if (counts.size <= 1) return [];
  let expected = '';
  let best = 0;
  for (const [kind, count] of counts) {
    if (count > best) {
      expected = kind;
      best = count;
    }
  }
  const findings: Finding[] = [];
  for (const env of holders) {
    const entry = entryOf(env);
    if (entry.kind === expected || reportedElsewhere(env.name, key)) continue;
    const others = holders.filter((other) => other !== env);
    findings.push(
      context.finding('config/type-mismatch', {
        data: {
          env: env.name,
          key,
          kind: describeKind(entry),
          where: env.where(key),
          others: listing(others.map((other) => `${describeKind(entryOf(other))} in ${other.name} (${other.where(key)})`)),
        },
        location: env.locate(key),
        related: others.map((other) => ({
          location: other.locate(key),
          message: `${key} is ${describeKind(entryOf(other))} in ${other.name}`,
        })),
        fix: `give ${key} the same type in every environment: durations as strings with a unit (15s), numbers and booleans unquoted`,
        identity: [env.name, key],
      }),
    );
  }
  return findings;
}
