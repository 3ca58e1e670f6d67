/**
 * The `config` slice of the policy: its TypeScript shape and its JSON Schema.
 * The schema is the one source of what the slice accepts; the engine validates
 * the policy against it before the check runs.
 */
import type { ConfigScalar } from '../../config-formats/index.js';

export interface ConfigConstraintOptions {
  key: string;
  env?: string[];
  in?: ConfigScalar[];
  not?: ConfigScalar[];
  pattern?: string;
  min?: number | string;
  max?: number | string;
}

export interface ConfigPolicyOptions {
  /** Environment name → repository-relative config file. */
  environments: Record<string, string | boolean>;
  required?: string[];
  env_specific?: string[];
  constraints?: ConfigConstraintOptions[];
  invariants?: string[];
  secrets?: { envs?: string[]; allow?: string[] };
}

const keyPath = {
  type: 'string',
  minLength: 1,
  description: 'A dotted key path; `*` matches one level and `**` any number of levels.',
  examples: ['http.port', 'clients.*.timeout'],
};

const scalar = { type: ['string', 'number', 'boolean', 'null'] };

const bound = {
  type: ['number', 'string'],
  description: 'A number, or a duration (`1s`, `1m30s`) or byte size (`512KiB`, `10MB`) to compare values with units.',
  examples: [1, '1s', '10MiB'],
};

export const configSchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'config',
  description: 'Cross-environment config consistency: the same keys and types in every environment, per-environment constraints, invariants between keys, and no secrets or placeholders in deployed environments.',
  type: 'object',
  required: ['environments'],
  additionalProperties: false,
  properties: {
    environments: {
      type: 'object',
      description:
        'Each environment and its config file, relative to the repository root: YAML (.yaml, .yml), JSON (.json) or dotenv (.env). Globs (services/*/config/prod.yaml) cover many services; files are grouped by what the wildcards matched.',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
      additionalProperties: { type: 'string', minLength: 1 },
      examples: [
        { dev: 'config/dev.yaml', staging: 'config/staging.yaml', prod: 'config/prod.yaml' },
        { dev: 'services/*/config/dev.yaml', prod: 'services/*/config/prod.yaml' },
      ],
    },
    required: {
      type: 'array',
      description: 'Keys every environment must set to a non-null value.',
      items: keyPath,
      examples: [['http.port', 'http.handler_timeout']],
    },
    env_specific: {
      type: 'array',
      description: 'Keys (and everything under them) that may be absent from, or differently typed in, some environments.',
      items: keyPath,
      examples: [['tracing.endpoint', 'features.*']],
    },
    constraints: {
      type: 'array',
      description: 'Rules for the value of a key, in all environments or those listed in `env`. A constrained key that is absent is a finding.',
      items: {
        type: 'object',
        required: ['key'],
        additionalProperties: false,
        anyOf: [{ required: ['in'] }, { required: ['not'] }, { required: ['pattern'] }, { required: ['min'] }, { required: ['max'] }],
        properties: {
          key: keyPath,
          env: {
            type: 'array',
            description: 'Environments the constraint applies to; all when omitted.',
            items: { type: 'string' },
            minItems: 1,
          },
          in: { type: 'array', description: 'Allowed values.', items: scalar, minItems: 1, examples: [['info', 'warn', 'error']] },
          not: { type: 'array', description: 'Forbidden values.', items: scalar, minItems: 1, examples: [['debug']] },
          pattern: { type: 'string', description: 'A JavaScript regular expression the value must match.', examples: ['^https://'] },
          min: { ...bound, description: `Smallest allowed value. ${bound.description}` },
          max: { ...bound, description: `Largest allowed value. ${bound.description}` },
        },
      },
      examples: [[{ key: 'log.level', env: ['prod'], in: ['info', 'warn', 'error'] }, { key: 'http.port', min: 1, max: 65535 }]],
    },
    invariants: {
      type: 'array',
      description: 'Comparisons that must hold in every environment: `operand (op operand)+` with >, >=, <, <=, ==, !=. Operands are key paths (with wildcards: every match must satisfy it) or literals (100, 30s, 1MiB). Units are understood.',
      items: { type: 'string', minLength: 1 },
      examples: [['http.write_timeout > http.handler_timeout', 'http.handler_timeout > clients.*.timeout']],
    },
    secrets: {
      type: 'object',
      description: 'Where to look for committed secrets and placeholder values.',
      additionalProperties: false,
      properties: {
        envs: {
          type: 'array',
          description: 'Environments to scan; by default every environment except dev, development and local.',
          items: { type: 'string' },
          examples: [['staging', 'prod']],
        },
        allow: {
          type: 'array',
          description: 'Keys whose values are known not to be secrets (e.g. a public token), exempt from the scan.',
          items: keyPath,
          examples: [['analytics.public_key']],
        },
      },
    },
  },
};
