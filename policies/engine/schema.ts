/**
 * The policy schema: a top-level schema (version, extends) composed with each
 * registered check's `meta.schema` under its `meta.policyKey`, plus the
 * validation that turns ajv errors into messages naming file, line and column.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Check } from '../model/check.js';
import type { SourceLocation } from '../model/finding.js';
import { describeValue, isPlainObject, type PolicyPath } from './load-policy.js';
import { dotted } from './merge.js';
import { compareText } from '../model/text-order.js';

export type JsonSchema = Record<string, unknown>;

const lockedSchema = {
  type: 'boolean',
  description: 'Set in a central policy to stop repositories that extend it from relaxing this mapping or rule.',
} as const;

/** The keys every policy file may have, whatever checks are registered. */
export const headerProperties: Record<string, JsonSchema> = {
  version: { const: 1, description: 'Version of the policy format. Must be 1.', examples: [1] },
  extends: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description:
      'Policies this one builds on, applied in order before this file: paths relative to this file, or npm packages installed in the repository.',
    examples: [['@acme/goldenpath-policy', './policies/team.yaml']],
  },
};

/** Composes the whole policy schema from the registered checks (sorted by policy key). */
export function composePolicySchema(checks: readonly Check[]): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...headerProperties };
  for (const check of [...checks].sort((a, b) => compareText(a.meta.policyKey, b.meta.policyKey))) {
    // A slice's own $schema is only valid at a schema root; the composed schema declares the dialect once.
    const { $schema: _dialect, ...own } = structuredClone(check.meta.schema);
    const slice = withLocked(own);
    if (typeof slice.description !== 'string') slice.description = check.meta.description;
    properties[check.meta.policyKey] = slice;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'goldenpath policy',
    description: 'The policy `goldenpath check` enforces: one section per check; a check runs when its section is present.',
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties,
  };
}

/**
 * Adds `locked: boolean` to every object schema inside `schema`, so central
 * policies can lock any mapping or rule without each check declaring it.
 */
export function withLocked(schema: JsonSchema): JsonSchema {
  const isObjectSchema = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || isPlainObject(schema.properties);
  if (isObjectSchema) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    if (!('locked' in properties)) schema.properties = { ...properties, locked: { ...lockedSchema } };
  }
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']) {
    const children = schema[key];
    if (isPlainObject(children)) for (const child of Object.values(children)) if (isPlainObject(child)) withLocked(child);
  }
  for (const key of ['items', 'additionalProperties', 'unevaluatedProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']) {
    const child = schema[key];
    if (isPlainObject(child)) withLocked(child);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    const children = schema[key];
    if (Array.isArray(children)) for (const child of children) if (isPlainObject(child)) withLocked(child);
  }
  return schema;
}

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const compiled = new Map<string, (data: unknown) => ErrorObject[]>();

/**
 * A validator for `schema`; `useDefaults` fills in schema defaults so checks
 * see them. Compiling is the slow part, so validators are cached per schema text.
 */
export function compileValidator(schema: JsonSchema): (data: unknown) => ErrorObject[] {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  const validator = compileUncached(schema);
  compiled.set(key, validator);
  return validator;
}

