import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../policies/model/errors.js';
import type { SourceLocation } from '../policies/model/finding.js';

/**
 * A parsed YAML (or JSON, which YAML 1.2 reads too) file that remembers where
 * every value came from, so errors can name the file, line and column.
 */
export interface YamlSource {
  /** The path as the user wrote it (or as we display it). */
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * Reads and parses a YAML or JSON file. A missing file or a syntax error is an
 * InputError pointing at the file (and the line of the syntax error).
 */
export async function readYamlSource(filePath: string, displayPath: string = filePath): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${displayPath}${code ? ` (${code})` : ''}`, {
      location: { file: displayPath },
      fix: 'check the path; it is resolved against the current directory',
      cause: error,
    });
  }
  return parseYamlSource(text, displayPath);
}

/** Parses YAML text; the first syntax error becomes an InputError at its line. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new InputError(first.message.split('\n')[0] ?? 'invalid YAML', {
      location: { file, line: pos.line, column: pos.col },
      fix: 'fix the YAML/JSON syntax at this position',
    });
  }
  return { file, doc, lineCounter };
}

/**
 * The location of the value at `path` (or of its key, with `key: true`),
 * falling back to the closest enclosing node that exists, then to the file.
 */
export function locate(source: YamlSource, path: readonly (string | number)[], options: { key?: boolean } = {}): SourceLocation {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = nodeOffset(source, path.slice(0, depth), options.key === true && depth === path.length);
    if (offset !== undefined) {
      const pos = source.lineCounter.linePos(offset);
      return { file: source.file, line: pos.line, column: pos.col };
    }
  }
  return { file: source.file };
}

function nodeOffset(source: YamlSource, path: readonly (string | number)[], wantKey: boolean): number | undefined {
  if (path.length === 0) return source.doc.contents?.range[0];
  if (wantKey) {
    const parent: unknown = path.length === 1 ? source.doc.contents : source.doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const last = path[path.length - 1];
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
      if (pair && isScalar(pair.key)) return pair.key.range?.[0];
    }
    return undefined;
  }
  const node: unknown = source.doc.getIn(path, true);
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
