import type { Command } from 'commander';

/** Registers `goldenpath advise` (implemented by the advisor). */
export function registerAdvise(program: Command): void {
  program
    .command('advise')
    .description('Explain the dependency changes of a pull request in one sticky comment.')
    .action(() => {
      throw new Error('goldenpath advise is not implemented yet');
    });
}
