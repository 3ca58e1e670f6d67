/** The I/O half of the config check: finds and reads each environment's files under the repository root. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../../config-formats/index.js';
import { InputError } from '../../model/errors.js';
import type { EnvironmentSpec } from './compile.js';
import type { LoadedEnvironment } from './environment.js';
import { findEnvironmentFiles } from './environment-files.js';

/**
 * Loads every environment, one list per group of files (one group unless the
 * paths are globs). A missing or unparsable file is an InputError: the check fails closed.
 */
export async function loadEnvironments(root: string, environments: readonly EnvironmentSpec[]): Promise<LoadedEnvironment[][]> {
  const groups = await findEnvironmentFiles(root, environments);
  return Promise.all(
    groups.map((group) =>
      Promise.all(environments.map((env) => loadEnvironment(root, env, group.files.get(env.name) ?? env.file))),
    ),
  );
}

async function loadEnvironment(root: string, env: EnvironmentSpec, file: string): Promise<LoadedEnvironment> {
  let text: string;
  try {
    text = await readFile(path.join(root, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `the config file of environment "${env.name}" does not exist: ${file}`
        : `cannot read the config file of environment "${env.name}" (${file}): ${code ?? String(error)}`,
      {
        location: env.declaredAt,
        fix: `create ${file}, or correct its path under config.environments`,
        cause: error,
      },
    );
  }
  return { name: env.name, document: parseConfig(text, file) };
}
