/**
 * The findings model shared by every check and every reporter.
 *
 * Checks compute findings; reporters format them. Nothing else crosses that
 * boundary, so a new output format never needs to know how a check works and a
 * new check is printed by every format for free.
 */
import { compareText } from './text-order.js';

/** Identifiers of the checks `goldenpath check --only` accepts, plus `policy` for findings about the policy file itself. */
export type CheckId = 'policy' | 'deps' | 'config' | 'coverage' | 'vulns';

/** An error fails the gate (exit 1); a warning is reported and does not. */
export type Level = 'error' | 'warning';

/** A place in the repository. `file` is repository-relative with forward slashes; lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
}

/** A second place that takes part in a finding, such as the same key in another environment's config. */
export interface RelatedLocation {
  location: SourceLocation;
  message: string;
}

/** What a vulnerability finding carries beyond the common fields. */
export interface VulnerabilityDetails {
  /** The preferred id of the osv-scanner group (a GHSA or GO id). */
  id: string;
  /** Every other id of the group, sorted. */
  aliases: string[];
  summary: string;
  /** CVSS base score, when any record of the group has a vector. */
  score?: number;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
  ecosystem: string;
  packageName: string;
  packageVersion: string;
  /** Fixed versions named by the advisory, ascending. */
  fixedVersions: string[];
  /** Lowest fixed version above the current one that the dependency allowlist accepts. */
  recommendedVersion?: string;
}

export interface Finding {
  check: CheckId;
  /** Stable rule id such as `deps/denied` or `config/key-parity`. SARIF uses it as ruleId (vulnerability findings use the vulnerability id). */
  rule: string;
  level: Level;
  /** One sentence a developer can act on. Never contains a secret value. */
  message: string;
  location: SourceLocation;
  related?: RelatedLocation[];
  /** How to make the finding go away. */
  fix?: string;
  vulnerability?: VulnerabilityDetails;
  /**
   * Fields that identify this finding independently of line numbers, used for
   * SARIF partialFingerprints and for de-duplication, e.g. ['go', 'github.com/x/y', 'v1.2.3'].
   */
  identity: string[];
}

/** What a rule is about, for formats that describe their rules (SARIF `tool.driver.rules`). */
export interface RuleInfo {
  /** The rule id findings carry, e.g. `deps/denied`. */
  id: string;
  /** The rule's message template from the check's `meta.messages`. */
  description: string;
  /** The check's docs page (CheckMeta.docsUrl): absolute, or relative to the package root. */
  docsUrl: string;
}

/** The result of one `goldenpath check` run: what the reporters receive. */
export interface Report {
  /** Absolute repository root the locations are relative to (never printed). */
  root: string;
  /** The checks that ran, in registry order. */
  checks: CheckId[];
  /** Findings sorted by file, line, column, check and rule (see sortFindings). */
  findings: Finding[];
  /** Short informational lines (e.g. "osv-scanner found no packages"), printed by text and markdown reporters. */
  notes: string[];
  /** Metadata of the rules the findings use, sorted by id (optional: reporters fall back to the findings). */
  rules?: RuleInfo[];
}

const levelOrder: Record<Level, number> = { error: 0, warning: 1 };

/** Deterministic order for every output: file, line, column, check, rule, level, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareText(a.check, b.check) ||
    compareText(a.rule, b.rule) ||
    levelOrder[a.level] - levelOrder[b.level] ||
    compareText(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === 'error');
}
