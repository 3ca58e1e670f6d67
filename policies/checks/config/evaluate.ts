/**
 * The pure core of the config check: loaded environments and a compiled
 * policy in, sorted findings out. No I/O, so it is tested with fixtures and
 * can be called once per service by callers that load many services.
 */
import type { Finding } from '../../model/finding.js';
import { sortFindings } from '../../model/finding.js';
import type { CompiledConfigPolicy } from './compile.js';
import { EvaluationContext } from './context.js';
import type { LoadedEnvironment } from './environment.js';
import { checkConstraints } from './rules/constraints.js';
import { checkInvariants } from './rules/invariants.js';
import { checkParity } from './rules/parity.js';
import { checkRequired } from './rules/required.js';
import { checkSecrets } from './rules/secrets.js';

export function evaluate(environments: readonly LoadedEnvironment[], policy: CompiledConfigPolicy): Finding[] {
  const context = new EvaluationContext(environments, policy);
  const required = checkRequired(context);
  return sortFindings([
    ...required.findings,
    ...checkParity(context, (env, key) => required.reported.has(`${env}\0${key}`)),
    ...checkConstraints(context),
    ...checkInvariants(context),
    ...checkSecrets(context),
  ]);
}
