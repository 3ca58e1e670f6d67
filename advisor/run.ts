/**
 * `goldenpath advise` from options to exit code: resolve the commits and the
 * pull request (flags first, then the GitHub event), compute or load the
 * report, print it, write the job summary, update the sticky comment, and
 * decide the exit status. Shared by the CLI and the GitHub Action.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, isInputError } from '../policies/model/errors.js';
import { computeReport, type ComputeDependencies } from './advise.js';
import { annotations } from './annotations.js';
import { advisorDefaults, type FailOn, type OutputFormat } from './defaults.js';
import { createGitHubClient, type GitHubClient, type Log } from './github-client.js';
import { readRunContext, type RunContext } from './github-context.js';
import type { AdvisorReport } from './model.js';
import { renderMarkdown, summaryLine } from './render-markdown.js';
import { readReport, reportToJson } from './report-file.js';
import { findPullRequestBySha, upsertComment, type CommentOutcome } from './sticky-comment.js';

export interface AdviseOptions {
  /** Repository working directory (default: the current directory). */
  root: string;
  base?: string;
  head?: string;
  policy: string;
  format: OutputFormat;
  comment: boolean;
  /** `owner/name`. */
  repo?: string;
  pr?: number;
  /** Find the pull request by its head commit (workflow_run posting). */
  prFromSha?: string;
  failOn: FailOn;
  offlineDb?: string;
  osvScanner?: string;
  knowledge: string[];
  /** Write the JSON report here as well (for the fork-safe artifact). */
  reportOut?: string;
  /** Post a saved report instead of computing one. */
  fromReport?: string;
  /** GitHub App slug, to recognise the app's own comments when GET /user is refused. */
  appSlug?: string;
  /** Print the report on stdout (the action prints only the summary line; the comment and job summary carry the report). */
  printReport?: boolean;
}

export interface AdviseEnvironment {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  log: Log;
  now: Date;
  /** Injected client (tests); otherwise built from GITHUB_TOKEN and GITHUB_API_URL. */
  client?: GitHubClient;
  compute?: ComputeDependencies;
}

export interface AdviseResult {
  exitCode: 0 | 1 | 2;
  report: AdvisorReport;
  markdown: string;
  comment?: CommentOutcome;
}

/** Introduced vulnerabilities at or above the policy's `vulnerabilities.fail_on` (the ones that fail the run). */
export function failingNewVulnerabilities(report: AdvisorReport): number {
  const introduced = [...report.changes.flatMap((c) => c.vulnerabilitiesIntroduced), ...report.vulnerabilitiesIntroduced];
  return introduced.filter((v) => v.belowThreshold !== true).length;
}

/**
 * Exit status per --fail-on: violations and new vulnerabilities, only new
 * vulnerabilities, or never. Introduced vulnerabilities below the policy's
 * threshold are listed in the comment but do not fail the run.
 */
export function exitCodeFor(report: AdvisorReport, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const newVulns = failingNewVulnerabilities(report);
  if (failOn === 'new-vuln') return newVulns > 0 ? 1 : 0;
  return report.counts.violations > 0 || newVulns > 0 ? 1 : 0;
}

function parseRepo(value: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (!match?.[1] || !match[2]) throw new InputError(`--repo must be owner/name, got "${value}"`, { fix: 'pass --repo octo-org/service' });
  return { owner: match[1], repo: match[2] };
}

/** Base and head: flags win, then the pull_request event, then the pull request fetched by number. */
async function resolveCommits(
  options: AdviseOptions,
  context: RunContext,
  client: () => GitHubClient,
  target: { owner: string; repo: string } | undefined,
): Promise<{ base: string; head: string }> {
  let base = options.base ?? context.pullRequest?.baseSha;
  let head = options.head ?? context.pullRequest?.headSha;
  if ((base === undefined || head === undefined) && options.pr !== undefined && target) {
    const { data } = await client().rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: options.pr });
    base ??= data.base.sha;
    head ??= data.head.sha;
  }
  if (base === undefined) {
    throw new InputError('no base commit: pass --base <ref> (in GitHub Actions it comes from the pull_request event)', {
      fix: 'goldenpath advise --base origin/main --head HEAD',
    });
  }
  return { base, head: head ?? 'HEAD' };
}

