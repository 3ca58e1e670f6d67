#!/usr/bin/env node
/**
 * `create-service <name>`: generates a service from a golden-path template.
 *
 * Reads top to bottom: flags, answers, validation, planning, dry run or an
 * atomic write, post-generation steps, report. Nothing touches the disk
 * before every answer is valid and every file is rendered in memory.
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { isInputError } from '../../policies/model/errors.js';
import { answersFromFlags, DEFAULT_OWNER, mergeAnswers, NO_ANSWERS_FILE, parseAnswersFile, promptForMissing, resolveAnswers } from '../answers.js';
import { InvalidAnswersError, type Answers } from '../answers-model.js';
import { shownPath } from '../paths.js';
import { planService } from '../plan.js';
import { MANUAL_COMMANDS, postGenerate, type StepResult } from '../post-generate.js';
import {
  formatErrorJson,
  formatPlanJson,
  formatPlanText,
  formatResultJson,
  formatResultText,
  postGenerateFailureMessage,
  type PlannedStep,
} from '../report.js';
import { DEFAULT_TEMPLATE_ID, loadTemplate, TEMPLATES, TEMPLATES_DIR_ENV } from '../templates.js';
import { writeServiceAtomically } from '../write.js';
import { ExitCode, reportError } from './exit.js';
import { packageVersion } from './package-info.js';

interface Flags {
  template?: string;
  module?: string;
  owner?: string;
  description?: string;
  dir?: string;
  answers?: string;
  yes?: boolean;
  dryRun?: boolean;
  install: boolean;
  git: boolean;
  json?: boolean;
}

/** Conventional exit codes for a run stopped by a signal (128 + signal number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

function buildProgram(run: (name: string | undefined, flags: Flags) => Promise<void>): Command {
  const templateList = TEMPLATES.map((entry) => `  ${entry.id.padEnd(10)} ${entry.summary}`).join('\n');
  return new Command('create-service')
    .description('Generate a new service from a golden-path template.')
    .argument('[name]', 'service name: a DNS label (lower-case letters, digits, "-"; starts with a letter)')
    .option('-t, --template <id>', `template to use (default ${DEFAULT_TEMPLATE_ID})`)
    .option('--module <path>', 'Go module path (default github.com/<owner or its organisation>/<name>)')
    .option('--owner <owner>', `owning GitHub user (alice) or organisation team (acme/platform-team) (default ${DEFAULT_OWNER})`)
    .option('--description <text>', 'one-line description (default "<name> service")')
    .option('--dir <path>', 'existing parent directory for the service (default: current directory)')
    .option('--answers <file>', 'YAML or JSON file with name, template, module, owner, description; flags override it')
    .option('-y, --yes', 'ask nothing: use defaults for every missing answer')
    .option('--dry-run', 'print the files that would be written; write nothing')
    .option('--no-install', 'skip `go mod tidy`')
    .option('--no-git', 'skip `git init` and the first commit')
    .option('--json', 'print a machine-readable result instead of text')
    .version(packageVersion, '-v, --version')
    .addHelpText(
      'after',
      `
Templates:
${templateList}

Prompts appear only when stdin is a terminal and neither --yes nor --answers is given.
Nothing is ever overwritten: the target folder must not exist or must be empty.

Exit codes: 0 success, 1 failure (the message says what to run by hand), 2 invalid input (nothing written).

Template authors: set ${TEMPLATES_DIR_ENV} to a folder laid out like templates/ to generate from it.`,
    )
    .showHelpAfterError()
    .exitOverride()
    .action(run);
}

/**
 * On Ctrl-C inquirer closes stdin and signals its own process. With nothing
 * else keeping the event loop alive, Node would exit (code 13, unsettled
 * top-level await) before our SIGINT handler runs; a timer keeps it alive.
 */
async function keepAliveWhile<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 60_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

