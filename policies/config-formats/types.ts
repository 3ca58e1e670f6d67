/**
 * The shape every config format loader produces: a flat map from dotted key
 * paths to entries that remember where they were written. Checks compare
 * environments key by key, so nesting is flattened once, at load time.
 */

/** The type of a value as the application reading the file would see it. */
export type ConfigKind = 'string' | 'number' | 'boolean' | 'null' | 'mapping' | 'list';

/** A scalar value: what YAML, JSON and typed .env values resolve to. */
export type ConfigScalar = string | number | boolean | null;

/** A scalar found inside a list. Lists are compared as a whole, but their items are still scanned for secrets. */
export interface NestedScalar {
  /** Dotted path with list indexes, e.g. `cors.origins[2]`. */
  path: string;
  value: ConfigScalar;
  line: number;
  column: number;
}

/** One key of a config file, at any depth (mappings are entries too, so type changes between a mapping and a scalar are visible). */
export interface ConfigEntry {
  /** Dotted key path, e.g. `http.handler_timeout`. */
  key: string;
  kind: ConfigKind;
  /** The value of a scalar entry; undefined for mappings and lists. */
  value?: ConfigScalar;
  /** 1-based line and column of the key. */
  line: number;
  column: number;
  /** Scalars nested inside a list value, for secret scanning only. */
  nested?: NestedScalar[];
}

/** A parsed config file. */
export interface ConfigDocument {
  /** Repository-relative path with forward slashes, as findings print it. */
  file: string;
  /** Entries by dotted key path, in document order. */
  entries: ReadonlyMap<string, ConfigEntry>;
}

/** A config file format: which files it reads and how it turns text into a ConfigDocument. */
export interface ConfigFormat {
  id: string;
  /** File name endings this format reads, lower case, e.g. `.yaml`. */
  extensions: readonly string[];
  /** Parses text; throws InputError naming the file and line of the first problem. */
  parse(text: string, file: string): ConfigDocument;
}

/**
 * Files with more entries than this are rejected. It bounds the work an
 * alias-heavy YAML file ("billion laughs") can cause, far above any real config.
 */
export const MAX_ENTRIES = 100_000;
