import type { Command } from 'commander';

/** Registers `goldenpath check` (implemented by the policy engine). */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Run the policy gates: dependency allowlists, config consistency, coverage, vulnerabilities.')
    .argument('[path]', 'repository root', '.')
    .action(() => {
      throw new Error('goldenpath check is not implemented yet');
    });
}
