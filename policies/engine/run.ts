/**
 * One `goldenpath check` run: resolve the policy, select the checks, run each
 * with its own slice of the policy, and collect sorted findings into a Report.
 * InputErrors (a check that cannot read its input) propagate unchanged so the
 * CLI exits 2; nothing is skipped silently.
 */
import { checkIds, isCheckId, loadAllChecks, type RegisteredCheckId } from '../checks/index.js';
import type { Check, CheckContext } from '../model/check.js';
import { InputError, isInputError } from '../model/errors.js';
import { sortFindings, type Finding, type Report, type RuleInfo } from '../model/finding.js';
import { positionIn, type PolicyLayer } from './load-policy.js';
import { resolvePolicy } from './resolve-policy.js';
import { compareText } from '../model/text-order.js';

export interface RunOptions {
  /** Absolute repository root. */
  root: string;
  /** `--policy`. */
  policyFile?: string;
  /** `--only`, already split on commas. */
  only?: readonly string[];
  /** `--base`. */
  base?: string;
  /** Non-policy flags handed to every check (`osv-scanner`, `offline-db`). */
  flags?: Record<string, string | undefined>;
  now?: Date;
  /** The checks to choose from; the registry by default (tests pass their own). */
  checks?: readonly Check[];
  /** Inline policy text (tests). */
  policyText?: string;
}

/** Validates `--only` ids against the registry; an unknown id is a usage error listing the valid ones. */
export function parseOnly(value: string): RegisteredCheckId[] {
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new InputError('--only needs at least one check id', { fix: `use any of: ${checkIds.join(', ')}` });
  const unknown = ids.filter((id) => !isCheckId(id));
  if (unknown.length > 0) {
    throw new InputError(`unknown check${unknown.length > 1 ? 's' : ''} in --only: ${unknown.join(', ')}`, {
      fix: `use any of: ${checkIds.join(', ')}`,
    });
  }
  return [...new Set(ids)] as RegisteredCheckId[];
}

export async function runChecks(options: RunOptions): Promise<Report> {
  const checks = options.checks ?? (await loadAllChecks());
  const known = checks.map((check) => check.meta.id);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id as Check['meta']['id']));
  if (unknown.length > 0) {
    throw new InputError(`unknown check in --only: ${unknown.join(', ')}`, { fix: `use any of: ${known.join(', ')}` });
  }
  const onlyChecks = options.only ? checks.filter((check) => options.only?.includes(check.meta.id)) : undefined;

  const policy = resolvePolicy({
    root: options.root,
    checks,
    ...(options.policyFile === undefined ? {} : { policyFile: options.policyFile }),
    ...(options.policyText === undefined ? {} : { text: options.policyText }),
    ...(onlyChecks ? { ensureSections: onlyChecks.map((check) => check.meta.policyKey) } : {}),
  });

  // A configured section always runs; --only narrows (and may add a check whose section is absent, with its defaults).
  const selected = onlyChecks ?? checks.filter((check) => check.meta.policyKey in policy.document);
  if (selected.length === 0) throw nothingToCheck(policy.layers, checks);
  const notes = [...policy.notes];
  const skipped = checks.filter((check) => !selected.includes(check));
  notes.push(`checks run: ${selected.map((c) => c.meta.id).join(', ')}`);
  if (skipped.length > 0) {
    notes.push(
      `checks not run: ${skipped.map((c) => `${c.meta.id} (${options.only ? 'not in --only' : `no "${c.meta.policyKey}" section`})`).join(', ')}`,
    );
  }

  const findings: Finding[] = [...policy.findings];
  const now = options.now ?? new Date();
  for (const check of selected) {
    const results = await runOne(check, {
      root: options.root,
      options: policy.document[check.meta.policyKey],
      policy: policy.view,
      ...(options.base === undefined ? {} : { base: options.base }),
      now,
      flags: { ...options.flags },
      note: (text) => notes.push(`${check.meta.id}: ${text}`),
    });
    findings.push(...results);
  }

  return {
    root: options.root,
    checks: selected.map((check) => check.meta.id),
    findings: sortFindings(findings),
    notes,
    rules: describeRules(selected, findings),
  };
}

/**
 * A policy that configures no check would pass every repository: a gate that
 * gates nothing is a misconfiguration (a typo'd or forgotten section), not a success.
 */
function nothingToCheck(layers: readonly PolicyLayer[], checks: readonly Check[]): InputError {
  const entry = layers[layers.length - 1];
  const file = entry?.displayFile ?? 'the policy';
  const sections = checks.map((check) => check.meta.policyKey).sort();
  return new InputError(`${file} configures no checks: nothing to gate`, {
    ...(entry === undefined ? {} : { location: positionIn(entry, []) }),
    fix: `add at least one of the sections ${sections.join(', ')} (docs/policy-reference.md), extend a policy that has them, or pass --only <check>`,
  });
}

/**
 * Runs one check. InputErrors pass through untouched (exit 2, with the check's
 * own location and fix); any other failure is a bug, reported with the check's name.
 */
async function runOne(check: Check, context: CheckContext): Promise<Finding[]> {
  try {
    return await check.run(context);
  } catch (error) {
    if (isInputError(error)) throw error;
    throw new Error(`the ${check.meta.id} check failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Rule metadata for the rules the findings use, for formats that describe rules (SARIF). */
function describeRules(checks: readonly Check[], findings: readonly Finding[]): RuleInfo[] {
  const used = new Set(findings.map((finding) => finding.rule));
  const rules: RuleInfo[] = [];
  if (used.has('policy/locked-rule')) {
    rules.push({ id: 'policy/locked-rule', description: policyMessages['policy/locked-rule'] ?? '', docsUrl: 'docs/policy-reference.md#locking' });
  }
  for (const check of checks) {
    for (const [id, template] of Object.entries(check.meta.messages)) {
      const ruleId = id.includes('/') ? id : `${check.meta.id}/${id}`;
      if (used.has(ruleId)) rules.push({ id: ruleId, description: template, docsUrl: check.meta.docsUrl });
    }
  }
  return rules.sort((a, b) => compareText(a.id, b.id));
}

/** Rules the engine itself reports about the policy file. */
export const policyMessages: Record<string, string> = {
  'policy/locked-rule': '{path} cannot be changed: {locked} is locked in {file}; the locked value stays in force (or: {path} contradicts the locked {list} rule in {file}).',
};
