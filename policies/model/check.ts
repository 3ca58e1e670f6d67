import type { CheckId, Finding } from './finding.js';

/**
 * What every check declares about itself, readable without running it (the
 * ESLint rule shape). The engine composes `schema` slices into the policy
 * schema; `docs/` is generated from `description`, `schema` and `messages`.
 */
export interface CheckMeta {
  id: Exclude<CheckId, 'policy'>;
  description: string;
  docsUrl: string;
  /** The top-level key of the policy file this check reads (`dependencies`, `config`, `coverage`, `vulnerabilities`). */
  policyKey: string;
  /** JSON Schema (draft 2020-12) of that key's value. */
  schema: Record<string, unknown>;
  /** Message templates keyed by rule id, with `{placeholders}`; documents every rule the check can report. */
  messages: Record<string, string>;
}

/** Everything a check may use; it reads files only under `root`. */
export interface CheckContext {
  /** Absolute path of the repository root. */
  root: string;
  /** The check's own slice of the resolved policy (already schema-validated). */
  options: unknown;
  /** The whole resolved policy, for checks that consult another slice (vulns reads the dependency allowlist). */
  policy: ResolvedPolicyView;
  /** `--base` for patch coverage and the advisor. */
  base?: string;
  /** Injected clock so expiry dates are testable. */
  now: Date;
  /** Flags that are not policy: `--osv-scanner`, `--offline-db`, timeouts. */
  flags: Record<string, string | undefined>;
  /** Adds an informational line to the report's notes (e.g. "osv-scanner found no packages"); optional for callers that keep none. */
  note?: (text: string) => void;
}

/** The part of a resolved policy that checks may read. */
export interface ResolvedPolicyView {
  /** The resolved policy document (extends applied). */
  document: Record<string, unknown>;
  /** Where a policy key path was declared (file, line, column); the repository policy file if unknown. */
  locate(path: readonly (string | number)[]): { file: string; line?: number; column?: number };
}

/**
 * A check: metadata plus a function from inputs to findings. A check that
 * cannot run (missing or unparsable input) throws InputError; it never
 * returns an empty list for something it did not look at.
 */
export interface Check {
  meta: CheckMeta;
  run(context: CheckContext): Promise<Finding[]>;
}
