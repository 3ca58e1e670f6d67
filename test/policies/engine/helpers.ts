import { cpSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PolicyValidationError, resolvePolicy, type ResolvePolicyOptions } from '../../../policies/engine/resolve-policy.js';
import { isInputError, type InputError } from '../../../policies/model/errors.js';
import { repoRoot } from '../../support/paths.js';
export { repoRoot } from '../../support/paths.js';

export const engineFixtures = path.join(repoRoot, 'test/fixtures/engine');

export function fixture(name: string): string {
  return path.join(engineFixtures, name);
}

/**
 * Copies the npm extends fixture to a temporary folder, restoring the names
 * it cannot be committed under: `node_modules_fixture` becomes `node_modules`
 * (git ignores it) and each `package.fixture.json` becomes `package.json` (so
 * this repository's own dependency gate does not take the fixture for a manifest).
 */
export function npmFixtureRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'goldenpath-extends-'));
  cpSync(fixture('extends-npm'), dir, { recursive: true });
  renameSync(path.join(dir, 'node_modules_fixture'), path.join(dir, 'node_modules'));
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(entry) === 'package.fixture.json') renameSync(path.join(dir, entry), path.join(dir, path.dirname(entry), 'package.json'));
  }
  return dir;
}

/** Runs resolvePolicy and returns the InputError it throws (fails the test if it does not throw one). */
export function inputErrorOf(options: ResolvePolicyOptions): InputError {
  try {
    resolvePolicy(options);
  } catch (error) {
    if (isInputError(error)) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

export function problemsOf(options: ResolvePolicyOptions): string[] {
  const error = inputErrorOf(options);
  if (!(error instanceof PolicyValidationError)) throw new Error(`expected a PolicyValidationError, got: ${error.format()}`);
  return error.problems.map((p) => `${p.location.file}:${p.location.line ?? '?'}:${p.location.column ?? '?'}: ${p.message}`);
}
