import { InputError } from '../model/errors.js';
import { MAX_ENTRIES } from './types.js';
import type { ConfigDocument, ConfigEntry, ConfigFormat, ConfigScalar } from './types.js';

/**
 * `.env` files (dotenv syntax): `KEY=value` (or `KEY: value`) lines, `#` comments, an optional
 * `export ` prefix, and single, double or backtick quotes that may span lines.
 *
 * The `dotenv` package's parse() is not used: it returns no line numbers and
 * silently skips lines it cannot read, and a gate must not pass on a file it
 * did not understand. This parser is strict: any other line is an InputError.
 *
 * Keys map to dotted paths so a .env environment can be compared with YAML or
 * JSON ones: an all-upper-case key is lower-cased and `__` separates levels
 * (`HTTP__HANDLER_TIMEOUT` → `http.handler_timeout`); keys with lower-case
 * letters or dots are kept as written (`http.port` stays `http.port`).
 * Unquoted values are typed like YAML scalars (`8080` is a number, `true` a
 * boolean); quoted values are always strings.
 */
export const dotenvFormat: ConfigFormat = {
  id: 'dotenv',
  extensions: ['.env'],
  parse: parseDotenv,
};

// `KEY: value` is accepted too, as the dotenv package does.
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)(?:\s*=|:(?=\s))[ \t]*(.*)$/;
const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const BOOLEAN = /^(?:true|false|True|False|TRUE|FALSE)$/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

function parseDotenv(text: string, file: string): ConfigDocument {
  const entries = new Map<string, ConfigEntry>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineText = lines[index] ?? '';
    const line = index + 1;
    if (BLANK_OR_COMMENT.test(lineText)) continue;
    const match = ASSIGNMENT.exec(lineText);
    if (!match) {
      throw new InputError(`cannot parse ${file}: expected KEY=value`, {
        location: { file, line, column: 1 },
        fix: 'write one KEY=value per line; start comments with #',
      });
    }
    const rawKey = match[1] ?? '';
    const rest = match[2] ?? '';
    const column = (/^\s*(?:export\s+)?/.exec(lineText)?.[0].length ?? 0) + 1;
    const quote = rest[0];
    let value: ConfigScalar;
    if (quote === '"' || quote === "'" || quote === '`') {
      const quoted = readQuoted(lines, index, lineText.length - rest.length, quote, file);
      index = quoted.endIndex;
      value = quoted.value;
    } else {
      value = typed(stripComment(rest));
    }
    addEntry(entries, toDottedKey(rawKey, file, line, column), value, file, line, column);
    if (entries.size > MAX_ENTRIES) {
      throw new InputError(`${file} has more than ${MAX_ENTRIES} keys`, { location: { file, line }, fix: 'split the file' });
    }
  }
  return { file, entries };
}

/** Reads a quoted value that starts at `start` on line `index` and may continue on later lines. */
function readQuoted(
  lines: readonly string[],
  index: number,
  start: number,
  quote: string,
  file: string,
): { value: string; endIndex: number } {
  let text = (lines[index] ?? '').slice(start + 1);
  let endIndex = index;
  for (;;) {
    const close = findClosingQuote(text, quote);
    if (close >= 0) {
      const after = text.slice(close + 1);
      if (!BLANK_OR_COMMENT.test(after)) {
        throw new InputError(`cannot parse ${file}: unexpected text after the closing ${quote}`, {
          location: { file, line: endIndex + 1 },
          fix: 'put only a # comment after a quoted value',
        });
      }
      const body = text.slice(0, close);
      return { value: quote === '"' ? unescape(body) : body, endIndex };
    }
    endIndex++;
    if (endIndex >= lines.length) {
      throw new InputError(`cannot parse ${file}: the ${quote} quote opened here is never closed`, {
        location: { file, line: index + 1, column: start + 1 },
        fix: `close the value with ${quote}`,
      });
    }
    text += `\n${lines[endIndex] ?? ''}`;
  }
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote === '"') i++;
    else if (c === quote) return i;
  }
  return -1;
}

function unescape(body: string): string {
  return body.replace(/\\(.)/g, (whole, c: string) => DOUBLE_QUOTE_ESCAPES[c] ?? whole);
}

/** As in shells, `#` starts a comment only at the start of a value or after whitespace, so `a#b` keeps its `#`. */
function stripComment(raw: string): string {
  const comment = /(?:^|\s)#/.exec(raw);
  return (comment ? raw.slice(0, comment.index) : raw).trim();
}

function typed(raw: string): ConfigScalar {
  if (NUMBER.test(raw)) return Number(raw);
  if (BOOLEAN.test(raw)) return raw.toLowerCase() === 'true';
  return raw;
}

/** `HTTP__PORT` → `http.port`; keys with lower-case letters or dots are kept as written. */
export function toDottedKey(rawKey: string, file: string, line: number, column: number): string {
  const key = /[a-z]/.test(rawKey) ? rawKey : rawKey.toLowerCase();
  const dotted = key.split('__').join('.');
  if (dotted.split('.').some((segment) => segment === '')) {
    throw new InputError(`cannot parse ${file}: key ${rawKey} has an empty path segment`, {
      location: { file, line, column },
      fix: 'separate levels with a single `__` or `.`, e.g. HTTP__PORT',
    });
  }
  return dotted;
}

/** Adds a leaf and the mapping entries above it, which take the line of their first key. */
function addEntry(
  entries: Map<string, ConfigEntry>,
  key: string,
  value: ConfigScalar,
  file: string,
  line: number,
  column: number,
): void {
  const conflict = (message: string): never => {
    throw new InputError(`cannot parse ${file}: ${message}`, {
      location: { file, line, column },
      fix: 'give each key one value; a key cannot be both a value and a group of keys',
    });
  };
  const segments = key.split('.');
  for (let depth = 1; depth < segments.length; depth++) {
    const parent = segments.slice(0, depth).join('.');
    const existing = entries.get(parent);
    if (!existing) entries.set(parent, { key: parent, kind: 'mapping', line, column });
    else if (existing.kind !== 'mapping') conflict(`${parent} is set on line ${existing.line} and also used as a group by ${key}`);
  }
  const existing = entries.get(key);
  if (existing) {
    conflict(
      existing.kind === 'mapping'
        ? `${key} is used as a group on line ${existing.line} and also set as a value`
        : `${key} is set twice (first on line ${existing.line})`,
    );
  }
  const kind = value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
  entries.set(key, { key, kind, value, line, column });
}
