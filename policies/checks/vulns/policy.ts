/**
 * The `vulnerabilities` section of the policy: its JSON Schema (the only
 * place its defaults are written) and the typed, defaulted view the check uses.
 */
import { expiresSchema } from '../../engine/expiry.js';
import type { FailOn } from './severity.js';

/** One accepted vulnerability: matched by id or any alias, with a reason and a last day. */
export interface IgnoreRule {
  id: string;
  reason: string;
  /** `YYYY-MM-DD` (or a Date, when YAML read it as a timestamp). */
  expires: string | Date;
}

/** The resolved `vulnerabilities` policy. */
export interface VulnerabilityPolicy {
  /** Findings at or above this severity (or CVSS score) are errors; the rest are warnings. */
  failOn: FailOn;
  /** Whether a vulnerability with no known severity fails the gate or only warns. */
  unknownSeverity: 'fail' | 'warn';
  ignore: IgnoreRule[];
  /** Offline database directory, repository-relative (or absolute); online when unset. */
  offlineDb?: string;
  /** Time budget of one osv-scanner run, in seconds. */
  timeoutSeconds: number;
  /** Repository-relative directories osv-scanner scans recursively. */
  paths: string[];
  /** Repository-relative globs of directories it skips. */
  exclude: string[];
}

export const defaults = {
  fail_on: 'high',
  unknown_severity: 'fail',
  timeout: 300,
  paths: ['.'],
} as const;

/** JSON Schema (draft 2020-12) of the `vulnerabilities` key. */
export const vulnerabilityPolicySchema = {
  type: 'object',
  description: 'Vulnerability gate: runs osv-scanner on the repository and fails on known vulnerabilities at or above a severity.',
  additionalProperties: false,
  properties: {
    fail_on: {
      description:
        'Lowest severity that fails the gate: critical, high, medium, low or any, or a CVSS base score (0-10). Findings below it are warnings.',
      default: defaults.fail_on,
      oneOf: [
        { type: 'string', enum: ['critical', 'high', 'medium', 'low', 'any'] },
        { type: 'number', minimum: 0, maximum: 10 },
      ],
    },
    unknown_severity: {
      description: 'What to do with a vulnerability whose records carry no CVSS vector and no GitHub severity.',
      type: 'string',
      enum: ['fail', 'warn'],
      default: defaults.unknown_severity,
    },
    ignore: {
      description: 'Accepted vulnerabilities. An id also matches its aliases (a GHSA id covers its GO and CVE ids).',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'reason', 'expires'],
        properties: {
          id: { type: 'string', minLength: 1, description: 'Vulnerability id or alias: GHSA-…, GO-…, CVE-….' },
          reason: { type: 'string', minLength: 1, description: 'Why the vulnerability does not apply or is accepted.' },
          expires: expiresSchema,
        },
      },
    },
    offline_db: {
      description:
        'Scan offline against this directory (repository-relative) holding <Ecosystem>/all.zip files, or a directory laid out as osv-scalibr/<Ecosystem>/all.zip. --offline-db overrides it.',
      type: 'string',
      minLength: 1,
    },
    timeout: {
      description: 'Seconds one osv-scanner run may take before it is stopped and the gate fails.',
      type: 'number',
      exclusiveMinimum: 0,
      default: defaults.timeout,
    },
    paths: {
      description: 'Repository-relative directories to scan recursively (osv-scanner honours .gitignore).',
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      default: defaults.paths,
    },
    exclude: {
      description:
        'Repository-relative globs of directories not to scan, such as test fixtures: test/fixtures, **/testdata (* stays within one directory, ** crosses them).',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      examples: [['test/fixtures', '**/testdata']],
    },
  },
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The typed policy from the (schema-validated) `vulnerabilities` value, with
 * defaults for absent keys. An absent section means "all defaults".
 */
export function resolvePolicy(options: unknown): VulnerabilityPolicy {
  const o = isRecord(options) ? options : {};
  const failOn = o.fail_on;
  const ignore = Array.isArray(o.ignore) ? o.ignore.filter(isRecord) : [];
  return {
    failOn: typeof failOn === 'number' || typeof failOn === 'string' ? (failOn as FailOn) : defaults.fail_on,
    unknownSeverity: o.unknown_severity === 'warn' ? 'warn' : defaults.unknown_severity,
    ignore: ignore.map((rule) => ({
      id: String(rule.id),
      reason: String(rule.reason),
      expires: rule.expires instanceof Date ? rule.expires : String(rule.expires),
    })),
    ...(typeof o.offline_db === 'string' ? { offlineDb: o.offline_db } : {}),
    timeoutSeconds: typeof o.timeout === 'number' ? o.timeout : defaults.timeout,
    paths: Array.isArray(o.paths) ? o.paths.map(String) : [...defaults.paths],
    exclude: Array.isArray(o.exclude) ? o.exclude.map(String) : [],
  };
}
