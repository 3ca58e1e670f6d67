/**
 * Turns the validated `config` policy slice into ready-to-run rules once:
 * patterns and regular expressions are compiled and invariants parsed here,
 * not per key or per environment, and every policy mistake becomes an
 * InputError pointing at its line in the policy file.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { ConfigScalar } from '../../config-formats/index.js';
import type { SourceLocation } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { InvariantSyntaxError, parseInvariant } from './invariant-parser.js';
import type { Invariant } from './invariant-parser.js';
import { compileKeyPattern } from './key-pattern.js';
import type { KeyPattern } from './key-pattern.js';
import { toQuantity } from './quantity.js';
import type { Quantity } from './quantity.js';
import type { ConfigConstraintOptions, ConfigPolicyOptions } from './schema.js';

/** Where a policy key path was declared. */
export type PolicyLocator = (keyPath: readonly (string | number)[]) => SourceLocation;

export interface EnvironmentSpec {
  name: string;
  /** Repository-relative, forward slashes. */
  file: string;
  declaredAt: SourceLocation;
}

export interface Bound {
  text: string;
  quantity: Quantity;
}

export interface CompiledConstraint {
  key: KeyPattern;
  /** Environments named by `env`; undefined means every environment. */
  envs: ReadonlySet<string> | undefined;
  in?: readonly ConfigScalar[];
  not?: readonly ConfigScalar[];
  pattern?: RegExp;
  /** The pattern as written in the policy, for messages. */
  patternText?: string;
  min?: Bound;
  max?: Bound;
  /** The constraint written as an expression, e.g. `http.port >= 1 and http.port <= 65535`. */
  text: string;
  declaredAt: SourceLocation;
}

export interface CompiledInvariant {
  invariant: Invariant;
  /** One pattern per operand; undefined for literals. */
  patterns: (KeyPattern | undefined)[];
  declaredAt: SourceLocation;
}

export interface CompiledRequirement {
  key: KeyPattern;
  declaredAt: SourceLocation;
}

export interface CompiledConfigPolicy {
  /** In policy order. */
  environments: EnvironmentSpec[];
  required: CompiledRequirement[];
  envSpecific: KeyPattern[];
  constraints: CompiledConstraint[];
  invariants: CompiledInvariant[];
  /** Environments scanned for secrets and placeholders. */
  secretEnvs: ReadonlySet<string>;
  secretAllow: KeyPattern[];
}

/** Environment names that are not scanned for secrets unless `secrets.envs` says otherwise. */
export const LOCAL_ENVIRONMENTS: ReadonlySet<string> = new Set(['dev', 'development', 'local']);

/** Compiles the policy slice; throws InputError at the policy line of the first mistake. */
export function compileConfigPolicy(options: ConfigPolicyOptions, locate: PolicyLocator): CompiledConfigPolicy {
  const environments = compileEnvironments(options, locate);
  const names = new Set(environments.map((env) => env.name));
  const checkEnvNames = (list: readonly string[] | undefined, at: readonly (string | number)[]): void => {
    list?.forEach((name, index) => {
      if (!names.has(name)) {
        throw new InputError(`unknown environment "${name}"`, {
          location: locate([...at, index]),
          fix: `use one of the environments declared under config.environments: ${[...names].join(', ')}`,
        });
      }
    });
  };

  const constraints = (options.constraints ?? []).map((constraint, index) => {
    checkEnvNames(constraint.env, ['config', 'constraints', index, 'env']);
    return compileConstraint(constraint, ['config', 'constraints', index], locate);
  });

  const invariants = (options.invariants ?? []).map((source, index) => {
    const at = ['config', 'invariants', index];
    try {
      const invariant = parseInvariant(source);
      return {
        invariant,
        patterns: invariant.operands.map((operand) => (operand.type === 'key' ? compileKeyPattern(operand.path) : undefined)),
        declaredAt: locate(at),
      };
    } catch (error) {
      if (!(error instanceof InvariantSyntaxError)) throw error;
      throw new InputError(`invalid invariant "${source}": ${error.message} (column ${error.column})`, {
        location: locate(at),
        fix: 'write it as `key op key-or-value`, e.g. "http.write_timeout > http.handler_timeout"; operators: > >= < <= == !=',
      });
    }
  });

  checkEnvNames(options.secrets?.envs, ['config', 'secrets', 'envs']);
  const secretEnvs = new Set(options.secrets?.envs ?? environments.map((env) => env.name).filter((name) => !LOCAL_ENVIRONMENTS.has(name)));

  return {
    environments,
    required: (options.required ?? []).map((key, index) => ({ key: compileKeyPattern(key), declaredAt: locate(['config', 'required', index]) })),
    envSpecific: (options.env_specific ?? []).map(compileKeyPattern),
    constraints,
    invariants,
    secretEnvs,
    secretAllow: (options.secrets?.allow ?? []).map(compileKeyPattern),
  };
}

