/**
 * Test helpers: run the config check on a fixture directory holding a
 * `goldenpath.yaml` (only its `config` slice is read) and the config files it names.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { check, compileConfigPolicy } from '../../../../policies/checks/config/index.js';
import type { CompiledConfigPolicy, ConfigPolicyOptions } from '../../../../policies/checks/config/index.js';
import type { CheckContext, ResolvedPolicyView } from '../../../../policies/model/check.js';
import type { Finding } from '../../../../policies/model/finding.js';
import { repoRoot } from '../../../support/paths.js';
export { repoRoot } from '../../../support/paths.js';

export const fixturesDir = path.join(repoRoot, 'test/fixtures/config');

/** A policy view like the engine's: the document plus the line of any key path in the policy file. */
export function policyView(text: string, file = 'goldenpath.yaml'): ResolvedPolicyView {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return {
    document: (doc.toJS() ?? {}) as Record<string, unknown>,
    locate(keyPath) {
      const node: unknown = doc.getIn(keyPath, true);
      if (!isNode(node) || !node.range) return { file };
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { file, line, column: col };
    },
  };
}

export async function contextFor(root: string, policyFile = 'goldenpath.yaml'): Promise<CheckContext> {
  const policy = policyView(await readFile(path.join(root, policyFile), 'utf8'), policyFile);
  return { root, options: policy.document.config, policy, now: new Date('2026-01-01T00:00:00Z'), flags: {} };
}

/** Runs the check exactly as `goldenpath check` does, on a directory. */
export async function runCheck(root: string, policyFile = 'goldenpath.yaml'): Promise<Finding[]> {
  return check.run(await contextFor(root, policyFile));
}

export const runFixture = (name: string): Promise<Finding[]> => runCheck(path.join(fixturesDir, name));

/** Compiles a policy slice given inline, with locations in a nominal goldenpath.yaml. */
export function compileInline(options: ConfigPolicyOptions): CompiledConfigPolicy {
  return compileConfigPolicy(options, () => ({ file: 'goldenpath.yaml' }));
}

/** Copies a fixture (or any directory) into a fresh temp dir, for tests that mutate files. */
export async function copyToTemp(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'goldenpath-config-'));
  await cp(source, dir, { recursive: true });
  return dir;
}

/** Writes files (path → content) into a fresh temp dir. */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'goldenpath-config-'));
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return dir;
}

/** The fields tests compare: rule, where, and the message. */
export function summarize(findings: readonly Finding[]): { rule: string; at: string; message: string }[] {
  return findings.map((f) => ({ rule: f.rule, at: `${f.location.file}:${f.location.line ?? ''}`, message: f.message }));
}
