import { InputError } from '../model/errors.js';

/** An InputError pointing at a line of a coverage report. */
export function malformedReport(file: string, line: number | undefined, message: string, fix: string): InputError {
  return new InputError(message, { location: line === undefined ? { file } : { file, line }, fix });
}

/** The 1-based line number of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

/**
 * Parses JSON, turning the engine's SyntaxError into an InputError at the line
 * it names (Node reports either `position N` or `line L column C`).
 */
export function parseJsonReport(text: string, file: string, formatName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineColumn = /line (\d+) column \d+/.exec(message);
    const position = /position (\d+)/.exec(message);
    const line = lineColumn ? Number(lineColumn[1]) : position ? lineAt(text, Number(position[1])) : undefined;
    throw malformedReport(file, line, `${formatName} report is not valid JSON: ${message}`, 'regenerate the report; it may have been truncated');
  }
}
