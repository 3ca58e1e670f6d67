/**
 * The Octokit client the advisor talks to GitHub with: REST methods,
 * pagination, retries on server errors and rate-limit handling. It is built
 * here once and passed into everything that calls GitHub, so tests point it at
 * a local server with `baseUrl`.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { advisorDefaults } from './defaults.js';

const AdvisorOctokit = Octokit.plugin(retry, throttling);

/** The client type every advisor function accepts. */
export type GitHubClient = InstanceType<typeof AdvisorOctokit>;

/** Where warnings about retries go (the action logger, or stderr for the CLI). */
export type Log = (message: string) => void;

export interface ClientOptions {
  token: string;
  /** REST API base (GITHUB_API_URL on GitHub Enterprise Server). */
  baseUrl?: string;
  log?: Log;
  /**
   * Multiplier for `retry-after` and retry back-off, in milliseconds per
   * second. Tests lower it so retries do not wait real seconds.
   */
  retryAfterBaseValue?: number;
  /** Extra throttle settings (tests replace the write queue, which spaces writes one second apart). */
  throttle?: Record<string, unknown>;
}

/**
 * Builds the client. Secondary rate limits (403 with `retry-after`) and
 * primary ones are retried a bounded number of times after the advertised
 * wait; 5xx answers are retried with back-off by plugin-retry.
 */
export function createGitHubClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const base = options.retryAfterBaseValue;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount < advisorDefaults.maxRateLimitRetries) {
        log(`GitHub ${kind} rate limit on ${request.method} ${request.url}; retrying after ${retryAfter}s`);
        return true;
      }
      log(`GitHub ${kind} rate limit on ${request.method} ${request.url}; giving up after ${retryCount} retries`);
      return false;
    };
  return new AdvisorOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? advisorDefaults.apiUrl).replace(/\/+$/, ''),
    userAgent: 'goldenpath-advisor',
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    retry: { retries: advisorDefaults.maxRetries, ...(base === undefined ? {} : { retryAfterBaseValue: base }) },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(base === undefined ? {} : { retryAfterBaseValue: base }),
      ...options.throttle,
    },
  });
}
