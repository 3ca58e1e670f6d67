/**
 * Saved reports (`--report-out`, `--from-report`).
 *
 * In the fork-safe setup the report is produced by a `pull_request` run whose
 * workflow the pull request itself can change, so a saved report is untrusted
 * input: it is validated against this schema (types, sizes, enums) before it
 * is rendered, and rendering escapes every string again.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InputError } from '../policies/model/errors.js';
import type { AdvisorReport } from './model.js';

const str = (maxLength = 4096): Record<string, unknown> => ({ type: 'string', maxLength });
const count = { type: 'integer', minimum: 0 };
const ecosystem = { enum: ['go', 'npm'] };

const vulnerability = {
  type: 'object',
  required: ['id', 'aliases', 'summary', 'severity', 'ecosystem', 'packageName', 'packageVersion', 'fixedVersions'],
  additionalProperties: false,
  properties: {
    id: str(200),
    aliases: { type: 'array', maxItems: 100, items: str(200) },
    summary: str(),
    severity: { enum: ['critical', 'high', 'medium', 'low', 'none', 'unknown'] },
    score: { type: 'number', minimum: 0, maximum: 10 },
    belowThreshold: { type: 'boolean' },
    ecosystem,
    packageName: str(),
    packageVersion: str(),
    fixedVersions: { type: 'array', maxItems: 200, items: str(200) },
  },
};

const reportSchema = {
  type: 'object',
  required: ['schemaVersion', 'base', 'head', 'changes', 'vulnerabilitiesFixed', 'vulnerabilitiesIntroduced', 'counts', 'notes'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    base: { type: 'string', pattern: '^[0-9a-f]{40,64}$' },
    head: { type: 'string', pattern: '^[0-9a-f]{40,64}$' },
    changes: {
      type: 'array',
      maxItems: 100_000,
      items: {
        type: 'object',
        required: ['ecosystem', 'name', 'manifest', 'kind', 'direct', 'dev', 'policy', 'notes', 'vulnerabilitiesFixed', 'vulnerabilitiesIntroduced'],
        additionalProperties: false,
        properties: {
          ecosystem,
          name: str(),
          previousName: str(),
          manifest: str(),
          location: {
            type: 'object',
            required: ['file'],
            additionalProperties: false,
            properties: { file: str(), line: count },
          },
          kind: { enum: ['added', 'removed', 'upgraded', 'downgraded'] },
          from: str(),
          to: str(),
          direct: { type: 'boolean' },
          dev: { type: 'boolean' },
          semver: { enum: ['major', 'minor', 'patch', 'prerelease', null] },
          policy: {
            type: 'object',
            required: ['status', 'message'],
            additionalProperties: false,
            properties: { status: { enum: ['allowed', 'denied', 'unchecked'] }, message: str(), rule: str(200) },
          },
          notes: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'object',
              required: ['introducedIn', 'title', 'note', 'source'],
              additionalProperties: false,
              properties: { introducedIn: str(200), title: str(200), note: str(), source: str(2000) },
            },
          },
          vulnerabilitiesFixed: { type: 'array', maxItems: 1000, items: vulnerability },
          vulnerabilitiesIntroduced: { type: 'array', maxItems: 1000, items: vulnerability },
          recommended: str(),
        },
      },
    },
    vulnerabilitiesFixed: { type: 'array', maxItems: 10_000, items: vulnerability },
    vulnerabilitiesIntroduced: { type: 'array', maxItems: 10_000, items: vulnerability },
    counts: {
      type: 'object',
      required: ['changes', 'majors', 'violations', 'vulnsFixed', 'vulnsIntroduced'],
      additionalProperties: false,
      properties: { changes: count, majors: count, violations: count, vulnsFixed: count, vulnsIntroduced: count },
    },
    notes: { type: 'array', maxItems: 1000, items: str() },
    problems: { type: 'array', maxItems: 10_000, items: str() },
    scanFailed: { type: 'boolean' },
  },
} as const;

const validate = new Ajv2020({ allErrors: false, strict: true }).compile(reportSchema);

/** Serialises a report (stable key order comes from construction; arrays are already sorted). */
export function reportToJson(report: AdvisorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Parses and validates a saved report. */
export function parseReport(text: string, file: string): AdvisorReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the saved report is not JSON: ${(error as Error).message}`, {
      location: { file },
      fix: 'pass the file written by `goldenpath advise --report-out` (the action input report-out)',
    });
  }
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw new InputError(`the saved report is invalid: ${error?.instancePath ?? ''} ${error?.message ?? ''}`.trim(), {
      location: { file },
      fix: 'produce the report with the same goldenpath version that posts it',
    });
  }
  return data;
}

export async function readReport(file: string): Promise<AdvisorReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the saved report: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      location: { file },
      fix: 'download the report artifact before this step (actions/download-artifact)',
    });
  }
  return parseReport(text, file);
}
