/**
 * JSON with positions. Values come from JSON.parse (what npm itself reads);
 * positions of object keys come from Microsoft's `jsonc-parser` syntax tree
 * (the parser behind VS Code's JSON support, which records the offset of
 * every node), so findings can point at `"lodash": "^4.17.21"` or at a
 * lockfile's `"node_modules/lodash": {` line.
 *
 * The tree is built on the first position lookup, not on parse: callers that
 * only need values (or fail before asking for a position) pay for JSON.parse
 * alone.
 */
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { InputError } from '../../model/errors.js';

export interface JsonPosition {
  line: number;
  column: number;
}

/** A parsed JSON document and the positions of its object keys. */
export interface JsonSource {
  value: unknown;
  /** Position of the key at `path` (`['packages', 'node_modules/a']`), when the positions could be read. */
  keyPosition(path: readonly string[]): JsonPosition | undefined;
  /** Positions of every key of the object at `path`, by key. */
  keyPositions(path: readonly string[]): Map<string, JsonPosition>;
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

/** The key and value nodes of an object's properties, in document order. */
function* properties(node: JsonNode | undefined): Generator<{ key: JsonNode; value: JsonNode | undefined }> {
  if (node?.type !== 'object') return;
  for (const property of node.children ?? []) {
    const key = property.children?.[0];
    if (key?.type === 'string') yield { key, value: property.children?.[1] };
  }
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

  let tree: { root: JsonNode | undefined; starts: number[] } | undefined;
  const positions = () => {
    if (tree === undefined) {
      const errors: ParseError[] = [];
      const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
      // Positions are a convenience: should the tree disagree with JSON.parse, values still count and positions are left out.
      tree = { root: errors.length === 0 ? root : undefined, starts: lineStarts(text) };
    }
    return tree;
  };

  // With duplicate keys the first one is located (JSON.parse keeps the last value; both are the same key for a reader).
  const nodeAt = (path: readonly string[]): JsonNode | undefined => {
    let node = positions().root;
    for (const key of path) {
      let next: JsonNode | undefined;
      let found = false;
      for (const property of properties(node)) {
        if (property.key.value === key) {
          next = property.value;
          found = true;
          break;
        }
      }
      if (!found) return undefined;
      node = next;
    }
    return node;
  };

  return {
    value,
    keyPosition(path) {
      const last = path[path.length - 1];
      if (last === undefined) return undefined;
      for (const { key } of properties(nodeAt(path.slice(0, -1)))) {
        if (key.value === last) return positionAt(positions().starts, key.offset);
      }
      return undefined;
    },
    keyPositions(path) {
      const found = new Map<string, JsonPosition>();
      const { starts } = positions();
      for (const { key } of properties(nodeAt(path))) {
        if (typeof key.value === 'string' && !found.has(key.value)) found.set(key.value, positionAt(starts, key.offset));
      }
      return found;
    },
  };
}

/** Whether `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
