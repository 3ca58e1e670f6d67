/**
 * The `dependencies` policy slice: its JSON Schema (the one source of
 * defaults) and its reading into typed rules.
 */
import semver from 'semver';
import type { EcosystemId } from '../../ecosystems/types.js';
import { expiresSchema, formatDate, parseExpiryDate } from '../../engine/expiry.js';
import { InputError } from '../../model/errors.js';
import type { ResolvedPolicyView } from '../../model/check.js';

/** An allow or deny entry. `versions` defaults to every version (`*`). */
export interface DependencyRule {
  /** Package name or module path; picomatch glob where `*` stays within one `/` segment and `**` crosses them. */
  name: string;
  versions?: string;
  reason?: string;
  /** What to use instead (deny entries). */
  replacement?: string;
}

export interface EcosystemRules {
  allow: DependencyRule[];
  deny: DependencyRule[];
}

/** A time-boxed waiver for one dependency. */
export interface DependencyException {
  ecosystem: EcosystemId;
  name: string;
  /** Versions the waiver covers (default every version). */
  versions?: string;
  reason: string;
  /** Last day (UTC, inclusive) the waiver applies, `YYYY-MM-DD`. */
  expires: string;
}

export type Scope = 'direct' | 'all';
export type UnlistedMode = 'allow' | 'warn' | 'deny';

export interface DependencyPolicy {
  scope: Scope;
  unlisted: UnlistedMode;
  /** Repository-relative globs of manifests to leave out. */
  ignore: string[];
  /** Rules per ecosystem; an ecosystem absent here is not configured. */
  ecosystems: Partial<Record<EcosystemId, EcosystemRules>>;
  exceptions: DependencyException[];
}

const ruleSchema = (kind: 'allow' | 'deny'): Record<string, unknown> => ({
  type: 'object',
  description:
    kind === 'allow'
      ? 'A package (or glob of packages) that may be used, optionally only in a version range.'
      : 'A package (or glob of packages) that must not be used, optionally only in a version range.',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: 'Package name or Go module path. Globs: `*` matches within one path segment (does not cross `/`), `**` crosses segments, `{a,b}` alternatives.',
      examples: ['github.com/gin-gonic/gin', 'golang.org/x/*', '@types/*'],
    },
    versions: {
      type: 'string',
      minLength: 1,
      default: '*',
      description: 'npm-style semver range the rule applies to; Go versions are compared without the leading `v`.',
      examples: ['>=1.10.0 <2', '*', '^4.17.21'],
    },
    reason: { type: 'string', description: kind === 'deny' ? 'Why the package is denied; shown in the finding.' : 'Why the package is allowed.', examples: ['unmaintained', 'CVE-2023-29401'] },
    ...(kind === 'deny'
      ? { replacement: { type: 'string', description: 'What to use instead; shown in the fix hint.', examples: ['github.com/golang-jwt/jwt/v5'] } }
      : {}),
    locked: { type: 'boolean', description: 'Set by the policy engine: the entry comes from a base policy and cannot be overridden.' },
  },
});

const ecosystemSchema = (title: string): Record<string, unknown> => ({
  type: 'object',
  description: `Allow and deny lists for ${title} dependencies. Configuring the key makes the check evaluate that ecosystem.`,
  additionalProperties: false,
  properties: {
    allow: { type: 'array', items: ruleSchema('allow'), default: [], description: 'Packages that may be used. A package matched by name but outside every matching range is a `deps/not-allowed-version` violation.' },
    deny: { type: 'array', items: ruleSchema('deny'), default: [], description: 'Packages that must not be used (checked before `allow`).' },
    locked: { type: 'boolean', description: 'Set by the policy engine.' },
  },
});

/** JSON Schema (draft 2020-12) of the `dependencies` policy key. */
export const dependenciesSchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'Dependency allowlists and denylists for Go modules and npm packages.',
  additionalProperties: false,
  properties: {
    scope: {
      enum: ['direct', 'all'],
      default: 'direct',
      description: '`direct` evaluates dependencies listed in go.mod without `// indirect` and in package.json; `all` adds indirect Go requires and every package-lock.json entry.',
    },
    unlisted: {
      enum: ['allow', 'warn', 'deny'],
      default: 'allow',
      description: 'What to report for a dependency no allow or deny entry names (in a configured ecosystem): nothing, a warning, or an error.',
    },
    ignore: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      description: 'Repository-relative globs of manifests not to check (test fixtures, examples).',
      examples: [['test/fixtures/**', 'examples/*/go.mod']],
    },
    go: ecosystemSchema('Go module'),
    npm: ecosystemSchema('npm'),
    exceptions: {
      type: 'array',
      default: [],
      description: 'Time-boxed waivers, evaluated before deny and allow. An expired waiver is an error; a waiver that matches nothing is a warning.',
      items: {
        type: 'object',
        required: ['ecosystem', 'name', 'reason', 'expires'],
        additionalProperties: false,
        properties: {
          ecosystem: { enum: ['go', 'npm'], description: 'Ecosystem of the package.' },
          name: { type: 'string', minLength: 1, description: 'Package name or module path (same glob rules as allow/deny).', examples: ['github.com/foo/bar'] },
          versions: { type: 'string', minLength: 1, description: 'Versions covered (semver range); every version when absent.', examples: ['1.2.3', '<2'] },
          reason: { type: 'string', minLength: 1, description: 'Why the waiver exists (ticket, owner).', examples: ['migration tracked in PLAT-123'] },
          expires: expiresSchema,
          locked: { type: 'boolean', description: 'Set by the policy engine.' },
        },
      },
    },
    locked: { type: 'boolean', description: 'Set by the policy engine.' },
  },
  examples: [
    {
      scope: 'direct',
      unlisted: 'warn',
      go: {
        allow: [
          { name: 'github.com/gin-gonic/gin', versions: '>=1.10.0 <2' },
          { name: 'golang.org/x/*', versions: '*' },
        ],
        deny: [{ name: 'github.com/dgrijalva/jwt-go', reason: 'unmaintained', replacement: 'github.com/golang-jwt/jwt/v5' }],
      },
      exceptions: [{ ecosystem: 'go', name: 'github.com/foo/bar', versions: '1.2.3', reason: 'PLAT-123', expires: '2027-01-31' }],
    },
  ],
};

