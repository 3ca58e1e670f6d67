/**
 * The `config` check: every environment's config file has the same keys and
 * types, satisfies per-environment constraints and cross-key invariants (with
 * durations and byte sizes understood), and deployed environments hold no
 * secrets or placeholders. `run` glues the I/O (`load`) to the pure `evaluate`.
 */
import type { Check } from '../../model/check.js';
import { InputError } from '../../model/errors.js';
import { sortFindings } from '../../model/finding.js';
import { compileConfigPolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { loadEnvironments } from './load.js';
import { messages } from './messages.js';
import { configSchema } from './schema.js';
import type { ConfigPolicyOptions } from './schema.js';

export { compileConfigPolicy } from './compile.js';
export type { CompiledConfigPolicy, PolicyLocator } from './compile.js';
export type { LoadedEnvironment } from './environment.js';
export { evaluate } from './evaluate.js';
export { loadEnvironments } from './load.js';
export type { ConfigPolicyOptions } from './schema.js';

export const check: Check = {
  meta: {
    id: 'config',
    description:
      'Checks that every environment config file (YAML, JSON or .env) has the same keys and types, meets its constraints and invariants, and that deployed environments contain no secrets or placeholders.',
    docsUrl: 'docs/checks/config.md',
    policyKey: 'config',
    schema: configSchema,
    messages,
  },
  async run(context) {
    const options = context.options;
    if (typeof options !== 'object' || options === null || !('environments' in options)) {
      throw new InputError('the policy has no config.environments', {
        location: context.policy.locate(['config']),
        fix: 'declare each environment and its config file under config.environments, e.g. `prod: config/prod.yaml`',
      });
    }
    const policy = compileConfigPolicy(options as ConfigPolicyOptions, (keyPath) => context.policy.locate(keyPath));
    const groups = await loadEnvironments(context.root, policy.environments);
    return sortFindings(groups.flatMap((environments) => evaluate(environments, policy)));
  },
};