async function main(argv: string[]): Promise<number> {
  // Set inside the commander action; an object so the catch below sees the updates.
  const outcome = { exitCode: ExitCode.ok as number, json: false };

  // Signals: before the write nothing exists; during it the write stops and removes its temporary folder;
  // after it the service is complete and only the remaining steps are lost.
  const abort = new AbortController();
  let phase: 'before-write' | 'writing' | 'after-write' = 'before-write';
  let serviceDir = '';
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (phase === 'writing') {
      abort.abort(Object.assign(new Error(`cancelled by ${signal}; nothing was written`), { signal }));
      return;
    }
    process.stderr.write(
      phase === 'before-write'
        ? `\ncancelled by ${signal}; nothing was written\n`
        : `\ninterrupted by ${signal}; ${shownPath(serviceDir)} is complete, but these may not have run: ` +
            `cd ${shownPath(serviceDir)} && ${MANUAL_COMMANDS['go-mod-tidy']} && ${MANUAL_COMMANDS['git-init']}\n`,
    );
    process.exit(SIGNAL_EXIT[signal]);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const program = buildProgram(async (nameArg, flags) => {
    const json = flags.json === true;
    outcome.json = json;

    // 1. Answers: the answers file, then flags (which win).
    // Problems with the file's keys wait for step 3, so they are reported together with invalid values.
    const answersFile = flags.answers ? await parseAnswersFile(path.resolve(flags.answers), flags.answers) : NO_ANSWERS_FILE;
    const given = mergeAnswers(
      answersFile.answers,
      answersFromFlags({ name: nameArg, template: flags.template, module: flags.module, owner: flags.owner, description: flags.description }),
    );
    const parentDir = path.resolve(flags.dir ?? '.');

    // 2. Prompts for what is missing, only with a person at a terminal; otherwise defaults.
    const interactive = flags.yes !== true && flags.answers === undefined && process.stdin.isTTY;
    const collected = interactive ? await keepAliveWhile(promptForMissing(given, parentDir)) : given;

    // 3. Defaults, then validation of everything at once (the answers file's problems included); nothing has been written.
    const answers = await resolveAnswers(collected, answersFile, parentDir, flags.dir !== undefined);
    const values = Object.fromEntries(Object.entries(answers).map(([key, answer]) => [key, answer.value])) as Answers;
    serviceDir = path.join(parentDir, values.name);

    // 4. The plan: every file rendered in memory.
    const template = await loadTemplate(values.template);
    const plan = await planService(template, values, packageVersion);

    // 5. Dry run: show the plan and stop.
    if (flags.dryRun) {
      const steps: PlannedStep[] = [
        flags.install ? { id: 'go-mod-tidy', status: 'planned', detail: '' } : { id: 'go-mod-tidy', status: 'skipped', detail: '--no-install' },
        flags.git ? { id: 'git-init', status: 'planned', detail: '' } : { id: 'git-init', status: 'skipped', detail: '--no-git' },
      ];
      process.stdout.write(json ? formatPlanJson(plan, serviceDir, steps) : formatPlanText(plan, serviceDir, steps));
      return;
    }

    // 6. The write: into a temporary sibling, then renamed into place.
    phase = 'writing';
    await writeServiceAtomically(plan.files, serviceDir, { signal: abort.signal });
    phase = 'after-write';
    // A signal that arrived during the final rename is honoured now: the service is complete, the steps are skipped.
    if (abort.signal.aborted) onSignal((abort.signal.reason as { signal: 'SIGINT' | 'SIGTERM' }).signal);

    // 7. go mod tidy, git init and the first commit.
    const steps: StepResult[] = await postGenerate({
      serviceDir,
      install: flags.install,
      git: flags.git,
      requiresGo: template.manifest.requires.go,
      templateId: template.manifest.id,
      templateVersion: template.manifest.version,
    });

    // 8. The report, and exit 1 if a step failed (the service stays: it is complete).
    process.stdout.write(json ? formatResultJson(plan, serviceDir, steps) : formatResultText(plan, serviceDir, steps));
    if (steps.some((step) => step.status === 'failed')) {
      process.stderr.write(`error: ${postGenerateFailureMessage(serviceDir, steps)}\n`);
      outcome.exitCode = ExitCode.failure;
    }
  });

  try {
    await program.parseAsync(argv);
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exit code 0; bad flags with 1, which we report as usage (2).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const signal = (error as { signal?: 'SIGINT' | 'SIGTERM' }).signal;
    if (signal && abort.signal.aborted) {
      process.stderr.write(`\n${(error as Error).message}\n`);
      return SIGNAL_EXIT[signal];
    }
    const code = reportError(error);
    if (outcome.json) {
      const problems = error instanceof InvalidAnswersError ? error.problems.map(({ where, message, fix }) => ({ where, message, fix })) : undefined;
      process.stdout.write(formatErrorJson(isInputError(error) ? error.format() : (error as Error).message, code, problems));
    }
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv);