function compileUncached(schema: JsonSchema): (data: unknown) => ErrorObject[] {
  // validateSchema: false skips compiling the meta-schema on every run; test/policies/engine/schema-validity.test.ts checks ours.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}

export interface SchemaProblem {
  location: SourceLocation;
  message: string;
}

/**
 * Turns ajv errors into one message per problem, each located in the policy
 * file that defined the offending key (via `locate`).
 */
export function describeSchemaErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  locate: (path: PolicyPath, target: 'key' | 'value') => SourceLocation,
): SchemaProblem[] {
  // Alternatives (anyOf/oneOf) report every branch's error; keep only the summary of the alternative.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath);
  const problems = new Map<string, SchemaProblem>();
  for (const error of errors) {
    if (alternatives.some((prefix) => error.schemaPath !== prefix && error.schemaPath.startsWith(`${prefix}/`))) continue;
    // propertyNames reports once for the mapping and once per bad key; the per-key error says more.
    if (error.keyword === 'propertyNames') continue;
    const path = instancePath(error.instancePath, data);
    const problem = describeError(error, path, locate);
    const key = `${problem.location.file}:${problem.location.line ?? 0}:${problem.location.column ?? 0}:${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()].sort(
    (a, b) =>
      compareText(a.location.file, b.location.file) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0) ||
      compareText(a.message, b.message),
  );
}

const expectationKeywords = new Set([
  'type', 'const', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format', 'pattern', 'minLength', 'maxLength',
]);

function describeError(error: ErrorObject, path: PolicyPath, locate: (path: PolicyPath, target: 'key' | 'value') => SourceLocation): SchemaProblem {
  const name = dotted(path);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
    const allowed = isPlainObject(error.parentSchema) && isPlainObject(error.parentSchema.properties) ? Object.keys(error.parentSchema.properties) : [];
    const where = path.length === 0 ? 'unknown top-level key' : `unknown key in ${name}:`;
    return {
      location: locate([...path, extra], 'key'),
      message: `${where} "${extra}"${allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}`,
    };
  }
  if (error.propertyName !== undefined && isPlainObject(error.parentSchema)) {
    return {
      location: locate([...path, error.propertyName], 'key'),
      message: `${name} has an invalid key "${error.propertyName}": keys must be ${describeExpected(error.parentSchema)}`,
    };
  }
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    return { location: locate(path, 'key'), message: `${name} is missing the required key "${missing}"` };
  }
  if (expectationKeywords.has(error.keyword) && isPlainObject(error.parentSchema)) {
    return {
      location: locate(path, 'value'),
      message: `${name} must be ${describeExpected(error.parentSchema)}, got ${describeValue(error.data)}`,
    };
  }
  if ((error.keyword === 'anyOf' || error.keyword === 'oneOf') && Array.isArray(error.schema)) {
    const forms = error.schema.filter(isPlainObject).map(describeExpected);
    return { location: locate(path, 'value'), message: `${name} must be ${forms.join(', or ')}, got ${describeValue(error.data)}` };
  }
  return { location: locate(path, 'value'), message: `${name} ${error.message ?? 'is invalid'}` };
}

/** What a schema accepts, in words: "a number between 0 and 100", "one of: direct, all". */
export function describeExpected(schema: JsonSchema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === 'string' ? [schema.type] : [];
  const described = types.map((type) => describeType(type, schema));
  if (described.length > 0) return described.join(' or ');
  // String keywords without a type (as in propertyNames) still say what they expect.
  if (typeof schema.pattern === 'string' || typeof schema.format === 'string' || typeof schema.minLength === 'number') return describeType('string', schema);
  if (typeof schema.$ref === 'string') return `a valid ${schema.$ref.split('/').pop() ?? 'value'}`;
  return 'a valid value';
}

function describeType(type: string, schema: JsonSchema): string {
  switch (type) {
    case 'number':
    case 'integer': {
      const noun = type === 'integer' ? 'a whole number' : 'a number';
      const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
      const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
      if (min !== undefined && max !== undefined) return `${noun} between ${min} and ${max}`;
      if (min !== undefined) return `${noun} of at least ${min}`;
      if (max !== undefined) return `${noun} of at most ${max}`;
      if (typeof schema.exclusiveMinimum === 'number') return `${noun} greater than ${schema.exclusiveMinimum}`;
      return noun;
    }
    case 'string': {
      if (schema.format === 'date') return 'a date written YYYY-MM-DD';
      if (typeof schema.format === 'string') return `a string in ${schema.format} format`;
      if (typeof schema.pattern === 'string') return `a string matching /${schema.pattern}/`;
      if (schema.minLength === 1) return 'a non-empty string';
      return 'a string';
    }
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'null':
      return 'empty';
    default:
      return type;
  }
}

/** Converts an ajv instancePath (`/dependencies/npm/allow/2`) to a key path, numbers for list indexes. */
function instancePath(pointer: string, data: unknown): PolicyPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = isPlainObject(current) ? current[segment] : undefined;
    }
  }
  return path;
}
