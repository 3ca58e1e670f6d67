/**
 * Reads one policy file into a layer: the parsed YAML document with its line
 * counter (so every later error can name a line and column) and its plain
 * value. Bad YAML and non-mapping documents are InputErrors pointing at the
 * offending position.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../model/errors.js';
import type { SourceLocation } from '../model/finding.js';

export type PolicyPath = readonly (string | number)[];

/** One policy file in the extends chain. */
export interface PolicyLayer {
  /** Absolute path of the file. */
  file: string;
  /** How the file is named in messages: repository-relative when inside the repository. */
  displayFile: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The file's content as plain data (a mapping; validated by the caller). */
  value: Record<string, unknown>;
}

/** Reads and parses a policy file; `text` lets tests and the property test skip the disk. */
export function loadPolicyLayer(file: string, displayFile: string, text?: string): PolicyLayer {
  let source: string;
  if (text === undefined) {
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the policy file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        location: { file: displayFile },
        fix: 'check the path given to --policy or the extends entry that names it',
        cause: error,
      });
    }
  } else {
    source = text;
  }
  return parsePolicyText(source, file, displayFile);
}

function parsePolicyText(source: string, file: string, displayFile: string): PolicyLayer {
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *base`) are common in CI YAML, so they are honoured; duplicate keys are errors, not silent overrides.
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const firstError = document.errors[0];
  if (firstError) {
    const position = lineCounter.linePos(firstError.pos[0]);
    throw new InputError(`invalid YAML: ${firstLine(firstError.message)}`, {
      location: { file: displayFile, line: position.line, column: position.col },
      fix: 'fix the YAML syntax at this position',
    });
  }
  let value: unknown;
  try {
    // Aliases are capped so a "billion laughs" document fails fast instead of exhausting memory.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`invalid YAML: ${error instanceof Error ? error.message : String(error)}`, {
      location: { file: displayFile },
      fix: 'remove the excessive or circular aliases',
      cause: error,
    });
  }
  if (!isPlainObject(value)) {
    const position = document.contents ? lineCounter.linePos(document.contents.range[0]) : undefined;
    throw new InputError(`the policy must be a mapping with "version: 1" at the top, got ${describeValue(value)}`, {
      location: { file: displayFile, line: position?.line ?? 1, column: position?.col ?? 1 },
      fix: 'start the file with "version: 1" and add the sections of the checks to run',
    });
  }
  return { file, displayFile, document, lineCounter, value };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A short description of a value for "got …" in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

/**
 * Where a key path is written in a layer. `target: 'key'` points at the key of
 * the last segment (where a setting is declared), `'value'` at its value (what a
 * type error is about). When the path does not exist entirely, the deepest
 * existing node is used, so an error is never without a line.
 */
export function positionIn(layer: PolicyLayer, path: PolicyPath, target: 'key' | 'value' = 'key'): SourceLocation {
  let current: unknown = layer.document.contents;
  let best: Node | undefined = isNode(current) ? current : undefined;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      const keyNode = isNode(pair.key) ? pair.key : undefined;
      current = pair.value;
      best = (target === 'key' ? keyNode : undefined) ?? (isNode(current) ? current : undefined) ?? keyNode ?? best;
    } else if (isSeq(current) && typeof segment === 'number') {
      current = current.items[segment];
      if (!isNode(current)) break;
      best = current;
    } else {
      break;
    }
  }
  if (!best?.range) return { file: layer.displayFile };
  const position = layer.lineCounter.linePos(best.range[0]);
  return { file: layer.displayFile, line: position.line, column: position.col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