function compileEnvironments(options: ConfigPolicyOptions, locate: PolicyLocator): EnvironmentSpec[] {
  // The engine adds a boolean `locked` to every policy object; only string values are environments.
  const declared = Object.entries(options.environments).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (declared.length === 0) {
    throw new InputError('config.environments declares no environment', {
      location: locate(['config', 'environments']),
      fix: 'list each environment and its config file, e.g. `prod: config/prod.yaml`',
    });
  }
  const specs = declared.map(([name, file]) => {
    const declaredAt = locate(['config', 'environments', name]);
    const normalized = path.posix.normalize(file.replaceAll('\\', '/'));
    if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
      throw new InputError(`the config file of environment "${name}" (${file}) is outside the repository`, {
        location: declaredAt,
        fix: 'give a path relative to the repository root, e.g. config/prod.yaml',
      });
    }
    return { name, file: normalized, declaredAt };
  });
  // Files are grouped by what the wildcards matched, so every path needs the same number of them.
  const wildcards = (file: string): number => file.split('/').filter((segment) => picomatch.scan(segment).isGlob).length;
  const first = specs[0];
  const odd = specs.find((spec) => first && wildcards(spec.file) !== wildcards(first.file));
  if (first && odd) {
    throw new InputError(`the config paths of "${first.name}" (${first.file}) and "${odd.name}" (${odd.file}) have different wildcards`, {
      location: odd.declaredAt,
      fix: 'use the same number of wildcard path segments in every environment, e.g. services/*/config/dev.yaml and services/*/config/prod.yaml',
    });
  }
  return specs;
}

function compileConstraint(
  constraint: ConfigConstraintOptions,
  at: readonly (string | number)[],
  locate: PolicyLocator,
): CompiledConstraint {
  const bound = (name: 'min' | 'max'): Bound | undefined => {
    const value = constraint[name];
    if (value === undefined) return undefined;
    const quantity = toQuantity(value);
    if (!quantity) {
      throw new InputError(`constraint ${name} "${String(value)}" is not a number, duration or byte size`, {
        location: locate([...at, name]),
        fix: 'use a number (100), a duration (1s, 1m30s) or a byte size (512KiB, 10MB)',
      });
    }
    return { text: String(value), quantity };
  };
  let pattern: RegExp | undefined;
  if (constraint.pattern !== undefined) {
    try {
      pattern = new RegExp(constraint.pattern, 'u');
    } catch (error) {
      throw new InputError(`constraint pattern is not a valid regular expression: ${(error as Error).message}`, {
        location: locate([...at, 'pattern']),
        fix: 'write a JavaScript regular expression, e.g. "^https://"',
      });
    }
  }
  const min = bound('min');
  const max = bound('max');
  const key = constraint.key;
  const parts = [
    constraint.in && `${key} in [${constraint.in.map(String).join(', ')}]`,
    constraint.not && `${key} not in [${constraint.not.map(String).join(', ')}]`,
    pattern && `${key} matches /${constraint.pattern ?? ''}/`,
    min && `${key} >= ${min.text}`,
    max && `${key} <= ${max.text}`,
  ].filter((part): part is string => typeof part === 'string');
  return {
    key: compileKeyPattern(key),
    envs: constraint.env ? new Set(constraint.env) : undefined,
    ...(constraint.in && { in: constraint.in }),
    ...(constraint.not && { not: constraint.not }),
    ...(pattern && { pattern, patternText: constraint.pattern }),
    ...(min && { min }),
    ...(max && { max }),
    text: parts.join(' and '),
    declaredAt: locate(at),
  };
}
