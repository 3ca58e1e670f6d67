/**
 * JSON with positions. Values come from JSON.parse (what npm itself reads);
 * positions of object keys come from the `yaml` parser (JSON is YAML 1.2)
 * with a LineCounter, so findings can point at `"lodash": "^4.17.21"` or at
 * a lockfile's `"node_modules/lodash": {` line.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
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
  let root: YamlNode | null | undefined;
  const lineCounter = new LineCounter();
  try {
    const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    root = document.errors.length === 0 ? document.contents : undefined;
  } catch {
    // Positions are a convenience: valid JSON that the YAML parser refuses still yields values.
    root = undefined;
  }

  const nodeAt = (path: readonly string[]): YamlNode | null | undefined => {
    let node = root;
    for (const key of path) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      node = pair?.value as YamlNode | null | undefined;
    }
    return node;
  };

  const toPosition = (node: unknown): JsonPosition | undefined => {
    if (!isScalar(node) || !node.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { line, column: col };
  };

  return {
    value,
    keyPosition(path) {
      const parent = nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      if (!isMap(parent) || last === undefined) return undefined;
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      return pair ? toPosition(pair.key) : undefined;
    },
    keyPositions(path) {
      const positions = new Map<string, JsonPosition>();
      const node = nodeAt(path);
      if (!isMap(node)) return positions;
      for (const item of node.items) {
        const position = toPosition(item.key);
        if (isScalar(item.key) && typeof item.key.value === 'string' && position && !positions.has(item.key.value)) {
          positions.set(item.key.value, position);
        }
      }
      return positions;
    },
  };
}

/** Whether `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
