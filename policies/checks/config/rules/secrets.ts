/**
 * Committed secrets and unfilled placeholders in deployed environments. The
 * value itself never reaches a finding: messages name the key and the kind of
 * secret, identities use the pattern id.
 */
import type { ConfigScalar } from '../../../config-formats/index.js';
import type { Finding } from '../../../model/finding.js';
import type { EvaluationContext } from '../context.js';
import type { Environment } from '../environment.js';
import { formatWhere } from '../environment.js';
import { detect } from '../secret-patterns.js';

export function checkSecrets(context: EvaluationContext): Finding[] {
  const findings: Finding[] = [];
  const { secretEnvs, secretAllow } = context.policy;
  for (const env of context.environments) {
    if (!secretEnvs.has(env.name)) continue;
    for (const entry of env.entries.values()) {
      if (secretAllow.some((pattern) => pattern.matches(entry.key))) continue;
      if (entry.kind === 'list') {
        for (const item of entry.nested ?? []) findings.push(...scan(context, env, item.path, item.value, item.line, item.column));
      } else if (entry.kind === 'string' || entry.kind === 'number') {
        findings.push(...scan(context, env, entry.key, entry.value, entry.line, entry.column));
      }
    }
  }
  return findings;
}

function scan(
  context: EvaluationContext,
  env: Environment,
  key: string,
  value: ConfigScalar | undefined,
  line: number,
  column: number,
): Finding[] {
  const detection = detect(key, value);
  if (!detection) return [];
  const location = { file: env.file, line, column };
  const secret = detection.rule === 'config/secret';
  return [
    context.finding(detection.rule, {
      data: { env: env.name, key, where: formatWhere(location), kind: detection.description },
      location,
      fix: secret
        ? `remove the value, reference it instead (e.g. \${${envVarName(key)}}) and inject it from your secret store; rotate it, since it has been committed`
        : `set the real value of ${key}, or reference it (e.g. \${${envVarName(key)}})`,
      identity: [env.name, key, detection.id],
    }),
  ];
}

/** `db.password` → `DB_PASSWORD`, for fix hints. */
function envVarName(key: string): string {
  return key.replace(/\[\d+\]/g, '').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}
