import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { InputError } from '../model/errors.js';
import { MAX_ENTRIES } from './types.js';
import type { ConfigDocument, ConfigEntry, ConfigFormat, ConfigScalar, NestedScalar } from './types.js';

/**
 * YAML and JSON config files. JSON is read by the same YAML 1.2 parser, which
 * accepts every JSON document and, unlike JSON.parse, reports where each node
 * starts, so findings can name the line of every key.
 */
export const yamlFormat: ConfigFormat = {
  id: 'yaml',
  extensions: ['.yaml', '.yml'],
  parse: (text, file) => parseWithPositions(text, file, { merge: true }),
};

export const jsonFormat: ConfigFormat = {
  id: 'json',
  extensions: ['.json'],
  // `<<` is an ordinary key in JSON, so YAML merge keys stay off.
  parse: (text, file) => parseWithPositions(text, file, { merge: false }),
};

function parseWithPositions(text: string, file: string, options: { merge: boolean }): ConfigDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: options.merge, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    throw new InputError(`cannot parse ${file}: ${firstLine(error.message)}`, {
      location: { file, line: position?.line ?? 1, column: position?.col },
      fix: 'fix the syntax at that line; the file must be a single YAML or JSON mapping',
    });
  }
  const flattener = new Flattener(doc, file, lineCounter);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { file, entries: flattener.entries };
  }
  if (!isMap(doc.contents)) {
    throw new InputError(`${file} must contain a mapping of keys at the top level`, {
      location: { file, ...flattener.position(doc.contents) },
      fix: 'write the configuration as `key: value` pairs',
    });
  }
  flattener.mapping(doc.contents, '');
  return { file, entries: flattener.entries };
}

/** The parser's messages end with a code frame after the first line; the location is reported separately. */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** Walks a YAML document once, recording every key with its position. */
class Flattener {
  readonly entries = new Map<string, ConfigEntry>();
  /** Collections on the current path, so a self-referencing alias is reported instead of recursing forever. */
  private readonly active = new Set<Node>();
  /** Alias.resolve searches the whole document each time, so each alias is resolved once. */
  private readonly resolvedAliases = new Map<Node, Node | undefined>();

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  position(node: Node | null | undefined): { line: number; column: number } {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  mapping(map: YAMLMap, prefix: string): void {
    if (this.active.has(map)) this.fail(map, 'an alias refers to the mapping that contains it');
    this.active.add(map);
    const merges: Pair[] = [];
    for (const pair of map.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        merges.push(pair);
        continue;
      }
      this.pair(pair, prefix, pair.key as Node | null);
    }
    // Explicit keys win over merged ones, as in YAML 1.1 merge semantics (what Go's yaml.v3 implements).
    for (const merge of merges) {
      const sources = this.resolve(merge.value as Node | null);
      const maps = isSeq(sources) ? sources.items.map((item) => this.resolve(item as Node)) : [sources];
      for (const source of maps) {
        if (!isMap(source)) this.fail(merge.key as Node, 'a merge key (<<) must refer to a mapping');
        for (const pair of source.items) {
          const key = this.keyText(pair.key as Node | null);
          if (!this.entries.has(join(prefix, key))) this.pair(pair, prefix, merge.key as Node);
        }
      }
    }
    this.active.delete(map);
  }

  /** Records one key; `at` is the node whose position the entry reports (the `<<` key for merged entries). */
  private pair(pair: Pair, prefix: string, at: Node | null): void {
    const name = this.keyText(pair.key as Node | null);
    const key = join(prefix, name);
    const { line, column } = this.position(at ?? (pair.value as Node | null));
    this.addParents(prefix, name, at, line, column);
    const value = this.resolve(pair.value as Node | null);
    const existing = this.entries.get(key);
    // Only dotted keys can collide here (the parser rejects plain duplicates); `a.b` and `a: {c}` may share `a`.
    if (existing && !(existing.kind === 'mapping' && isMap(value))) this.fail(at, `key ${key} is defined twice`);
    if (this.entries.size >= MAX_ENTRIES) this.fail(at, `more than ${MAX_ENTRIES} keys (too many aliases?)`);
    if (isMap(value)) {
      if (!existing) this.entries.set(key, { key, kind: 'mapping', line, column });
      this.mapping(value, key);
    } else if (isSeq(value)) {
      const nested: NestedScalar[] = [];
      this.collectNested(value, key, nested);
      this.entries.set(key, { key, kind: 'list', line, column, nested });
    } else {
      const scalar = isScalar(value) ? toScalar(value.value) : null;
      this.entries.set(key, { key, kind: kindOf(scalar), value: scalar, line, column });
    }
  }

  /** A dotted key (`datasource.url: x`, as Spring-style files write) means the same as nesting, so its parents become mappings. */
  private addParents(prefix: string, name: string, at: Node | null, line: number, column: number): void {
    if (!name.includes('.')) return;
    const segments = name.split('.');
    for (let depth = 1; depth < segments.length; depth++) {
      const parent = join(prefix, segments.slice(0, depth).join('.'));
      const existing = this.entries.get(parent);
      if (!existing) this.entries.set(parent, { key: parent, kind: 'mapping', line, column });
      else if (existing.kind !== 'mapping') this.fail(at, `${parent} is a value and also used as a group by ${join(prefix, name)}`);
    }
  }

  private collectNested(node: Node | null, path: string, out: NestedScalar[]): void {
    const value = this.resolve(node);
    if (value === null) return;
    if (this.active.has(value)) this.fail(value, 'an alias refers to the collection that contains it');
    if (out.length >= MAX_ENTRIES) this.fail(value, `more than ${MAX_ENTRIES} list items (too many aliases?)`);
    if (isSeq(value)) {
      this.active.add(value);
      value.items.forEach((item, index) => {
        this.collectNested(item as Node, `${path}[${index}]`, out);
      });
      this.active.delete(value);
    } else if (isMap(value)) {
      this.active.add(value);
      for (const pair of value.items) this.collectNested(pair.value as Node | null, join(path, this.keyText(pair.key as Node | null)), out);
      this.active.delete(value);
    } else if (isScalar(value)) {
      out.push({ path, value: toScalar(value.value), ...this.position(value) });
    }
  }

  private resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (!isAlias(node)) return node;
    let target = this.resolvedAliases.get(node);
    if (!this.resolvedAliases.has(node)) {
      target = node.resolve(this.doc);
      this.resolvedAliases.set(node, target);
    }
    if (!target) this.fail(node, `alias *${node.source} refers to no anchor`);
    return target;
  }

  private keyText(node: Node | null): string {
    const key = this.resolve(node);
    if (key === null) return '';
    if (!isScalar(key)) this.fail(key, 'keys must be plain scalars, not mappings or lists');
    return typeof key.value === 'symbol' ? '<<' : String(key.value);
  }

  private fail(node: Node | null | undefined, problem: string): never {
    throw new InputError(`cannot read ${this.file}: ${problem}`, {
      location: { file: this.file, ...this.position(node) },
      fix: 'simplify the YAML at that line to plain keys and values',
    });
  }
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Timestamps and binary scalars only appear with custom tags; anything that is not a JSON scalar is kept as its text. */
function toScalar(value: unknown): ConfigScalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  // JSON.stringify returns undefined for functions and symbols, which its type does not admit.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? '';
}

export function kindOf(value: ConfigScalar): ConfigEntry['kind'] {
  if (value === null) return 'null';
  return typeof value as 'string' | 'number' | 'boolean';
}
