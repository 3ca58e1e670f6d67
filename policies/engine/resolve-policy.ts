/**
 * From a repository root to the policy the checks receive: pick the policy
 * file (or the shipped defaults), resolve extends, merge with locking,
 * validate against the composed schema, strip `locked`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Check, ResolvedPolicyView } from '../model/check.js';
import { InputError } from '../model/errors.js';
import type { Finding, SourceLocation } from '../model/finding.js';
import { displayName, resolveLayers, type LayerSource } from './extends.js';
import type { PolicyLayer, PolicyPath } from './load-policy.js';
import { mergeLayers, stripLocked } from './merge.js';
import { compileValidator, composePolicySchema, describeSchemaErrors, type SchemaProblem } from './schema.js';

/** The name of the repository's own policy file, at the repository root. */
export const policyFileName = 'goldenpath.yaml';

/** How the shipped defaults are named in messages (never an absolute machine path). */
export const defaultPolicyDisplayName = 'create-service/policies/defaults/goldenpath.yaml';

export interface ResolvedPolicy {
  /** The merged, validated document with schema defaults applied and `locked` removed. */
  document: Record<string, unknown>;
  view: ResolvedPolicyView;
  /** Findings about the policy itself (`policy/locked-rule`). */
  findings: Finding[];
  notes: string[];
  layers: PolicyLayer[];
}

export interface ResolvePolicyOptions {
  root: string;
  /** `--policy`: absolute, or relative to the working directory. */
  policyFile?: string;
  checks: readonly Check[];
  /** Policy keys to validate as empty sections when absent (checks selected with --only). */
  ensureSections?: readonly string[];
  /** Inline policy text instead of reading the entry file (tests). */
  text?: string;
}

/** Several schema problems at once, each with its own file, line and column. */
export class PolicyValidationError extends InputError {
  readonly problems: readonly SchemaProblem[];

  constructor(problems: readonly SchemaProblem[]) {
    const first = problems[0];
    super(first?.message ?? 'the policy is invalid', {
      ...(first ? { location: first.location } : {}),
      fix: 'correct the values above; docs/policy-reference.md lists every key',
    });
    this.problems = problems;
  }

  override format(): string {
    const lines = this.problems.map((problem) => `${formatLocation(problem.location)}${problem.message}`);
    const count = this.problems.length === 1 ? 'the policy is invalid' : `the policy has ${this.problems.length} problems`;
    return `${count}:\n  ${lines.join('\n  ')}\n  fix: ${this.fix ?? ''}`;
  }
}

function formatLocation(location: SourceLocation): string {
  return `${[location.file, location.line, location.column].filter((p) => p !== undefined).join(':')}: `;
}

/** The shipped default policy, found from this module both in sources and in dist/. */
export function defaultPolicyFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'policies', 'defaults', policyFileName);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the default policy (policies/defaults/goldenpath.yaml) is missing from the package');
    dir = parent;
  }
}

export function resolvePolicy(options: ResolvePolicyOptions): ResolvedPolicy {
  const notes: string[] = [];
  const entry = chooseEntry(options, notes);
  const layers = resolveLayers(entry, options.root);
  const merged = mergeLayers(layers);

  const document = structuredClone(merged.document);
  const added = (options.ensureSections ?? []).filter((key) => !(key in document));
  for (const key of added) document[key] = {};
  const validate = compileValidator(composePolicySchema(options.checks));
  const errors = validate(document);
  if (errors.length > 0) {
    const problems = describeSchemaErrors(errors, document, (keyPath, target) => merged.locate(keyPath, target)).map((problem) => {
      const section = added.find((key) => problem.message.startsWith(key));
      return section === undefined
        ? problem
        : { ...problem, message: `${problem.message} (the policy has no "${section}" section, so --only runs that check with an empty one)` };
    });
    throw new PolicyValidationError(problems);
  }

  const resolved = stripLocked(document) as Record<string, unknown>;
  return {
    document: resolved,
    view: { document: resolved, locate: (keyPath: PolicyPath) => merged.locate(keyPath, 'key') },
    findings: merged.findings,
    notes,
    layers,
  };
}

function chooseEntry(options: ResolvePolicyOptions, notes: string[]): LayerSource {
  if (options.policyFile !== undefined) {
    const file = path.resolve(options.policyFile);
    if (options.text === undefined && !existsSync(file)) {
      throw new InputError(`policy file not found: ${options.policyFile}`, {
        fix: 'pass an existing file to --policy, or omit it to use goldenpath.yaml at the repository root',
      });
    }
    return { file, displayFile: displayName(file, options.root), ...(options.text === undefined ? {} : { text: options.text }) };
  }
  const own = path.join(options.root, policyFileName);
  if (options.text !== undefined || existsSync(own)) {
    return { file: own, displayFile: policyFileName, ...(options.text === undefined ? {} : { text: options.text }) };
  }
  notes.push(`no ${policyFileName} at the repository root: using the default policy shipped with goldenpath (${defaultPolicyDisplayName})`);
  return { file: defaultPolicyFile(), displayFile: defaultPolicyDisplayName };
}
