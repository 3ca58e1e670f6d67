import type { SourceLocation } from './finding.js';

/**
 * Input the user must fix before anything can be checked or generated: a bad
 * flag, an invalid policy, a file that cannot be read or parsed. The CLIs map
 * it to exit code 2 and print `file:line:column: message` and the fix.
 *
 * A check that cannot run throws this (fails closed) instead of returning no findings.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly location: SourceLocation | undefined;
  readonly fix: string | undefined;

  constructor(message: string, options: { location?: SourceLocation; fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.location = options.location;
    this.fix = options.fix;
  }

  /** `file:line:column: message` followed by the fix on its own line. */
  format(): string {
    const where = this.location
      ? [this.location.file, this.location.line, this.location.column].filter((p) => p !== undefined).join(':') + ': '
      : '';
    return `${where}${this.message}${this.fix ? `\n  fix: ${this.fix}` : ''}`;
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
