/**
 * Shared setup for the vulnerability gate tests: the real osv-scanner, the
 * offline database beside the repository, fixtures copied to temporary
 * directories, and fake scanners for fault tests.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResolvedPolicyView } from '../../../../policies/model/check.js';
import { bins, osvDb, repoRoot, toolPath } from '../../../support/paths.js';
export { osvDb, repoRoot } from '../../../support/paths.js';

/** The offline OSV database and its fixtures (CI clones the repository with shared/ beside it). */
export const osvFixtures = path.join(osvDb, 'fixtures');
/** The pinned osv-scanner that scripts/install-tools.sh builds. */
export const realScanner = toolPath('osv-scanner');
export const goldenpathBin = bins.goldenpath;
export const vulnsFixtures = path.join(repoRoot, 'test', 'fixtures', 'vulns');

export function tempDir(prefix = 'vulns-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Copies an input folder (shared osv-db fixture or one of ours) to a fresh temporary directory, without expectation files. */
export function copyFixture(source: string): string {
  const dir = tempDir();
  cpSync(source, dir, {
    recursive: true,
    filter: (src) => !/(EXPECTED\.md|expected-osv\.json|osv-output\.json)$/.test(src),
  });
  return dir;
}

/** A policy view for calling the check directly: every key is located at goldenpath.yaml line (index + 10). */
export function policyView(document: Record<string, unknown> = {}): ResolvedPolicyView {
  return {
    document,
    locate: (p) => ({ file: 'goldenpath.yaml', line: typeof p[2] === 'number' ? p[2] + 10 : 1 }),
  };
}

/**
 * Writes an executable shell script standing in for osv-scanner: it answers
 * `--version` with `versionLine` and runs `body` for anything else.
 */
export function fakeScanner(body: string, options: { versionLine?: string } = {}): string {
  const dir = tempDir('fake-osv-');
  const file = path.join(dir, 'osv-scanner');
  const versionLine = options.versionLine ?? 'osv-scanner version: 2.5.1';
  writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo '${versionLine}'; exit 0; fi\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Runs osv-scanner exactly as a user would without the gate, returning its JSON. */
export function rawScan(target: string, args: readonly string[], env: NodeJS.ProcessEnv): { code: number; json: RawOutput } {
  let stdout: string;
  let code = 0;
  try {
    stdout = execFileSync(realScanner, [...args, target], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { status: number; stdout: string };
    code = e.status;
    stdout = e.stdout;
  }
  return { code, json: JSON.parse(stdout) as RawOutput };
}

export interface RawOutput {
  results: {
    source: { path: string };
    packages?: { package: { name: string; version: string; ecosystem: string }; vulnerabilities?: { id: string }[]; groups?: { ids: string[] }[] }[];
  }[];
}

/** `name → sorted ids` from raw osv-scanner JSON (one entry per package version). */
export function idsByPackage(output: RawOutput): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const result of output.results) {
    for (const pkg of result.packages ?? []) {
      const key = `${pkg.package.name}@${pkg.package.version}`;
      map.set(key, [...(map.get(key) ?? []), ...(pkg.vulnerabilities ?? []).map((v) => v.id)].sort());
    }
  }
  return map;
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function scannerAvailable(): boolean {
  return existsSync(realScanner);
}
