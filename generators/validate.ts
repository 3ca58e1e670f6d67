import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ANSWER_KEYS,
  describeOrigin,
  howToChange,
  type AnswerKey,
  type AnswerProblem,
  type ResolvedAnswers,
} from './answers-model.js';
import { shownPath } from './paths.js';
import { findTemplate, templateIds } from './templates.js';

/**
 * Validation of generator answers. Each rule is a pure function returning the
 * problem in words (or undefined), so prompts can show it as immediate feedback
 * and the CLI can collect every problem before anything is written.
 */

/** The longest DNS-1123 label (Kubernetes object names, DNS hosts). */
const MAX_NAME_LENGTH = 63;

/**
 * A service name must be a DNS-1123 label starting with a letter, because it
 * becomes a Kubernetes object name, a hostname, a folder and a Go binary name.
 */
export function checkServiceName(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters (has ${name.length})`;
  if (!/^[a-z]/.test(name)) return 'must start with a lower-case letter';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may contain only lower-case letters, digits and "-"';
  if (name.endsWith('-')) return 'must end with a letter or digit';
  return undefined;
}

/** GitHub's longest user or organisation name. */
const MAX_ACCOUNT_LENGTH = 39;

/**
 * An owner is who reviews changes (CODEOWNERS) and owns the catalog entry:
 * a GitHub user (`alice`) or a team of an organisation (`acme/platform-team`),
 * written as CODEOWNERS names them after the `@`.
 */
export function checkOwner(owner: string): string | undefined {
  if (owner.length === 0) return 'must not be empty';
  // People copy owners from CODEOWNERS; the template adds the "@" itself.
  if (owner.startsWith('@')) return 'must be written without the leading "@" (CODEOWNERS gets it from the template)';
  const parts = owner.split('/');
  if (parts.length > 2) return 'must be a user (alice) or an organisation and team (acme/platform-team), with at most one "/"';
  const [account = '', team] = parts;
  const accountProblem = checkAccount(account);
  if (team === undefined) return accountProblem;
  if (accountProblem) return `organisation "${account}" ${accountProblem}`;
  const teamProblem = checkTeamSlug(team);
  return teamProblem ? `team "${team}" ${teamProblem}` : undefined;
}

/**
 * GitHub user and organisation names: letters, digits and single hyphens, no
 * hyphen at either end, at most 39 characters. GitHub ignores case; we ask
 * for lower case so CODEOWNERS, module paths and catalog entries agree.
 */
function checkAccount(account: string): string | undefined {
  if (account.length === 0) return 'must not be empty';
  if (account.length > MAX_ACCOUNT_LENGTH) return `must be at most ${MAX_ACCOUNT_LENGTH} characters (has ${account.length})`;
  if (!/^[a-z0-9-]+$/.test(account)) return 'may contain only lower-case letters, digits and "-"';
  if (account.startsWith('-') || account.endsWith('-')) return 'must not start or end with "-"';
  if (account.includes('--')) return 'must not contain "--"';
  return undefined;
}

/**
 * A team slug as GitHub derives it from the team name (and as CODEOWNERS and
 * the API expect it): lower-case letters, digits, "-" and "_", starting and
 * ending with a letter or digit. The display name ("Platform Team") is not a slug.
 */
function checkTeamSlug(team: string): string | undefined {
  if (team.length === 0) return 'must not be empty';
  if (!/^[a-z0-9_-]+$/.test(team)) return 'may contain only lower-case letters, digits, "-" and "_" (use the team slug, not its display name)';
  if (!/^[a-z0-9]/.test(team) || !/[a-z0-9]$/.test(team)) return 'must start and end with a letter or digit';
  return undefined;
}

/** The organisation of a team owner (`acme` for `acme/platform-team`), or the user itself. */
export function ownerAccount(owner: string): string {
  return owner.split('/')[0] ?? owner;
}

/**
 * The owner as a Backstage entity reference: a team becomes `group:<team slug>`
 * (Backstage's GitHub org provider names groups after the team slug) and a
 * user `user:<login>` (a bare name would be read as a group).
 */
export function catalogOwner(owner: string): string {
  const [account = owner, team] = owner.split('/');
  return team === undefined ? `user:${account}` : `group:${team}`;
}

/** A description lands in README, go.mod comments and YAML; one line keeps every one of those valid. */
export function checkDescription(description: string): string | undefined {
  if (description.trim().length === 0) return 'must not be empty';
  if (/[\r\n]/.test(description)) return 'must be a single line';
  // Control characters would corrupt YAML and Go source; surrounding spaces change YAML block scalars.
  if (Array.from({ length: description.length }, (_, i) => description.charCodeAt(i)).some((code) => code < 0x20 || code === 0x7f)) return 'must not contain control characters (tabs included)';
  if (description !== description.trim()) return 'must not start or end with spaces';
  if (description.length > 200) return `must be at most 200 characters (has ${description.length})`;
  return undefined;
}

// Windows reserves these names (with any extension), so Go refuses them as path elements.
const WINDOWS_RESERVED = new Set([
  'con', 'prn', 'aux', 'nul',
  'com1', 'com2', 'com3', 'com4', 'com5', 'com6', 'com7', 'com8', 'com9',
  'lpt1', 'lpt2', 'lpt3', 'lpt4', 'lpt5', 'lpt6', 'lpt7', 'lpt8', 'lpt9',
]);

/**
 * Checks a Go module path with the rules of golang.org/x/mod/module.CheckPath,
 * so `go mod tidy` never rejects what we generated:
 * - elements are non-empty, ASCII letters, digits and `-._~`, neither
 *   starting nor ending with a dot, not all dots, not a Windows reserved name,
 *   not ending in `~` followed by digits (Windows short names);
 * - no leading dash, no leading or trailing slash, no `//`;
 * - the first element is a lower-case domain-like name with at least one dot;
 * - a final `/vN` has N >= 2 without leading zero or dots (gopkg.in uses `.vN`).
 */
export function checkModulePath(modulePath: string): string | undefined {
  if (modulePath.length === 0) return 'must not be empty';
  if (modulePath.startsWith('-')) return 'must not start with "-"';
  if (modulePath.startsWith('/')) return 'must not start with "/"';
  if (modulePath.endsWith('/')) return 'must not end with "/"';
  if (modulePath.includes('//')) return 'must not contain "//"';
  const elements = modulePath.split('/');
  for (const element of elements) {
    const problem = checkPathElement(element);
    if (problem) return `path element "${element}" ${problem}`;
  }
  const first = elements[0] ?? '';
  if (!first.includes('.')) return `first path element "${first}" must be a domain name containing a dot (such as example.com)`;
  if (!/^[a-z0-9.-]+$/.test(first)) return `first path element "${first}" may contain only lower-case letters, digits, "." and "-"`;
  if (!hasValidMajorSuffix(modulePath)) {
    return modulePath.startsWith('gopkg.in/')
      ? 'gopkg.in paths must end in ".vN" (such as gopkg.in/yaml.v3)'
      : 'a final /vN element must be /v2 or higher, without leading zeros or dots (drop /v0 and /v1)';
  }
  return undefined;
}

function checkPathElement(element: string): string | undefined {
  if (element.length === 0) return 'is empty';
  if (/^\.+$/.test(element)) return 'must not consist of dots only';
  if (element.startsWith('.')) return 'must not start with "."';
  if (element.endsWith('.')) return 'must not end with "."';
  const bad = /[^A-Za-z0-9._~-]/.exec(element);
  if (bad) return `contains "${bad[0]}"; only ASCII letters, digits and "-", ".", "_", "~" are allowed`;
  const short = element.split('.')[0] ?? element;
  if (WINDOWS_RESERVED.has(short.toLowerCase())) return `uses "${short}", a reserved file name on Windows`;
  if (/~[0-9]+$/.test(short)) return 'must not end in "~" and digits (a Windows short name)';
  return undefined;
}

/** Mirrors module.SplitPathVersion's `ok` result. */
function hasValidMajorSuffix(modulePath: string): boolean {
  if (modulePath.startsWith('gopkg.in/')) {
    const match = /\.v([0-9]+)(-unstable)?$/.exec(modulePath);
    if (!match) return false;
    const digits = match[1] ?? '';
    // Only a plain `.v0` may start with zero; `.v0-unstable` and `.v01` may not.
    return !digits.startsWith('0') || (digits === '0' && match[2] === undefined);
  }
  const match = /\/v([0-9.]+)$/.exec(modulePath);
  if (!match) return true;
  const version = match[1] ?? '';
  return !version.includes('.') && !version.startsWith('0') && version !== '1';
}

/**
 * Whether `target` may receive a new service: it must not exist, or be an
 * empty directory, and its parent must be an existing directory (we do not
 * create parents, so a failed run leaves nothing behind).
 */
export async function checkTarget(target: string): Promise<string | undefined> {
  const parent = path.dirname(target);
  const parentStat = await stat(parent).catch(() => undefined);
  if (!parentStat?.isDirectory()) return `parent directory ${shownPath(parent)} does not exist`;
  const targetStat = await lstat(target).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (!targetStat) return undefined;
  if (!targetStat.isDirectory()) return `${shownPath(target)} exists and is not a directory`;
  const entries = await readdir(target);
  if (entries.length > 0) return `${shownPath(target)} exists and is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`;
  return undefined;
}

const EXAMPLES: Record<AnswerKey, (answers: ResolvedAnswers) => string> = {
  name: () => 'a DNS label such as payments-api (lower-case letters, digits and "-", starting with a letter)',
  template: () => `one of: ${templateIds().join(', ')}`,
  owner: () => 'a GitHub user such as alice or an organisation team such as acme/payments-team',
  module: (answers) =>
    `a Go module path such as example.com/${checkOwner(answers.owner.value) ? 'team' : ownerAccount(answers.owner.value)}/${checkServiceName(answers.name.value) ? 'service' : answers.name.value}`,
  description: () => 'one line of text',
};

const CHECKS: Record<AnswerKey, (value: string) => string | undefined> = {
  name: checkServiceName,
  template: (id) => (findTemplate(id) ? undefined : `unknown template "${id}"`),
  owner: checkOwner,
  module: checkModulePath,
  description: checkDescription,
};

/**
 * Every problem with the answers and the target directory, in prompt order.
 * A default derived from an invalid answer is not reported separately: fixing
 * the answer fixes the default.
 */
export async function validateAnswers(answers: ResolvedAnswers, parentDir: string, dirFlagGiven: boolean): Promise<AnswerProblem[]> {
  const problems: AnswerProblem[] = [];
  const invalid = new Set<AnswerKey>();
  for (const key of ANSWER_KEYS) {
    const answer = answers[key];
    if (answer.origin.kind === 'default' && dependsOnInvalid(key, invalid)) continue;
    const message = CHECKS[key](answer.value);
    if (message === undefined) continue;
    invalid.add(key);
    problems.push({
      where: describeOrigin(key, answer.origin),
      message: `${key} ${JSON.stringify(answer.value)} ${message.startsWith('unknown') ? `is an ${message}` : message}`,
      fix: howToChange(key, answer.origin, EXAMPLES[key](answers)),
      ...(answer.origin.kind === 'file' ? { location: answer.origin.location } : {}),
    });
  }
  if (!invalid.has('name')) {
    const target = path.resolve(parentDir, answers.name.value);
    const message = await checkTarget(target);
    if (message !== undefined) {
      problems.push({
        where: dirFlagGiven ? '--dir' : 'target directory',
        message,
        fix: message.startsWith('parent')
          ? 'create the directory first or pass --dir with an existing directory'
          : 'choose another name, pass --dir with another parent directory, or move the existing one away (nothing is ever overwritten)',
      });
    }
  }
  return problems;
}

function dependsOnInvalid(key: AnswerKey, invalid: ReadonlySet<AnswerKey>): boolean {
  if (key === 'module') return invalid.has('owner') || invalid.has('name');
  if (key === 'description') return invalid.has('name');
  return false;
}
