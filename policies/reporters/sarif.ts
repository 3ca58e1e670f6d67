/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run,
 * the goldenpath driver with the rules the results use, one result per
 * finding. Locations are repository-relative against `%SRCROOT%`.
 *
 * Fingerprints hash the check, rule and the finding's identity, never line
 * numbers, so an alert survives edits above it and is closed only when the
 * finding itself goes away.
 */
import { createHash } from 'node:crypto';
import type { Finding, RuleInfo, SourceLocation } from '../model/finding.js';
import type { Reporter, ReporterOptions } from './types.js';

const sarifSchema = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Versioned so a change of the hashed fields can be told apart from a new finding. */
const fingerprintKey = 'goldenpath/v1';

export const sarif: Reporter = (report, options) => {
  const ruleIds = [...new Set(report.findings.map(sarifRuleId))].sort();
  const known = new Map((report.rules ?? []).map((rule) => [rule.id, rule]));
  const rules = ruleIds.map((id) => describeRule(id, report.findings, known.get(id), options));
  const index = new Map(ruleIds.map((id, position) => [id, position]));
  const log = {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'goldenpath', version: options.toolVersion, informationUri: informationUri(options), rules } },
        results: report.findings.map((finding) => result(finding, index.get(sarifRuleId(finding)) ?? 0)),
      },
    ],
  };
  if (log.runs[0] && log.runs[0].tool.driver.informationUri === undefined) delete log.runs[0].tool.driver.informationUri;
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** Vulnerability findings are keyed by the vulnerability id so each advisory is its own alert type. */
export function sarifRuleId(finding: Finding): string {
  return finding.vulnerability?.id ?? finding.rule;
}

function describeRule(id: string, findings: readonly Finding[], info: RuleInfo | undefined, options: ReporterOptions): Record<string, unknown> {
  const vulnerability = findings.find((finding) => finding.vulnerability?.id === id)?.vulnerability;
  if (vulnerability) {
    return {
      id,
      shortDescription: { text: vulnerability.summary || id },
      helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
      properties: { tags: ['security', 'vulnerability'], ...(vulnerability.score === undefined ? {} : { 'security-severity': vulnerability.score.toFixed(1) }) },
    };
  }
  const helpUri = info ? resolveDocs(info.docsUrl, options) : undefined;
  return {
    id,
    shortDescription: { text: info?.description ?? id },
    ...(helpUri === undefined ? {} : { helpUri }),
  };
}

function resolveDocs(docsUrl: string, options: ReporterOptions): string | undefined {
  try {
    return new URL(docsUrl).href;
  } catch {
    if (options.docsBaseUrl === undefined) return undefined;
    try {
      return new URL(docsUrl, options.docsBaseUrl).href;
    } catch {
      return undefined;
    }
  }
}

function informationUri(options: ReporterOptions): string | undefined {
  return options.docsBaseUrl;
}

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  return {
    ruleId: sarifRuleId(finding),
    ruleIndex,
    level: finding.level,
    message: { text: messageText(finding) },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    ...(finding.related?.length
      ? {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            physicalLocation: physicalLocation(related.location),
            message: { text: related.message },
          })),
        }
      : {}),
    partialFingerprints: { [fingerprintKey]: fingerprint(finding) },
    properties: { check: finding.check, rule: finding.rule, ...(finding.fix === undefined ? {} : { fix: finding.fix }) },
  };
}

/** The message, naming the package and version for vulnerability findings even if the check's message does not. */
function messageText(finding: Finding): string {
  const base = finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message;
  const vulnerability = finding.vulnerability;
  if (!vulnerability) return base;
  const subject = `${vulnerability.packageName}@${vulnerability.packageVersion}`;
  return finding.message.includes(vulnerability.packageName) && finding.message.includes(vulnerability.packageVersion) ? base : `${subject}: ${base}`;
}

function physicalLocation(location: SourceLocation): Record<string, unknown> {
  const region =
    location.line === undefined
      ? undefined
      : {
          startLine: location.line,
          ...(location.column === undefined ? {} : { startColumn: location.column }),
          ...(location.endLine === undefined ? {} : { endLine: location.endLine }),
        };
  return {
    artifactLocation: { uri: encodeUri(location.file), uriBaseId: '%SRCROOT%' },
    ...(region ? { region } : {}),
  };
}

/** A repository-relative path as a relative URI reference (spaces and `%` percent-encoded, `/` kept). */
function encodeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** Stable across line moves: check, rule and identity only. */
export function fingerprint(finding: Finding): string {
  return createHash('sha256').update([finding.check, finding.rule, ...finding.identity].join('\u0000')).digest('hex').slice(0, 32);
}
