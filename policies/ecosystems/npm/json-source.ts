/**
 * JSON with positions. Values come from JSON.parse (what npm itself reads);
 * positions of object keys come from Microsoft's `jsonc-parser` (the parser
 * behind VS Code's JSON support), so findings can point at
 * `"lodash": "^4.17.21"` or at a lockfile's `"node_modules/lodash": {` line.
 *
 * Only keys of the top-level object and of the objects directly inside it
 * are ever asked for (a package.json's `dependencies`, a lockfile's
 * `packages`), so the positions are read with jsonc-parser's visitor and
 * kept for those two levels: a syntax tree of a whole lockfile would hold a
 * node for every value, to be thrown away at once.
 *
 * The positions are read on the first lookup, not on parse: callers that
 * only need values (or fail before asking for a position) pay for
 * JSON.parse alone.
 */
import { visit } from 'jsonc-parser';
import { InputError } from '../../model/errors.js';

export interface JsonPosition {
  line: number;
  column: number;
}

/** A parsed JSON document and the positions of its object keys. */
export interface JsonSource {
  value: unknown;
  /**
   * Position of the key at `path`, one or two keys long (`['lockfileVersion']`,
   * `['packages', 'node_modules/a']`), when the positions could be read.
   */
  keyPosition(path: readonly [string] | readonly [string, string]): JsonPosition | undefined;
  /** Positions of every key of the object at `path` (the top level, or one key down), by key. */
  keyPositions(path: readonly [] | readonly [string]): Map<string, JsonPosition>;
}

// V8 says "… in JSON at position 12 (line 2 column 3)" or just "at position 12".
function syntaxErrorPosition(text: string, message: string): JsonPosition {
  const explicit = /line (\d+) column (\d+)/.exec(message);
  if (explicit?.[1] && explicit[2]) return { line: Number(explicit[1]), column: Number(explicit[2]) };
  const offset = /position (\d+)/.exec(message)?.[1];
  if (offset === undefined) {
    return text.trim() === '' ? { line: 1, column: 1 } : positionOfOffset(text, text.length);
  }
  return positionOfOffset(text, Number(offset));
}

function positionOfOffset(text: string, offset: number): JsonPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Offsets at which each line of `text` starts; lines end at `\n` only, as in the messages above. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** 1-based line and column of `offset`, by binary search over the line starts. */
function positionAt(starts: readonly number[], offset: number): JsonPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/** Offsets of the keys of the top-level object, and of the objects that are its values, by key. */
interface KeyOffsets {
  top: Map<string, number>;
  nested: Map<string, Map<string, number>>;
}

/**
 * Reads the key offsets of `text`, which JSON.parse has accepted, or
 * undefined when jsonc-parser reports an error in the two levels it reads
 * (it reports none for the levels it skips): should it disagree with
 * JSON.parse there, values still count and positions are left out. With
 * duplicate keys the first one is kept (JSON.parse keeps the last value;
 * both are the same key for a reader).
 */
function keyOffsets(text: string): KeyOffsets | undefined {
  const offsets: KeyOffsets = { top: new Map(), nested: new Map() };
  // One entry per open object or array: where its keys go, or undefined when they are not kept.
  const open: (Map<string, number> | undefined)[] = [];
  // The key whose value comes next in the innermost open object, and where it stands.
  let key: string | undefined;
  let keyOffset = -1;
  const errors: number[] = [];
  const enter = (isObject: boolean): boolean => {
    const parent = open.at(-1);
    let keys: Map<string, number> | undefined;
    if (open.length === 0) keys = isObject ? offsets.top : undefined;
    // A repeated top-level key is looked up at its first occurrence, whatever the value there.
    else if (isObject && parent === offsets.top && key !== undefined && offsets.top.get(key) === keyOffset) {
      keys = new Map();
      offsets.nested.set(key, keys);
    }
    open.push(keys);
    key = undefined;
    // Deeper levels are never asked for: jsonc-parser skips all their callbacks, onError included (JSON.parse has
    // already accepted the text, so they are known to be well-formed).
    return keys !== undefined;
  };
  const leave = () => {
    open.pop();
    key = undefined;
  };
  visit(
    text,
    {
      onObjectBegin: () => enter(true),
      onArrayBegin: () => enter(false),
      onObjectEnd: leave,
      onArrayEnd: leave,
      onObjectProperty: (property, offset) => {
        const keys = open.at(-1);
        if (keys !== undefined && !keys.has(property)) keys.set(property, offset);
        key = property;
        keyOffset = offset;
      },
      onLiteralValue: () => {
        key = undefined;
      },
      onError: (error) => {
        errors.push(error);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return errors.length > 0 ? undefined : offsets;
}

/** Parses `text` as JSON; throws InputError naming the file, line, column and `fix` when it is not JSON. */
export function parseJsonSource(text: string, file: string, fix: string): JsonSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = syntaxErrorPosition(text, message);
    throw new InputError(`invalid JSON: ${message}`, { location: { file, ...position }, fix, cause: error });
  }

  let read: { keys: KeyOffsets | undefined; starts: number[] } | undefined;
  const positions = () => {
    read ??= { keys: keyOffsets(text), starts: lineStarts(text) };
    return read;
  };
  const keysAt = (path: readonly [] | readonly [string]): Map<string, number> | undefined => {
    const { keys } = positions();
    return path[0] === undefined ? keys?.top : keys?.nested.get(path[0]);
  };

  return {
    value,
    keyPosition(path) {
      const offset = path.length === 1 ? keysAt([])?.get(path[0]) : keysAt([path[0]])?.get(path[1]);
      return offset === undefined ? undefined : positionAt(positions().starts, offset);
    },
    keyPositions(path) {
      const found = new Map<string, JsonPosition>();
      const { starts } = positions();
      for (const [key, offset] of keysAt(path) ?? []) found.set(key, positionAt(starts, offset));
      return found;
    },
  };
}

/** Whether `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
