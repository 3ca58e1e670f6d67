import { cpSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PolicyValidationError, resolvePolicy, type ResolvePolicyOptions } from '../../../policies/engine/resolve-policy.js';
import { isInputError, type InputError } from '../../../policies/model/errors.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const engineFixtures = path.join(repoRoot, 'test/fixtures/engine');

export function fixture(name: string): string {
  return path.join(engineFixtures, name);
}

/**
 * Copies the npm extends fixture to a temporary folder with its
 * `node_modules_fixture` renamed to `node_modules` (a folder git ignores, so
 * the fixture cannot be committed under its real name).
 */
export function npmFixtureRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'goldenpath-extends-'));
  cpSync(fixture('extends-npm'), dir, { recursive: true });
  renameSync(path.join(dir, 'node_modules_fixture'), path.join(dir, 'node_modules'));
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
