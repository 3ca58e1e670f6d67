/**
 * What counts as a committed secret or an unfilled placeholder. Patterns are
 * compiled once at load; each has an id (used in finding identities, never
 * the value) and a description used in messages ("looks like a GitHub token").
 */
import type { ConfigScalar } from '../../config-formats/index.js';

export interface Detection {
  rule: 'config/secret' | 'config/placeholder';
  /** Stable id of the pattern, e.g. `github-token`. */
  id: string;
  /** How messages name it, e.g. `a GitHub token`. */
  description: string;
}

interface ValuePattern {
  id: string;
  description: string;
  regex: RegExp;
}

const SECRET_VALUES: readonly ValuePattern[] = [
  { id: 'private-key', description: 'a private key', regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'aws-access-key-id', description: 'an AWS access key id', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { id: 'github-token', description: 'a GitHub token', regex: /\bgh[pousr]_[A-Za-z0-9]{36,}/ },
  { id: 'github-pat', description: 'a GitHub fine-grained personal access token', regex: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { id: 'slack-token', description: 'a Slack token', regex: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { id: 'stripe-live-key', description: 'a Stripe live key', regex: /\b[rs]k_live_[A-Za-z0-9]{16,}/ },
  { id: 'google-api-key', description: 'a Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}/ },
  { id: 'jwt', description: 'a JSON Web Token', regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** `scheme://user:password@host`, unless the password is a `${VAR}` or `$VAR` reference. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;

/** The last level of a key that names a secret: `db.password`, `jwtSecret`, `stripe_api_key`, but not `token_ttl`. */
const SECRET_KEY_NAME = /(?:password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?|(?:^|[_-])pwd)$/i;

/**
 * Values that point at a secret instead of holding one: `${VAR}` / `$VAR`
 * environment references, secret-manager URIs and ARNs, and file paths
 * (e.g. `/run/secrets/db`).
 */
const REFERENCE =
  /^(?:\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|(?:env|file|vault|secret|secrets|sm|awssm|gcpsm|azkv|op|ref|k8s|kms):\S*|arn:aws:(?:secretsmanager|ssm|kms):\S*|projects\/[^/\s]+\/secrets\/\S*|\.{0,2}\/\S*)$/i;

const PLACEHOLDER_WORD = /^(?:changeme|change[-_ ]me|replace[-_ ]?me|replace[-_ ]this|todo|fixme|tbd|placeholder|x{3,}|\.{3})$/i;
const PLACEHOLDER_MARKER = /\b(?:TODO|FIXME|CHANGEME|CHANGE_ME|REPLACE_ME|REPLACEME|TBD)\b/;
const ANGLE_PLACEHOLDER = /^<[^<>]+>$/;

const isReference = (text: string): boolean => REFERENCE.test(text);

/** Classifies a value as a placeholder or a secret; placeholders win, since `password: changeme` is unfilled rather than leaked. */
export function detect(key: string, value: ConfigScalar | undefined): Detection | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (typeof value === 'string') {
    if (PLACEHOLDER_WORD.test(text)) return { rule: 'config/placeholder', id: 'placeholder-word', description: 'a placeholder word' };
    if (ANGLE_PLACEHOLDER.test(text)) return { rule: 'config/placeholder', id: 'angle-brackets', description: 'an <angle-bracket> placeholder' };
    if (PLACEHOLDER_MARKER.test(text)) return { rule: 'config/placeholder', id: 'marker', description: 'a TODO/FIXME/CHANGEME marker' };
    for (const pattern of SECRET_VALUES) {
      if (pattern.regex.test(text)) return { rule: 'config/secret', id: pattern.id, description: pattern.description };
    }
    const credentials = URL_CREDENTIALS.exec(text);
    if (credentials && !isReference(credentials[1] ?? '')) {
      return { rule: 'config/secret', id: 'url-credentials', description: 'a URL with an embedded password' };
    }
  }
  const name = key.slice(key.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  if (SECRET_KEY_NAME.test(name) && !isReference(text)) {
    return { rule: 'config/secret', id: 'secret-key-name', description: 'a literal secret (the key name says it is one)' };
  }
  return undefined;
}

/** Whether a value must not be echoed in messages: it looks secret by its key name or its content. */
export function mustRedact(key: string, value: ConfigScalar | undefined): boolean {
  return detect(key, value)?.rule === 'config/secret';
}
