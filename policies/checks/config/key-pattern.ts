import picomatch from 'picomatch';

/**
 * Dotted key paths with glob wildcards: `*` matches one level
 * (`clients.*.timeout`), `**` any number of levels, and the rest of
 * picomatch's syntax (`{a,b}`, `?`) works within a level. Matching is done on
 * the path with dots turned into slashes, the separator picomatch knows.
 */
export interface KeyPattern {
  source: string;
  /** True if the pattern can match more than one key. */
  wildcard: boolean;
  matches(key: string): boolean;
}

const GLOB_CHARACTERS = /[*?{}[\]()!+@]/;

// A key segment may itself contain a slash (`routes./health`); it is swapped
// for a look-alike character so it cannot act as a level separator.
const toSlashPath = (dotted: string): string => (dotted.includes('/') ? dotted.replaceAll('/', '\u2215') : dotted).replaceAll('.', '/');

export function compileKeyPattern(source: string): KeyPattern {
  if (!GLOB_CHARACTERS.test(source)) {
    return { source, wildcard: false, matches: (key) => key === source };
  }
  const regex = picomatch.makeRe(toSlashPath(source), { dot: true });
  // Keys outside the pattern's literal prefix (`clients.` for `clients.*.timeout`) are rejected without the regex.
  const prefix = source.slice(0, source.search(GLOB_CHARACTERS));
  return { source, wildcard: true, matches: (key) => key.startsWith(prefix) && regex.test(toSlashPath(key)) };
}

/** The keys of `entries` that match, in document order. */
export function matchingKeys(pattern: KeyPattern, entries: ReadonlyMap<string, unknown>): string[] {
  if (!pattern.wildcard) return entries.has(pattern.source) ? [pattern.source] : [];
  const found: string[] = [];
  for (const key of entries.keys()) if (pattern.matches(key)) found.push(key);
  return found;
}