export async function runAdvise(options: AdviseOptions, environment: AdviseEnvironment): Promise<AdviseResult> {
  const context = readRunContext(environment.env);
  const repoTarget = options.repo ? parseRepo(options.repo) : context.owner && context.repo ? { owner: context.owner, repo: context.repo } : undefined;
  let client = environment.client;
  const getClient = (): GitHubClient => {
    if (client) return client;
    if (!context.token) {
      throw new InputError('GITHUB_TOKEN is not set, so the advisor cannot call GitHub', {
        fix: 'pass the token (action input `token`, or env GITHUB_TOKEN), or drop --comment',
      });
    }
    client = createGitHubClient({ token: context.token, baseUrl: context.apiUrl, log: environment.log });
    return client;
  };

  // ---------------------------------------------------------------- Report
  let report: AdvisorReport;
  let problems: InputError[] = [];
  if (options.fromReport !== undefined) {
    report = await readReport(path.resolve(options.root, options.fromReport));
    // The report is untrusted; it must describe the commit the trusted event names.
    const expected = options.prFromSha ?? context.workflowRun?.headSha;
    if (expected !== undefined && report.head !== expected) {
      throw new InputError(`the saved report is for ${report.head}, but this run is for ${expected}`, {
        location: { file: options.fromReport },
        fix: 'download the artifact of the workflow run that triggered this one',
      });
    }
  } else {
    const { base, head } = await resolveCommits(options, context, getClient, repoTarget);
    const computed = await computeReport(
      {
        root: options.root,
        base,
        head,
        policyFile: options.policy,
        knowledgeDirs: options.knowledge.map((k) => path.resolve(options.root, k)),
        scan: {
          ...(options.offlineDb === undefined ? {} : { offlineDb: path.resolve(options.root, options.offlineDb) }),
          ...(options.osvScanner === undefined ? {} : { scannerPath: path.resolve(options.root, options.osvScanner) }),
        },
        now: environment.now,
      },
      environment.compute,
    );
    report = computed.report;
    problems = computed.problems;
  }
  const markdown = renderMarkdown(report);

  // ---------------------------------------------------------------- Output
  const jsonOnStdout = (options.printReport ?? true) && options.format === 'json';
  if (options.printReport ?? true) environment.stdout(jsonOnStdout ? reportToJson(report) : markdown);
  else environment.stdout(`${summaryLine(report)}\n`);
  if (options.reportOut !== undefined) await writeFile(path.resolve(options.root, options.reportOut), reportToJson(report));
  // Workflow commands share stdout with the report; after a JSON report they would make it invalid JSON.
  if (context.actions && !jsonOnStdout) for (const line of annotations(report)) environment.stdout(`${line}\n`);

  // The job summary is written before commenting: a fork's token cannot comment, and the summary must survive that.
  const summaryFile = environment.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${markdown}\n`);

  // ---------------------------------------------------------------- Comment
  let comment: CommentOutcome | undefined;
  if (options.comment) {
    if (!repoTarget) {
      throw new InputError('cannot comment: the repository is unknown', { fix: 'pass --repo owner/name (GITHUB_REPOSITORY in Actions)' });
    }
    let issueNumber = options.pr ?? context.pullRequest?.number ?? context.workflowRun?.pullRequests[0];
    // Only trusted sources name the commit: a flag or the workflow_run event, never the saved report itself.
    const sha = options.prFromSha ?? context.workflowRun?.headSha;
    if (issueNumber === undefined && sha !== undefined) {
      issueNumber = await findPullRequestBySha(getClient(), repoTarget.owner, repoTarget.repo, sha);
    }
    if (issueNumber === undefined) {
      comment = { action: 'skipped', reason: 'no pull request found for this run; the report is in the output and job summary' };
      environment.log(comment.reason);
    } else {
      try {
        comment = await upsertComment(getClient(), { ...repoTarget, issueNumber }, markdown, {
          log: environment.log,
          ...(options.appSlug ? { appSlug: options.appSlug } : {}),
        });
      } catch (error) {
        // A wrong --repo or --pr: the report is already printed and in the job summary, so fail after reporting.
        if (!isInputError(error)) throw error;
        problems.push(error);
      }
    }
  }

  for (const problem of problems) environment.log(`error: ${problem.format()}`);
  const exitCode = problems.length > 0 ? 2 : exitCodeFor(report, options.failOn);
  return { exitCode, report, markdown, ...(comment ? { comment } : {}) };
}

/** Defaults for everything not given, from the one place that holds them. */
export function withDefaults(partial: Partial<AdviseOptions> & { root: string }): AdviseOptions {
  return {
    policy: advisorDefaults.policy,
    format: advisorDefaults.format,
    comment: advisorDefaults.cliComment,
    failOn: advisorDefaults.failOn,
    knowledge: [],
    ...partial,
  };
}
