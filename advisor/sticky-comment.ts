/**
 * One comment per pull request, updated in place on every run.
 *
 * The comment is found by its hidden marker AND by its author being the
 * token's own identity: anyone can paste the marker into a comment, and the
 * advisor must never overwrite a human's (or another bot's) words.
 */
import { InputError } from '../policies/model/errors.js';
import { advisorDefaults } from './defaults.js';
import type { GitHubClient, Log } from './github-client.js';

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url: string }
  | { action: 'skipped'; reason: string };

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const { status } = error;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/**
 * Whether a 403 is GitHub's (secondary) rate limit rather than a missing
 * permission: it carries retry-after or x-ratelimit-remaining: 0, or says so.
 * The throttling plugin has already retried it when it reaches us.
 */
function isRateLimit(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const response = 'response' in error ? (error.response as { headers?: Record<string, unknown> } | undefined) : undefined;
  const headers = response?.headers ?? {};
  if (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0') return true;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return /rate limit/i.test(message);
}

/**
 * The login comments by this token carry. GET /user answers for personal and
 * GITHUB_TOKEN-like user tokens; GitHub App installation tokens get 403 (or
 * 404 on some GHES versions), and then the comments are by the app's bot
 * account: `github-actions[bot]` for GITHUB_TOKEN, `<slug>[bot]` for an app.
 */
export async function resolveOwnLogin(client: GitHubClient, appSlug: string | undefined, log: Log): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status !== 403 && status !== 404 && status !== 401) throw error;
    if (appSlug) {
      const login = `${appSlug}[bot]`;
      log(`GET /user answered ${status} (an installation token); matching comments by ${login}`);
      return login;
    }
    const login = advisorDefaults.actionsBotLogin;
    log(
      `GET /user answered ${status}: cannot identify the token's account; pass app-slug so the advisor finds its own comment ` +
        `(assuming ${login}; with a GitHub App's token a new comment is added on every run).`,
    );
    return login;
  }
}

/** Finds the advisor's own comment across every page of the pull request's comments. */
export async function findOwnComment(
  client: GitHubClient,
  target: CommentTarget,
  login: string,
  marker: string = advisorDefaults.marker,
): Promise<{ id: number; body: string; url: string } | undefined> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const own = comments.find(
    (c) => c.user?.login.toLowerCase() === login.toLowerCase() && (c.body ?? '').trimStart().startsWith(marker),
  );
  return own ? { id: own.id, body: own.body ?? '', url: own.html_url } : undefined;
}

/**
 * Creates the comment or updates the existing one, also when the result
 * turned green, so a stale red comment never stays behind. A 403 (a fork's
 * read-only token, or a rate limit that outlasted the retries) is a warning,
 * not a failure: the job summary still carries the report. A 404 means the
 * repository or pull request does not exist (a wrong --repo or --pr) and is
 * an InputError, so the run fails instead of passing without a comment.
 */
export async function upsertComment(
  client: GitHubClient,
  target: CommentTarget,
  body: string,
  options: { log: Log; appSlug?: string; marker?: string },
): Promise<CommentOutcome> {
  const marker = options.marker ?? advisorDefaults.marker;
  if (!body.startsWith(marker)) throw new Error('comment body must start with the advisor marker');
  try {
    const login = await resolveOwnLogin(client, options.appSlug, options.log);
    const existing = await findOwnComment(client, target, login, marker);
    if (existing) {
      if (existing.body === body) return { action: 'unchanged', id: existing.id, url: existing.url };
      const { data } = await client.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await client.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body,
    });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    const status = statusOf(error);
    const where = `${target.owner}/${target.repo}#${target.issueNumber}`;
    if (status === 404) {
      throw new InputError(`pull request ${where} not found (HTTP 404), so the advisor cannot comment on it`, {
        fix: 'check --repo and --pr (GITHUB_REPOSITORY and the event in Actions), and that the token can read the repository',
        cause: error,
      });
    }
    if (status === 403 && isRateLimit(error)) {
      const reason =
        `could not comment on ${where}: GitHub's rate limit was still in force after ${advisorDefaults.maxRateLimitRetries} retries (HTTP 403). ` +
        'Re-run the job later; the report is in the job summary.';
      options.log(reason);
      return { action: 'skipped', reason };
    }
    if (status === 403) {
      const reason =
        `could not comment on ${where} (HTTP 403): the token needs the \`pull-requests: write\` permission. ` +
        'Fork pull requests get a read-only token; use the workflow_run pattern in docs/advisor.md. The report is in the job summary.';
      options.log(reason);
      return { action: 'skipped', reason };
    }
    throw error;
  }
}

/**
 * The open pull request whose head is `sha`, for `workflow_run` posting where
 * the event's pull_requests list is empty for forks. The commit's pull
 * requests come first; when GitHub does not associate a fork's commit with
 * the pull request there, the search API is asked for a pull request
 * containing the commit.
 */
export async function findPullRequestBySha(
  client: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
): Promise<number | undefined> {
  const pulls = await client.paginate(client.rest.repos.listPullRequestsAssociatedWithCommit, {
    owner,
    repo,
    commit_sha: sha,
    per_page: 100,
  });
  const match = pulls.find((p) => p.state === 'open' && p.head.sha === sha) ?? pulls.find((p) => p.head.sha === sha);
  if (match) return match.number;
  const { data } = await client.rest.search.issuesAndPullRequests({
    q: `repo:${owner}/${repo} is:pr is:open ${sha}`,
    per_page: 10,
  });
  const found = data.items.filter((item) => item.pull_request !== undefined).map((item) => item.number);
  // More than one open pull request with this head would be ambiguous; post nowhere rather than to the wrong one.
  return found.length === 1 ? found[0] : undefined;
}