/** Locates a key path relative to the `dependencies` section (`['go', 'allow', 0, 'versions']`) in the policy file. */
export type LocateInSection = ResolvedPolicyView['locate'];
type Locate = LocateInSection;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `YYYY-MM-DD` from a string or a Date (YAML may have turned the value into a timestamp); undefined for impossible dates. */
function toDay(value: unknown): string | undefined {
  const date = parseExpiryDate(value);
  return date === undefined ? undefined : formatDate(date);
}

function policyError(locate: Locate | undefined, path: (string | number)[], message: string, fix: string): InputError {
  const where = locate?.(path);
  return new InputError(`policy dependencies.${path.join('.')}: ${message}`, {
    ...(where ? { location: where } : {}),
    fix,
  });
}

function readRange(value: unknown, locate: Locate | undefined, path: (string | number)[]): string | undefined {
  if (value === undefined) return undefined;
  // Ranges are checked with includePrerelease so Go pseudo-version ranges validate too.
  if (typeof value !== 'string' || semver.validRange(value, { includePrerelease: true }) === null) {
    throw policyError(locate, path, `${JSON.stringify(value)} is not a semver range`, 'Write an npm-style range such as ">=1.10.0 <2", "^4.17.0" or "*".');
  }
  return value;
}

function readRules(value: unknown, locate: Locate | undefined, path: (string | number)[]): DependencyRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw policyError(locate, path, 'must be a list', 'Write a list of { name, versions } entries.');
  return value.map((raw: unknown, index): DependencyRule => {
    if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '') {
      throw policyError(locate, [...path, index], 'needs a name', 'Give every entry a `name`.');
    }
    const versions = readRange(raw.versions, locate, [...path, index, 'versions']);
    return {
      name: raw.name,
      ...(versions !== undefined ? { versions } : {}),
      ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
      ...(typeof raw.replacement === 'string' ? { replacement: raw.replacement } : {}),
    };
  });
}

/**
 * Reads the `dependencies` slice (already schema-validated by the engine,
 * but checked again where the schema cannot: ranges and dates), applying the
 * schema's defaults. `locate` receives paths relative to the `dependencies`
 * section and points errors at the policy file.
 */
export function readDependencyPolicy(options: unknown, locate?: Locate): DependencyPolicy {
  const raw = isRecord(options) ? options : {};
  const scope: Scope = raw.scope === 'all' ? 'all' : 'direct';
  const unlisted: UnlistedMode = raw.unlisted === 'warn' || raw.unlisted === 'deny' ? raw.unlisted : 'allow';
  const ignore = Array.isArray(raw.ignore) ? raw.ignore.filter((g): g is string => typeof g === 'string') : [];
  const ecosystems: DependencyPolicy['ecosystems'] = {};
  for (const id of ['go', 'npm'] as const) {
    const slice = raw[id];
    if (slice === undefined || slice === null) continue;
    if (!isRecord(slice)) throw policyError(locate, [id], 'must be an object with allow and deny lists', 'Write `allow: []` and `deny: []` under it.');
    ecosystems[id] = { allow: readRules(slice.allow, locate, [id, 'allow']), deny: readRules(slice.deny, locate, [id, 'deny']) };
  }
  const rawExceptions = Array.isArray(raw.exceptions) ? (raw.exceptions as unknown[]) : [];
  const exceptions = rawExceptions.map((entry, index): DependencyException => {
    const path = ['exceptions', index];
    if (!isRecord(entry)) throw policyError(locate, path, 'must be an object', 'Write { ecosystem, name, reason, expires }.');
    if (entry.ecosystem !== 'go' && entry.ecosystem !== 'npm') {
      throw policyError(locate, [...path, 'ecosystem'], 'must be go or npm', 'Set ecosystem to go or npm.');
    }
    if (typeof entry.name !== 'string' || entry.name === '') throw policyError(locate, [...path, 'name'], 'is required', 'Name the package.');
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw policyError(locate, [...path, 'reason'], 'is required', 'Say why the exception exists (ticket, owner).');
    }
    const expires = toDay(entry.expires);
    if (expires === undefined) {
      throw policyError(locate, [...path, 'expires'], 'must be a date YYYY-MM-DD', 'Set the last day the exception applies, e.g. 2027-01-31.');
    }
    const versions = readRange(entry.versions, locate, [...path, 'versions']);
    return { ecosystem: entry.ecosystem, name: entry.name, reason: entry.reason, expires, ...(versions !== undefined ? { versions } : {}) };
  });
  return { scope, unlisted, ignore, ecosystems, exceptions };
}
