/**
 * One environment's loaded config, with the lookups every rule needs: where a
 * key is (or where it would be, if absent) and how to show its value.
 */
import type { ConfigDocument, ConfigEntry } from '../../config-formats/index.js';
import type { SourceLocation } from '../../model/finding.js';
import { parseDuration } from './quantity.js';
import { mustRedact } from './secret-patterns.js';

/** The input of `evaluate`: an environment name and its parsed config file. */
export interface LoadedEnvironment {
  name: string;
  document: ConfigDocument;
}

const MAX_SHOWN_VALUE = 60;

export class Environment {
  readonly name: string;
  readonly file: string;
  readonly entries: ReadonlyMap<string, ConfigEntry>;

  constructor(loaded: LoadedEnvironment) {
    this.name = loaded.name;
    this.file = loaded.document.file;
    this.entries = loaded.document.entries;
  }

  /** Where `key` is written; for an absent key, the nearest enclosing mapping that exists, or the top of the file. */
  locate(key: string): SourceLocation {
    for (let candidate: string | undefined = key; candidate !== undefined; candidate = parentOf(candidate)) {
      const entry = this.entries.get(candidate);
      if (entry) return { file: this.file, line: entry.line, column: entry.column };
    }
    return { file: this.file, line: 1 };
  }

  /** `file:line` of a key, as messages print it. */
  where(key: string): string {
    return formatWhere(this.locate(key));
  }

  /** `http.port (8080, config/prod.yaml:3)`: a key with its value and place. */
  describe(key: string): string {
    const entry = this.entries.get(key);
    return entry ? `${key} (${showValue(entry)}, ${this.where(key)})` : `${key} (absent from ${this.file})`;
  }
}

export function formatWhere(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

export function parentOf(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? undefined : key.slice(0, dot);
}

/** A value as messages show it: secrets are redacted, long values shortened. */
export function showValue(entry: ConfigEntry): string {
  switch (entry.kind) {
    case 'mapping':
      return 'a mapping';
    case 'list':
      return 'a list';
    case 'null':
      return 'null';
    default: {
      if (mustRedact(entry.key, entry.value)) return 'value hidden';
      const shown = String(entry.value);
      return shown.length > MAX_SHOWN_VALUE ? `${shown.slice(0, MAX_SHOWN_VALUE - 1)}…` : shown;
    }
  }
}

/** How type-mismatch messages name a kind; duration strings are called out because they are the usual culprit. */
export function describeKind(entry: ConfigEntry): string {
  switch (entry.kind) {
    case 'string':
      return typeof entry.value === 'string' && parseDuration(entry.value) !== undefined ? 'a duration string' : 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'mapping':
      return 'a mapping';
    case 'list':
      return 'a list';
  }
}
