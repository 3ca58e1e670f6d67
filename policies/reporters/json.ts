/**
 * Machine-readable output. The shape is a stable contract, documented in
 * docs/report-format.md and policies/schema/report.schema.json; fields are
 * only ever added. Keys are written in a fixed order so output diffs cleanly.
 */
import type { Finding } from '../model/finding.js';
import { countFindings } from './summary.js';
import type { Reporter } from './types.js';

/** Version of the JSON report format; bumped only for incompatible changes. */
export const jsonReportVersion = 1;

export const json: Reporter = (report, options) => {
  const document = {
    version: jsonReportVersion,
    tool: { name: 'goldenpath', version: options.toolVersion },
    checks: report.checks,
    summary: countFindings(report.findings),
    findings: report.findings.map(serializeFinding),
    notes: report.notes,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};

function serializeFinding(finding: Finding): Record<string, unknown> {
  return {
    check: finding.check,
    rule: finding.rule,
    level: finding.level,
    message: finding.message,
    location: finding.location,
    ...(finding.related ? { related: finding.related } : {}),
    ...(finding.fix === undefined ? {} : { fix: finding.fix }),
    ...(finding.vulnerability ? { vulnerability: finding.vulnerability } : {}),
    identity: finding.identity,
  };
}
