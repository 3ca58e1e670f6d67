import { isInputError } from '../../policies/model/errors.js';

/** Exit codes shared by both bins: set here and nowhere else. */
export const ExitCode = {
  /** Success; for `check`, no error-level finding. */
  ok: 0,
  /** Findings at error level, or a failure that is not the user's input. */
  failure: 1,
  /** Usage error, invalid policy or answers, unreadable input. */
  usage: 2,
} as const;

/**
 * Prints an error the way users should see it and returns the exit code:
 * input errors with their location and fix (exit 2), anything else with its
 * message (exit 1; the stack only with DEBUG set).
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isInputError(error)) {
    stderr.write(`error: ${error.format()}\n`);
    return ExitCode.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`error: ${message}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return ExitCode.failure;
}
