/**
 * After the service is in place: `go mod tidy`, then `git init` and a first
 * commit. A step that cannot run (tool missing, too old, opted out) is skipped
 * with the command to run by hand; a step that fails stops the rest, and the
 * service stays, complete, for the user to finish by hand.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import semver from 'semver';

const execFileAsync = promisify(execFile);

export type StepId = 'go-mod-tidy' | 'git-init';
export type StepStatus = 'done' | 'skipped' | 'failed';

export interface StepResult {
  id: StepId;
  status: StepStatus;
  /** Why it was skipped or how it failed; empty when done. */
  detail: string;
  /** What to run by hand (in the service folder) when it was not done. */
  manual: string;
}

export interface PostGenerateOptions {
  /** Absolute path of the generated service. */
  serviceDir: string;
  install: boolean;
  git: boolean;
  /** The template's toolchain constraint (`requires.go`), a semver range such as ">=1.25". */
  requiresGo: string;
  templateId: string;
  templateVersion: string;
  env?: NodeJS.ProcessEnv;
}

/** The identity for the first commit when git has none configured; used for that commit only. */
export const FALLBACK_GIT_IDENTITY = { name: 'create-service', email: 'create-service@localhost' } as const;

/** What to run by hand, in the service folder, for each step. */
export const MANUAL_COMMANDS: Record<StepId, string> = {
  'go-mod-tidy': 'go mod tidy',
  'git-init': 'git init -b main && git add -A && git commit -m "Initial commit"',
};

interface CommandResult {
  ok: boolean;
  missing: boolean;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, missing: false, stdout, stderr };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    return { ok: false, missing: failure.code === 'ENOENT', stdout: failure.stdout ?? '', stderr: failure.stderr ?? failure.message };
  }
}

/** Runs the post-generation steps in order and reports each one. */
export async function postGenerate(options: PostGenerateOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const steps: [StepId, (o: PostGenerateOptions) => Promise<Omit<StepResult, 'id' | 'manual'>>][] = [
    ['go-mod-tidy', goModTidy],
    ['git-init', gitInitAndCommit],
  ];
  for (const [id, step] of steps) {
    if (results.some((result) => result.status === 'failed')) {
      results.push({ id, status: 'skipped', detail: 'an earlier step failed', manual: MANUAL_COMMANDS[id] });
      continue;
    }
    const result = await step(options);
    results.push({ id, ...result, manual: result.status === 'done' ? '' : MANUAL_COMMANDS[id] });
  }
  return results;
}

async function goModTidy(options: PostGenerateOptions): Promise<Omit<StepResult, 'id' | 'manual'>> {
  if (!options.install) return { status: 'skipped', detail: '--no-install' };
  const env = options.env ?? process.env;
  const version = await run('go', ['env', 'GOVERSION'], options.serviceDir, env);
  if (version.missing) return { status: 'skipped', detail: `Go is not installed; install Go ${options.requiresGo} (https://go.dev/dl/), then run it` };
  const found = semver.coerce(version.stdout.trim().replace(/^go/, ''));
  if (!version.ok || !found) return { status: 'skipped', detail: `could not tell the Go version (${firstLine(version.stderr || version.stdout)})` };
  if (!semver.satisfies(found, options.requiresGo)) {
    return {
      status: 'skipped',
      detail: `Go ${found.version} is installed but ${options.templateId} ${options.templateVersion} needs Go ${options.requiresGo}; upgrade Go, then run it`,
    };
  }
  const tidy = await run('go', ['mod', 'tidy'], options.serviceDir, env);
  return tidy.ok ? { status: 'done', detail: '' } : { status: 'failed', detail: `go mod tidy failed: ${lastLines(tidy.stderr)}` };
}

async function gitInitAndCommit(options: PostGenerateOptions): Promise<Omit<StepResult, 'id' | 'manual'>> {
  if (!options.git) return { status: 'skipped', detail: '--no-git' };
  const env = options.env ?? process.env;
  const cwd = options.serviceDir;
  const probe = await run('git', ['rev-parse', '--show-toplevel'], cwd, env);
  if (probe.missing) return { status: 'skipped', detail: 'git is not installed' };
  if (probe.ok) {
    // A nested repository inside a monorepo is almost never wanted; the service belongs to the outer one.
    return { status: 'skipped', detail: `already inside the git repository at ${probe.stdout.trim()}; commit the service there` };
  }
  const identity: string[] = [];
  if (!(await run('git', ['config', 'user.name'], cwd, env)).ok) identity.push('-c', `user.name=${FALLBACK_GIT_IDENTITY.name}`);
  if (!(await run('git', ['config', 'user.email'], cwd, env)).ok) identity.push('-c', `user.email=${FALLBACK_GIT_IDENTITY.email}`);
  const commands: string[][] = [
    ['init', '--quiet'],
    // symbolic-ref works on every git version, unlike `init -b` (2.28+).
    ['symbolic-ref', 'HEAD', 'refs/heads/main'],
    ['add', '--all'],
    [...identity, 'commit', '--quiet', '-m', `Initial commit from create-service (${options.templateId} ${options.templateVersion})`],
  ];
  for (const args of commands) {
    const result = await run('git', args, cwd, env);
    if (!result.ok) return { status: 'failed', detail: `git ${args.filter((a) => !a.startsWith('user.') && a !== '-c').join(' ')} failed: ${lastLines(result.stderr)}` };
  }
  return { status: 'done', detail: '' };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
