import path from 'node:path';

/**
 * A path as shown to people: relative to the current directory when it is
 * inside it, so messages stay short and carry no machine-specific prefix.
 */
export function shownPath(absolute: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}
