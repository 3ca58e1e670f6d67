/**
 * `goldenpath check`: resolves the policy, runs the selected checks and prints
 * the report. Exit codes (set here, see exit.ts): 0 without error-level
 * findings, 1 with one, 2 for usage errors, an invalid policy or unreadable input.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { checkIds } from '../../../policies/checks/index.js';
import { appendStepSummary, annotations, isGitHubActions } from '../../../policies/engine/github-actions.js';
import { InputError, isInputError } from '../../../policies/model/errors.js';
import { hasErrors } from '../../../policies/model/finding.js';
import { escapeData, escapeProperty } from '../../../policies/reporters/github.js';
import { formatNames, reporters, type FormatName, type ReporterOptions } from '../../../policies/reporters/index.js';
import { ExitCode } from '../exit.js';
import { packageRoot, packageVersion } from '../package-info.js';

interface CheckFlags {
  policy?: string;
  only?: string;
  base?: string;
  format: FormatName;
  output?: string;
  osvScanner?: string;
  offlineDb?: string;
}

/** Registers `goldenpath check`. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Run the policy gates: dependency allowlists, config consistency, coverage, vulnerabilities.')
    .argument('[path]', 'repository root', '.')
    .option('--policy <file>', 'policy file (default: goldenpath.yaml at the repository root, else the shipped defaults)')
    .option('--only <ids>', `comma-separated checks to run (${checkIds.join(', ')}); default: every check the policy configures`)
    .option('--base <ref>', 'git ref to compare against (patch coverage)')
    .addOption(new Option('--format <format>', 'report format').choices(formatNames).default('text'))
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--osv-scanner <path>', 'osv-scanner binary for the vulns check')
    .option('--offline-db <dir>', 'offline OSV database directory for the vulns check')
    .addHelpText('after', `\nExit codes: 0 no error-level finding, 1 error-level findings, 2 usage error, invalid policy or unreadable input.`)
    .action(async (target: string, flags: CheckFlags) => {
      process.exitCode = await check(target, flags);
    });
}

async function check(target: string, flags: CheckFlags): Promise<number> {
  // Loaded here, not at the top: the engine (policy schema, ajv, YAML) is the bulk of the CLI's
  // start-up, and `goldenpath --version`, `--help` and `advise` have no use for it.
  const { parseOnly, runChecks } = await import('../../../policies/engine/run.js');
  const root = path.resolve(target);
  const inActions = isGitHubActions();
  try {
    if (!isDirectory(root)) {
      throw new InputError(`repository root not found: ${target}`, { fix: 'pass the folder that holds the repository (default: the current directory)' });
    }
    const report = await runChecks({
      root,
      ...(flags.policy === undefined ? {} : { policyFile: flags.policy }),
      ...(flags.only === undefined ? {} : { only: parseOnly(flags.only) }),
      ...(flags.base === undefined ? {} : { base: flags.base }),
      flags: { 'osv-scanner': flags.osvScanner, 'offline-db': flags.offlineDb },
    });

    const docsBaseUrl = packageDocsBaseUrl();
    const options: ReporterOptions = {
      color: useColor(flags.output),
      toolVersion: packageVersion,
      ...(docsBaseUrl === undefined ? {} : { docsBaseUrl }),
    };
    const rendered = reporters[flags.format](report, options);
    if (flags.output === undefined) process.stdout.write(rendered);
    else writeOutput(flags.output, rendered);

    if (inActions) {
      // Annotations are the only way findings reach the pull request's diff; don't print them twice.
      if (!(flags.format === 'github' && flags.output === undefined)) annotationStream(flags).write(annotations(report, options));
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) appendStepSummary(report, options, summaryFile);
    }
    return hasErrors(report.findings) ? ExitCode.failure : ExitCode.ok;
  } catch (error) {
    if (inActions && isInputError(error)) annotationStream(flags).write(inputErrorAnnotation(error));
    throw error;
  }
}

/**
 * Annotations go to stdout, except when stdout carries a JSON or SARIF report:
 * then to stderr (the runner reads workflow commands from both) so the report stays parseable.
 */
function annotationStream(flags: CheckFlags): NodeJS.WritableStream {
  const machineReadable = flags.format === 'json' || flags.format === 'sarif';
  return machineReadable && flags.output === undefined ? process.stderr : process.stdout;
}

/** An input error as an annotation, so a broken policy is visible on the pull request too. */
function inputErrorAnnotation(error: InputError): string {
  const location = error.location;
  const props = location
    ? [`file=${escapeProperty(location.file)}`, location.line === undefined ? '' : `line=${location.line}`, location.column === undefined ? '' : `col=${location.column}`]
        .filter((part) => part !== '')
        .join(',') + ','
    : '';
  const body = error.fix ? `${error.message}\nfix: ${error.fix}` : error.message;
  return `::error ${props}title=goldenpath input error::${escapeData(body)}\n`;
}

/** Colour only on a terminal and never with NO_COLOR; FORCE_COLOR wins both ways. */
function useColor(output: string | undefined): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return output === undefined && process.stdout.isTTY;
}

/**
 * Where the docs of this package live on the web, for SARIF rule links: the
 * package.json `homepage`, else its GitHub `repository` at the released tag.
 * Without either, SARIF rules link only what is already absolute.
 */
function packageDocsBaseUrl(): string | undefined {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    homepage?: unknown;
    repository?: unknown;
  };
  const repository = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  if (typeof repository === 'string') {
    const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(repository);
    if (match) return `https://github.com/${match[1] ?? ''}/blob/v${packageVersion}/`;
  }
  if (typeof pkg.homepage === 'string') return pkg.homepage.endsWith('/') ? pkg.homepage : `${pkg.homepage}/`;
  return undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function writeOutput(file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (error) {
    throw new InputError(`cannot write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      fix: 'pass --output a path in an existing, writable folder',
      cause: error,
    });
  }
}
