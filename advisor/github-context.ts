/**
 * What a GitHub Actions run tells the advisor about itself: the event
 * (pull_request, pull_request_target or workflow_run), the repository and the
 * API endpoint. Read from the same variables and event file that
 * @actions/github's Context reads, but from an injected environment so runs
 * are testable without touching process.env.
 *
 * Why not @actions/github's Context: it reads the global process.env in its
 * constructor, so tests could only steer it by mutating the process's
 * environment. It also turns a missing event file into an empty payload plus
 * a line on stdout (where the JSON report goes), where this module fails with
 * the file's name.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../policies/model/errors.js';
import { advisorDefaults } from './defaults.js';

export interface RunContext {
  /** True inside GitHub Actions (GITHUB_ACTIONS=true). */
  actions: boolean;
  eventName?: string;
  owner?: string;
  repo?: string;
  /** pull_request / pull_request_target. */
  pullRequest?: { number: number; baseSha: string; headSha: string };
  /** workflow_run: the commit whose run produced the report, and where it came from. */
  workflowRun?: { headSha: string; pullRequests: number[] };
  apiUrl: string;
  token?: string;
}

interface EventPayload {
  pull_request?: { number?: unknown; base?: { sha?: unknown }; head?: { sha?: unknown } };
  workflow_run?: { head_sha?: unknown; pull_requests?: { number?: unknown }[] };
  repository?: { name?: unknown; owner?: { login?: unknown } };
}

function readPayload(file: string | undefined): EventPayload {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EventPayload;
  } catch (error) {
    throw new InputError(`cannot read the GitHub event payload: ${(error as Error).message}`, {
      location: { file },
      fix: 'GITHUB_EVENT_PATH must point at the event JSON GitHub Actions provides',
    });
  }
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** Builds the run context from environment variables (GITHUB_*). */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const actions = env.GITHUB_ACTIONS === 'true';
  const payload = actions ? readPayload(env.GITHUB_EVENT_PATH) : {};
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const context: RunContext = {
    actions,
    apiUrl: asString(env.GITHUB_API_URL) ?? advisorDefaults.apiUrl,
    ...(asString(env.GITHUB_TOKEN) ? { token: env.GITHUB_TOKEN } : {}),
    ...(asString(env.GITHUB_EVENT_NAME) ? { eventName: env.GITHUB_EVENT_NAME } : {}),
  };
  const ownerName = asString(owner) ?? asString(payload.repository?.owner?.login);
  const repoName = asString(repo) ?? asString(payload.repository?.name);
  if (ownerName && repoName) Object.assign(context, { owner: ownerName, repo: repoName });
  const pr = payload.pull_request;
  const number = asNumber(pr?.number);
  const baseSha = asString(pr?.base?.sha);
  const headSha = asString(pr?.head?.sha);
  if (number !== undefined && baseSha && headSha) context.pullRequest = { number, baseSha, headSha };
  const run = payload.workflow_run;
  const runHead = asString(run?.head_sha);
  if (runHead) {
    context.workflowRun = {
      headSha: runHead,
      pullRequests: (run?.pull_requests ?? []).map((p) => asNumber(p.number)).filter((n): n is number => n !== undefined),
    };
  }
  return context;
}
