import { Command, InvalidArgumentError, Option } from 'commander';
import { advisorDefaults, failOnValues, formatValues, type FailOn, type OutputFormat } from '../../../advisor/defaults.js';

interface AdviseFlags {
  base?: string;
  head?: string;
  policy?: string;
  format?: OutputFormat;
  comment?: boolean;
  repo?: string;
  pr?: number;
  prFromSha?: string;
  failOn?: FailOn;
  offlineDb?: string;
  osvScanner?: string;
  knowledge?: string[];
  reportOut?: string;
  fromReport?: string;
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a pull request number');
  return Number(value);
}

function commitSha(value: string): string {
  if (!/^[0-9a-f]{40,64}$/.test(value)) throw new InvalidArgumentError('must be a full commit SHA');
  return value;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Registers `goldenpath advise`, the pull-request upgrade advisor (advisor/). */
export function registerAdvise(program: Command): void {
  program
    .command('advise')
    .description('Explain the dependency changes of a pull request in one sticky comment.')
    .option('--base <ref>', 'base commit (default: the pull_request event base)')
    .option('--head <ref>', 'head commit (default: the pull_request event head, else HEAD)')
    .option('--policy <file>', `policy file read from the head commit (default: ${advisorDefaults.policy})`)
    .addOption(new Option('--format <format>', `stdout format (default: ${advisorDefaults.format})`).choices(formatValues))
    .option('--comment', 'create or update the pull-request comment (needs GITHUB_TOKEN)')
    .option('--repo <owner/name>', 'repository (default: GITHUB_REPOSITORY)')
    .option('--pr <number>', 'pull request number (default: from the event)', positiveInteger)
    .option('--pr-from-sha <sha>', 'find the pull request whose head is this commit (workflow_run posting)', commitSha)
    .addOption(new Option('--fail-on <when>', `when to exit 1 (default: ${advisorDefaults.failOn})`).choices(failOnValues))
    .option('--offline-db <dir>', 'offline OSV database for osv-scanner')
    .option('--osv-scanner <path>', 'osv-scanner binary (default: OSV_SCANNER, then PATH)')
    .option('--knowledge <dir>', 'extra breaking-change knowledge folder (repeatable)', collect)
    .option('--report-out <file>', 'also write the JSON report to this file')
    .option('--from-report <file>', 'render and post a saved JSON report instead of computing one')
    .action(async (flags: AdviseFlags) => {
      // Loaded on use: the advisor (octokit, the policy engine) would otherwise slow every `goldenpath` command's start-up.
      const { runAdvise, withDefaults } = await import('../../../advisor/run.js');
      const options = withDefaults({
        root: process.cwd(),
        ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
      });
      const result = await runAdvise(options, {
        env: process.env,
        stdout: (text) => process.stdout.write(text),
        log: (message) => process.stderr.write(`${message}\n`),
        now: new Date(),
      });
      process.exitCode = result.exitCode;
    });
}
