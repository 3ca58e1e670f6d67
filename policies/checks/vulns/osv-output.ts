/**
 * The slice of osv-scanner's `--format json` output that the vulnerability
 * gate reads, and its validation.
 *
 * The schema names only the fields we use and allows everything else, so a
 * newer osv-scanner that adds fields still parses, while output that lacks a
 * field we depend on is rejected instead of being read as "no findings".
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { jsonText } from './json-text.js';

/** One entry of an OSV record's `severity[]`: a CVSS vector (`type` CVSS_V2, CVSS_V3, CVSS_V4) or another scheme. */
export interface OsvSeverity {
  type: string;
  score: string;
}

/** A range of an OSV `affected[]` entry; only `fixed` events matter here. */
export interface OsvRange {
  type: string;
  events: Record<string, string>[];
}

export interface OsvAffected {
  package?: { ecosystem?: string; name?: string };
  ranges?: OsvRange[];
  versions?: string[];
}

/** A full OSV record as osv-scanner embeds it in its JSON output. */
export interface OsvRecord {
  id: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  /** GitHub advisories carry `severity`: LOW, MODERATE, HIGH or CRITICAL. */
  database_specific?: Record<string, unknown>;
}

/** osv-scanner's grouping of records that share an id or alias. */
export interface OsvGroup {
  ids: string[];
  aliases?: string[];
  /** Highest CVSS base score of the group as a string, or "" when no record has a vector. */
  max_severity?: string;
}

export interface OsvPackageResult {
  package: { name: string; version: string; ecosystem: string };
  vulnerabilities?: OsvRecord[];
  groups?: OsvGroup[];
}

export interface OsvSourceResult {
  source: { path: string; type: string };
  packages?: OsvPackageResult[];
}

export interface OsvOutput {
  results: OsvSourceResult[];
}

const recordSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    aliases: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string' },
    details: { type: 'string' },
    severity: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'score'],
        properties: { type: { type: 'string' }, score: { type: 'string' } },
      },
    },
    affected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          package: { type: 'object', properties: { ecosystem: { type: 'string' }, name: { type: 'string' } } },
          ranges: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type', 'events'],
              properties: {
                type: { type: 'string' },
                events: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } },
              },
            },
          },
          versions: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    database_specific: { type: 'object' },
  },
} as const;

/** JSON Schema (draft 2020-12) of the fields the gate reads; unknown fields are allowed everywhere. */
export const osvOutputSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['source'],
        properties: {
          source: {
            type: 'object',
            required: ['path', 'type'],
            properties: { path: { type: 'string' }, type: { type: 'string' } },
          },
          packages: {
            type: 'array',
            items: {
              type: 'object',
              required: ['package'],
              properties: {
                package: {
                  type: 'object',
                  required: ['name', 'version', 'ecosystem'],
                  properties: { name: { type: 'string' }, version: { type: 'string' }, ecosystem: { type: 'string' } },
                },
                vulnerabilities: { type: 'array', items: recordSchema },
                groups: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['ids'],
                    properties: {
                      ids: { type: 'array', minItems: 1, items: { type: 'string' } },
                      aliases: { type: 'array', items: { type: 'string' } },
                      max_severity: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

// Checked against the meta-schema in the tests (schema-validity.test.ts), not on every run.
const validate = new Ajv2020({ allErrors: false, strict: true, validateSchema: false }).compile<OsvOutput>(osvOutputSchema);

/** Why osv-scanner's standard output could not be used. */
export class OsvOutputError extends Error {
  override readonly name = 'OsvOutputError';
}

/**
 * Parses and validates osv-scanner's JSON output: its stdout bytes (one
 * buffer or the chunks the pipe delivered), or text.
 * Throws OsvOutputError when it is not JSON or lacks a field the gate
 * depends on.
 */
export function parseOsvOutput(output: string | Buffer | readonly Buffer[]): OsvOutput {
  let data: unknown;
  try {
    data = JSON.parse(typeof output === 'string' ? output : jsonText(output));
  } catch (error) {
    // Reported on the text as osv-scanner wrote it, not on jsonText's escaped copy.
    const text = typeof output === 'string' ? output : Buffer.isBuffer(output) ? output.toString('utf8') : Buffer.concat(output).toString('utf8');
    const reason = parseError(text) ?? (error instanceof Error ? error.message : String(error));
    const preview = text.trim().slice(0, 80);
    throw new OsvOutputError(`output is not JSON (${reason})${preview ? `; it starts with ${JSON.stringify(preview)}` : '; it is empty'}`);
  }
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath === '' || first === undefined ? 'the top level' : first.instancePath;
    throw new OsvOutputError(`output does not have the expected shape: ${where} ${first?.message ?? 'is invalid'}`);
  }
  return data;
}

function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
