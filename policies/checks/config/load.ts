/** The I/O half of the config check: reads each environment's file under the repository root. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../../config-formats/index.js';
import { InputError } from '../../model/errors.js';
import type { EnvironmentSpec } from './compile.js';
import type { LoadedEnvironment } from './environment.js';

/** Loads every environment; a missing or unparsable file is an InputError (the check fails closed). */
export async function loadEnvironments(root: string, environments: readonly EnvironmentSpec[]): Promise<LoadedEnvironment[]> {
  return Promise.all(environments.map((env) => loadEnvironment(root, env)));
}

async function loadEnvironment(root: string, env: EnvironmentSpec): Promise<LoadedEnvironment> {
  let text: string;
  try {
    text = await readFile(path.join(root, env.file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `the config file of environment "${env.name}" does not exist: ${env.file}`
        : `cannot read the config file of environment "${env.name}" (${env.file}): ${code ?? String(error)}`,
      {
        location: env.declaredAt,
        fix: `create ${env.file}, or correct its path under config.environments`,
        cause: error,
      },
    );
  }
  return { name: env.name, document: parseConfig(text, env.file) };
}
