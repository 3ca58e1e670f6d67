import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advisorDefaults } from '../../advisor/defaults.js';
import { createGitHubClient, type GitHubClient } from '../../advisor/github-client.js';
import { findPullRequestBySha, upsertComment } from '../../advisor/sticky-comment.js';
import { InputError } from '../../policies/model/errors.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

const marker = advisorDefaults.marker;
const target = { owner: 'octo', repo: 'svc', issueNumber: 7 };

let gh: FakeGitHub;
let logs: string[];

function client(token = 'bot-token'): GitHubClient {
  return createGitHubClient({ token, baseUrl: gh.url, log: (m) => logs.push(m), retryAfterBaseValue: 1 });
}

const body = (text: string): string => `${marker}\n${text}`;
const log = (m: string): void => {
  logs.push(m);
};

beforeEach(async () => {
  gh = await startFakeGitHub();
  gh.tokens.set('bot-token', 'advisor-bot');
  gh.tokens.set('human-token', 'alice');
  gh.tokens.set('installation-token', null);
  logs = [];
});

afterEach(async () => {
  await gh.close();
});

describe('sticky comment', () => {
  it('ten runs leave exactly one comment, updated in place', async () => {
    for (let run = 0; run < 10; run++) {
      await upsertComment(client(), target, body(`run ${run % 3}`), { log });
    }
    const mine = gh.comments.filter((c) => c.issue === 7);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toBe(body('run 0'));
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    // run 1, 2, 0, 1, 2, 0, 1, 2, 0 differ from the previous body each time.
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(9);
  });

  it('leaves a comment by another user that carries the marker alone', async () => {
    gh.comments.push({ id: 1, issue: 7, login: 'alice', body: body('a human pasted our marker') });
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome.action).toBe('created');
    expect(gh.comments.find((c) => c.id === 1)?.body).toBe(body('a human pasted our marker'));
    expect(gh.comments.filter((c) => c.login === 'advisor-bot')).toHaveLength(1);
    expect(gh.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('does not take over its own comment that merely mentions the marker later in the text', async () => {
    gh.comments.push({ id: 5, issue: 7, login: 'advisor-bot', body: `quoting: ${marker}` });
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome.action).toBe('created');
  });

  it('finds its comment on page 3 of the listing', async () => {
    for (let i = 0; i < 250; i++) gh.comments.push({ id: i + 1, issue: 7, login: 'alice', body: `chatter ${i}` });
    gh.comments.push({ id: 251, issue: 7, login: 'advisor-bot', body: body('old report') });
    const outcome = await upsertComment(client(), target, body('new report'), { log });
    expect(outcome).toMatchObject({ action: 'updated', id: 251 });
    const pages = gh.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/repos/octo/svc/issues/7/comments'));
    expect(pages.map((r) => r.path)).toEqual([
      '/repos/octo/svc/issues/7/comments?per_page=100',
      '/repos/octo/svc/issues/7/comments?per_page=100&page=2',
      '/repos/octo/svc/issues/7/comments?per_page=100&page=3',
    ]);
    expect(gh.comments.filter((c) => c.login === 'advisor-bot')).toHaveLength(1);
  });

  it('updates the comment when the result turns green', async () => {
    await upsertComment(client(), target, body('1 policy violation'), { log });
    await upsertComment(client(), target, body('0 policy violations'), { log });
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]?.body).toBe(body('0 policy violations'));
  });

  it('retries 500 and 502 answers, then succeeds', async () => {
    gh.faults.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 500 });
    gh.faults.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 502 });
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome.action).toBe('created');
    expect(gh.requests.filter((r) => r.method === 'GET' && r.path.includes('/issues/7/comments'))).toHaveLength(3);
  });

  it('waits out a secondary rate limit (403 with retry-after) and retries', async () => {
    gh.faults.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome.action).toBe('created');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(logs.some((l) => l.includes('secondary rate limit'))).toBe(true);
  });

  it('gives up on a secondary rate limit after a bounded number of retries, with a rate-limit warning', async () => {
    gh.faults.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit.' },
      times: 10,
    });
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome).toMatchObject({ action: 'skipped', reason: expect.stringContaining("GitHub's rate limit was still in force") as unknown });
    expect(outcome).toMatchObject({ reason: expect.stringContaining('octo/svc#7') as unknown });
    // Not mistaken for a missing permission.
    expect(logs.join('\n')).not.toContain('pull-requests: write');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(advisorDefaults.maxRateLimitRetries + 1);
  });

  it('fails on a 404 listing comments (wrong repository or pull request), naming owner/repo#pr', async () => {
    gh.faults.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 404, body: { message: 'Not Found' } });
    const error = await upsertComment(client(), target, body('report'), { log }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toMatch(/pull request octo\/svc#7 not found \(HTTP 404\)[\s\S]*fix: check --repo and --pr/);
    expect(logs.join('\n')).not.toContain('pull-requests: write');
    expect(gh.comments).toHaveLength(0);
  });

  it('fails on a 404 creating the comment, naming owner/repo#pr', async () => {
    gh.faults.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 404, body: { message: 'Not Found' } });
    await expect(upsertComment(client(), target, body('report'), { log })).rejects.toThrow(/octo\/svc#7 not found/);
  });

  it('turns a 403 on commenting (fork token) into a warning naming pull-requests: write', async () => {
    gh.readOnlyTokens.add('bot-token');
    const outcome = await upsertComment(client(), target, body('report'), { log });
    expect(outcome.action).toBe('skipped');
    expect(logs.join('\n')).toContain('pull-requests: write');
    expect(gh.comments).toHaveLength(0);
  });

  it('with an installation token (GET /user is 403) matches comments by github-actions[bot]', async () => {
    gh.comments.push({ id: 9, issue: 7, login: 'github-actions[bot]', body: body('old') });
    const outcome = await upsertComment(client('installation-token'), target, body('new'), { log });
    expect(outcome).toMatchObject({ action: 'updated', id: 9 });
    expect(logs.some((l) => l.includes('github-actions[bot]'))).toBe(true);
    // Without app-slug the account is a guess, and the warning says how to make it certain.
    expect(logs.join('\n')).toContain("cannot identify the token's account; pass app-slug so the advisor finds its own comment");
  });

  it('with an app slug matches comments by <slug>[bot]', async () => {
    gh.comments.push({ id: 9, issue: 7, login: 'github-actions[bot]', body: body('not ours') });
    const outcome = await upsertComment(client('installation-token'), target, body('new'), { log, appSlug: 'platform-advisor' });
    expect(logs.join('\n')).not.toContain('cannot identify');
    // The app's own login differs from the fake's writer, so a new comment is created and the other is untouched.
    expect(outcome.action).toBe('created');
    expect(gh.comments.find((c) => c.id === 9)?.body).toBe(body('not ours'));
  });

  it('finds the pull request by head SHA for workflow_run posting', async () => {
    gh.pulls.push({ number: 3, baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40), state: 'closed' });
    gh.pulls.push({ number: 4, baseSha: 'a'.repeat(40), headSha: 'c'.repeat(40), state: 'open' });
    expect(await findPullRequestBySha(client(), 'octo', 'svc', 'c'.repeat(40))).toBe(4);
    expect(await findPullRequestBySha(client(), 'octo', 'svc', 'd'.repeat(40))).toBeUndefined();
    expect(gh.requests.slice(-2).map((r) => r.path.split('?')[0])).toEqual([`/repos/octo/svc/commits/${'d'.repeat(40)}/pulls`, '/search/issues']);
  });

  it('falls back to the search API when the commit lookup does not list a fork pull request', async () => {
    gh.pulls.push({ number: 8, baseSha: 'a'.repeat(40), headSha: 'e'.repeat(40), state: 'open' });
    gh.forkPulls.add(8);
    expect(await findPullRequestBySha(client(), 'octo', 'svc', 'e'.repeat(40))).toBe(8);
    const search = gh.requests.at(-1);
    expect(search?.path.split('?')[0]).toBe('/search/issues');
    expect(new URL(`http://x${search?.path ?? ''}`).searchParams.get('q')).toBe(`repo:octo/svc is:pr is:open ${'e'.repeat(40)}`);
  });
});
