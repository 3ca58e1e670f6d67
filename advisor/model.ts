/**
 * The advisor's data model: what one run learns about a pull request.
 *
 * Everything the renderers print comes from an AdvisorReport, and the JSON
 * format is this object as-is, so a report produced by an unprivileged
 * `pull_request` run can be posted by a privileged `workflow_run` without
 * recomputing anything (see docs/advisor.md, "Fork pull requests").
 */
import type { EcosystemId } from '../policies/ecosystems/types.js';

/** How a dependency moved between base and head. */
export type ChangeKind = 'added' | 'removed' | 'upgraded' | 'downgraded';

/** The semver class of a version move; null when only the spelling changed (e.g. a new pseudo-version of the same base). */
export type SemverClass = 'major' | 'minor' | 'patch' | 'prerelease';

/** A breaking-change or behaviour note from the knowledge base that a change crosses. */
export interface KnowledgeNote {
  /** The version (or range) the note is about, as written in the knowledge file. */
  introducedIn: string;
  title: string;
  note: string;
  /** Where the fact comes from (changelog, migration guide, advisory). */
  source: string;
}

/** One vulnerability of one package version, reduced to what the comment shows. */
export interface VulnerabilityRef {
  /** The preferred id of the osv-scanner group. */
  id: string;
  /** Other ids of the group, sorted. */
  aliases: string[];
  summary: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
  /** The highest CVSS base score of the group, when a vector was scored (compared with a numeric `fail_on`). */
  score?: number;
  /**
   * Set on an introduced vulnerability that the policy's `vulnerabilities.fail_on`
   * (or `unknown_severity: warn`) rates a warning: it is listed, but does not fail the run.
   */
  belowThreshold?: boolean;
  ecosystem: EcosystemId;
  packageName: string;
  packageVersion: string;
  /** Fixed versions named by the advisory, ascending. */
  fixedVersions: string[];
}

/** The allowlist verdict for the head version of a dependency. */
export interface PolicyVerdict {
  /** `allowed`, `denied` (a violation), or `unchecked` when the repository has no policy for the ecosystem. */
  status: 'allowed' | 'denied' | 'unchecked';
  /** Why, in one sentence; the allowlist's own message for violations. */
  message: string;
  /** Rule id of the violation (e.g. `deps/denied`). */
  rule?: string;
}

/** One dependency change between base and head. */
export interface DependencyChange {
  ecosystem: EcosystemId;
  /** Name at head (at base for removals). */
  name: string;
  /** Name at base when a Go module moved to a new major path (`/v2` to `/v3`). */
  previousName?: string;
  /** Repository-relative manifest (go.mod or package.json). */
  manifest: string;
  /**
   * Where the dependency is declared at head (at base for removals), for
   * annotations: the manifest line of a direct dependency, the lockfile entry
   * of a transitive one.
   */
  location?: { file: string; line?: number };
  kind: ChangeKind;
  from?: string;
  to?: string;
  direct: boolean;
  dev: boolean;
  /** For upgrades and downgrades; absent for additions and removals. */
  semver?: SemverClass | null;
  policy: PolicyVerdict;
  notes: KnowledgeNote[];
  /** Vulnerabilities of the base version that the head no longer has. */
  vulnerabilitiesFixed: VulnerabilityRef[];
  /** Vulnerabilities of the head version that the base did not have. */
  vulnerabilitiesIntroduced: VulnerabilityRef[];
  /** The highest version the allowlist accepts with no known vulnerability, when it differs from `to`. */
  recommended?: string;
}

/** Counts shown in the summary line and exported as action outputs. */
export interface AdvisorCounts {
  changes: number;
  majors: number;
  violations: number;
  vulnsFixed: number;
  vulnsIntroduced: number;
}

/** The result of one advisor run. */
export interface AdvisorReport {
  /** Format version of this JSON document, bumped on incompatible changes. */
  schemaVersion: 1;
  base: string;
  head: string;
  changes: DependencyChange[];
  /** Vulnerability diffs that belong to no listed change (e.g. a transitive package whose version did not move). */
  vulnerabilitiesFixed: VulnerabilityRef[];
  vulnerabilitiesIntroduced: VulnerabilityRef[];
  counts: AdvisorCounts;
  /** Short informational lines (policy not found, scanner skipped, ...). */
  notes: string[];
  /**
   * What could not be checked (an unreadable manifest, a failed scan, a broken
   * policy or knowledge file): the run fails with exit 2, and the comment shows
   * these above everything else. Absent in reports of earlier versions.
   */
  problems?: string[];
  /** True when a vulnerability scan did not run, so the vulnerability counts mean nothing. */
  scanFailed?: boolean;
}
