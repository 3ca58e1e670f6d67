/**
 * parseJsonSource: values from JSON.parse, and the line and column of the
 * keys findings point at (top-level keys, and keys of the objects directly
 * inside the top level).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonSource } from '../../../../policies/ecosystems/npm/json-source.js';

const parse = (text: string) => parseJsonSource(text, 'package-lock.json', 'fix it');

describe('parseJsonSource positions', () => {
  const lockfile = [
    '{',
    '  "name": "app",',
    '  "lockfileVersion": 3,',
    '  "packages": {',
    '    "": { "dependencies": { "lodash": "^4.17.21" } },',
    '    "node_modules/lodash": {',
    '      "version": "4.17.20",',
    '      "packages": { "nested": 1 }',
    '    },',
    '    "node_modules/@scope/a": { "version": "1.0.0" }',
    '  },',
    '  "list": [{ "inArray": 1 }],',
    '  "empty": {}',
    '}',
  ].join('\n');

  it('locates top-level keys and the keys of top-level objects', () => {
    const source = parse(lockfile);
    expect(source.keyPosition(['lockfileVersion'])).toEqual({ line: 3, column: 3 });
    expect(source.keyPosition(['packages', 'node_modules/lodash'])).toEqual({ line: 6, column: 5 });
    expect([...source.keyPositions(['packages'])]).toEqual([
      ['', { line: 5, column: 5 }],
      ['node_modules/lodash', { line: 6, column: 5 }],
      ['node_modules/@scope/a', { line: 10, column: 5 }],
    ]);
    expect([...source.keyPositions([])].map(([key]) => key)).toEqual(['name', 'lockfileVersion', 'packages', 'list', 'empty']);
  });

  it('does not mistake deeper keys, or keys inside arrays, for keys one level down', () => {
    const source = parse(lockfile);
    // "packages" inside node_modules/lodash is three levels down; the top-level "packages" stays the one at line 4.
    expect(source.keyPosition(['packages'])).toEqual({ line: 4, column: 3 });
    expect(source.keyPosition(['packages', 'nested'])).toBeUndefined();
    expect(source.keyPosition(['packages', 'dependencies'])).toBeUndefined();
    expect(source.keyPositions(['list']).size).toBe(0);
    expect(source.keyPosition(['list', 'inArray'])).toBeUndefined();
    expect(source.keyPositions(['empty']).size).toBe(0);
    expect(source.keyPositions(['name']).size).toBe(0);
    expect(source.keyPosition(['missing'])).toBeUndefined();
    expect(source.keyPositions(['missing']).size).toBe(0);
  });

  it('locates a repeated key at its first occurrence, whatever the value there', () => {
    const source = parse('{\n"dependencies": "x",\n"dependencies": {\n"a": "1"\n},\n"devDependencies": {\n"b": "1",\n"b": "2"\n}\n}');
    expect(source.keyPosition(['dependencies'])).toEqual({ line: 2, column: 1 });
    expect(source.keyPosition(['dependencies', 'a'])).toBeUndefined();
    expect(source.keyPosition(['devDependencies', 'b'])).toEqual({ line: 7, column: 1 });
    // JSON.parse keeps the last value.
    expect(source.value).toEqual({ dependencies: { a: '1' }, devDependencies: { b: '2' } });
  });

  it('counts lines at line feeds and columns in UTF-16 code units (as editors do), with CRLF line ends and non-ASCII text before a key', () => {
    const source = parse('{\r\n  "description": "naïve 🦀",  "dependencies": {\r\n    "a": "1"\r\n  }\r\n}\r\n');
    expect(source.keyPosition(['dependencies'])).toEqual({ line: 2, column: 31 });
    expect(source.keyPosition(['dependencies', 'a'])).toEqual({ line: 3, column: 5 });
  });

  it('keeps the keys of the first object of a repeated top-level key', () => {
    const source = parse('{\n"packages": {\n"a": 1\n},\n"packages": {\n"a": 2,\n"b": 3\n}\n}');
    expect(source.keyPosition(['packages'])).toEqual({ line: 2, column: 1 });
    expect([...source.keyPositions(['packages'])]).toEqual([['a', { line: 3, column: 1 }]]);
    expect(source.keyPosition(['packages', 'b'])).toBeUndefined();
  });

  it('ends lines at line feeds only: a key after a lone carriage return stays on its line', () => {
    const source = parse('{"a": 1,\r"b": {\r"c": 2}}');
    expect(source.keyPosition(['b'])).toEqual({ line: 1, column: 10 });
    expect(source.keyPosition(['b', 'c'])).toEqual({ line: 1, column: 17 });
  });

  it('has no keys when the document is not an object', () => {
    for (const text of ['[{"a": {"b": 1}}]', '"text"', '3', 'null']) {
      const source = parse(text);
      expect(source.keyPositions([]).size, text).toBe(0);
      expect(source.keyPosition(['a']), text).toBeUndefined();
    }
  });

  it('reports invalid JSON with its line and column and the fix', () => {
    expect(() => parse('{\n  "a": 1,\n}')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('invalid JSON'), location: { file: 'package-lock.json', line: 3, column: 1 }, fix: 'fix it' }),
    );
  });
});
