/**
 * Every default of `goldenpath advise` and the GitHub Action, in one place.
 *
 * action.yml declares its inputs without defaults on purpose: an empty input
 * falls through to these values, so the CLI and the action cannot drift apart.
 */

/** When the run exits non-zero. */
export type FailOn = 'violation' | 'new-vuln' | 'never';
export const failOnValues: readonly FailOn[] = ['new-vuln', 'never', 'violation'];

export type OutputFormat = 'markdown' | 'json';
export const formatValues: readonly OutputFormat[] = ['json', 'markdown'];

export const advisorDefaults = {
  failOn: 'violation' as FailOn,
  format: 'markdown' as OutputFormat,
  /** The CLI comments only with --comment; the action comments unless its `comment` input is false. */
  cliComment: false,
  actionComment: true,
  /** The policy file, read from the head commit. */
  policy: 'goldenpath.yaml',
  /** REST API base; GITHUB_API_URL overrides it so GitHub Enterprise Server works. */
  apiUrl: 'https://api.github.com',
  /** Hidden first line of the sticky comment. */
  marker: '<!-- goldenpath-advisor -->',
  /** GitHub rejects issue comments longer than this many characters (the job summary's 1 MiB limit is far above it, so the same body fits both). */
  maxCommentChars: 65_536,
  /** Login of the built-in GITHUB_TOKEN identity, used when GET /user is refused (installation tokens). */
  actionsBotLogin: 'github-actions[bot]',
  /** Retries for 5xx answers (plugin-retry) and for rate limits (plugin-throttling). */
  maxRetries: 3,
  maxRateLimitRetries: 2,
} as const;
