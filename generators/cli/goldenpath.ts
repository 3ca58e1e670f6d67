#!/usr/bin/env node
/**
 * `goldenpath`: the policy gate (`check`) and the pull-request upgrade advisor
 * (`advise`). Each subcommand lives in commands/ and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { registerAdvise } from './commands/advise.js';
import { registerCheck } from './commands/check.js';
import { ExitCode, reportError } from './exit.js';
import { packageVersion } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command('goldenpath')
    .description('Policy gates and upgrade advice for services on the golden path.')
    .version(packageVersion, '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  registerCheck(program);
  registerAdvise(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exit code 0; bad flags with 1, which we report as usage (2).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return reportError(error);
  }
}

process.exitCode = await main(process.argv);
