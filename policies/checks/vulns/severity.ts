/**
 * Severity of a vulnerability group, derived from the OSV records osv-scanner
 * returned for it.
 *
 * 1. Every CVSS vector (v2, v3.0, v3.1, v4.0) in the group's records is scored
 *    with ae-cvss-calculator; the group's score is the highest base score, and
 *    its severity the FIRST rating of that score.
 * 2. Without any vector, the highest GitHub advisory rating
 *    (`database_specific.severity`: LOW, MODERATE, HIGH, CRITICAL) of a GHSA
 *    record in the group decides. Go advisories (GO-…) carry no severity, so
 *    this is how a GO record grouped with its GHSA alias gets one.
 * 3. When the group's own records give neither, the same two steps run over
 *    the records of its aliases (a GO advisory's GHSA alias). osv-scanner only
 *    embeds records that match the package, so a GHSA alias naming another
 *    module (golang.org/x/net for a standard-library advisory) is missing
 *    from the group; scan.ts finds it elsewhere in the output or in the
 *    offline database.
 * 4. Otherwise the severity is `unknown` and the policy's `unknown_severity`
 *    decides.
 */
import cvss from 'ae-cvss-calculator';
import { BoundedCache } from '../../model/bounded-cache.js';
import type { VulnerabilityDetails } from '../../model/finding.js';
import type { OsvRecord } from './osv-output.js';

export type Severity = VulnerabilityDetails['severity'];

/** Severities from most to least severe (`unknown` sorts last). */
export const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** The lowest CVSS base score of each FIRST rating. */
const ratingFloor = { critical: 9.0, high: 7.0, medium: 4.0, low: 0.1 } as const;

/** FIRST's qualitative rating of a CVSS base score: 0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical. */
export function ratingOfScore(score: number): Exclude<Severity, 'unknown'> {
  if (score >= ratingFloor.critical) return 'critical';
  if (score >= ratingFloor.high) return 'high';
  if (score >= ratingFloor.medium) return 'medium';
  if (score >= ratingFloor.low) return 'low';
  return 'none';
}

interface Scorable {
  calculateScores(): { base?: number; overall?: number };
}

/**
 * Scores already computed, by type and vector. One advisory is embedded once
 * per affected package version, and scoring a vector costs more than all the
 * rest of describing its finding.
 */
const scoredVectors = new BoundedCache<number | undefined>(20_000);

/**
 * The CVSS base score of one OSV `severity[]` entry, or undefined when the
 * entry is not a CVSS vector or does not parse.
 */
export function scoreVector(type: string, vector: string): number | undefined {
  return scoredVectors.get(`${type} ${vector}`, () => computeScore(type, vector));
}

function computeScore(type: string, vector: string): number | undefined {
  let scorer: Scorable | undefined;
  try {
    switch (type) {
      case 'CVSS_V2':
        scorer = new cvss.Cvss2(vector);
        break;
      case 'CVSS_V3':
        scorer = vector.startsWith('CVSS:3.0/') ? new cvss.Cvss3P0(vector) : new cvss.Cvss3P1(vector);
        break;
      case 'CVSS_V4':
        scorer = new cvss.Cvss4P0(vector);
        break;
      default:
        return undefined;
    }
    const base = scorer.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    // A malformed vector in one record must not hide the others; the group falls back to step 2 or 3.
    return undefined;
  }
}

const githubRatings: Record<string, Exclude<Severity, 'unknown' | 'none'>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

/** The GitHub advisory rating of a record, when it has one. */
function githubRating(record: OsvRecord): Severity | undefined {
  const value = record.database_specific?.severity;
  return typeof value === 'string' ? githubRatings[value.toUpperCase()] : undefined;
}

/** How a group's severity was derived: shown in messages and docs. */
export type SeveritySource = 'cvss' | 'github' | 'none';

export interface GroupSeverity {
  severity: Severity;
  score?: number;
  source: SeveritySource;
  /** The alias record the severity was taken from, when the group's own records had none (step 3). */
  alias?: string;
}

/** Steps 1 and 2 over one set of records; undefined when they carry no severity at all. */
function severityOf(records: readonly OsvRecord[]): { severity: Severity; score?: number; source: SeveritySource; from: OsvRecord } | undefined {
  let best: { score: number; from: OsvRecord } | undefined;
  for (const record of records) {
    for (const entry of record.severity ?? []) {
      const score = scoreVector(entry.type, entry.score);
      if (score !== undefined && (best === undefined || score > best.score)) best = { score, from: record };
    }
  }
  if (best !== undefined) return { severity: ratingOfScore(best.score), score: best.score, source: 'cvss', from: best.from };

  let worst: { severity: Severity; from: OsvRecord } | undefined;
  for (const record of records) {
    const rating = githubRating(record);
    if (rating !== undefined && (worst === undefined || severityOrder.indexOf(rating) < severityOrder.indexOf(worst.severity))) {
      worst = { severity: rating, from: record };
    }
  }
  return worst === undefined ? undefined : { severity: worst.severity, source: 'github', from: worst.from };
}

/**
 * Severity of a group of records (see the module comment for the order of
 * sources). `aliases` are records of the group's aliases that osv-scanner did
 * not put in the group; they count only when the group's own records have no
 * severity, so an advisory's own rating always wins over a related one.
 */
export function groupSeverity(records: readonly OsvRecord[], aliases: readonly OsvRecord[] = []): GroupSeverity {
  const own = severityOf(records);
  if (own !== undefined) return { severity: own.severity, ...(own.score === undefined ? {} : { score: own.score }), source: own.source };
  const borrowed = severityOf(aliases);
  if (borrowed !== undefined) {
    return {
      severity: borrowed.severity,
      ...(borrowed.score === undefined ? {} : { score: borrowed.score }),
      source: borrowed.source,
      alias: borrowed.from.id,
    };
  }
  return { severity: 'unknown', source: 'none' };
}

/** The policy's `fail_on`: a rating name, `any`, or a CVSS score. */
export type FailOn = 'critical' | 'high' | 'medium' | 'low' | 'any' | number;

/**
 * Whether a finding of this severity meets the `fail_on` threshold. Unknown
 * severities are not decided here (the policy's `unknown_severity` is).
 * With a numeric threshold, a group known only by its GitHub rating is
 * compared by the lowest score of that rating (a HIGH advisory counts as 7.0).
 */
export function meetsThreshold(finding: { severity: Severity; score?: number | undefined }, failOn: FailOn): boolean {
  if (finding.severity === 'unknown') return false;
  if (failOn === 'any') return true;
  const threshold = typeof failOn === 'number' ? failOn : ratingFloor[failOn];
  const score = finding.score ?? (finding.severity === 'none' ? 0 : ratingFloor[finding.severity]);
  return score >= threshold;
}
