/**
 * The reporter registry: format name to reporter. The name list feeds
 * `--format` help and validation, so a new format is one entry here.
 */
import { github } from './github.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export type { Reporter, ReporterOptions } from './types.js';

export const reporters = { github, json, markdown, sarif, text } as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

/** Format names, sorted. */
export const formatNames = Object.keys(reporters).sort() as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
