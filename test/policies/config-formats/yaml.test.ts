import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../policies/config-formats/index.js';
import { InputError } from '../../../policies/model/errors.js';

const flat = (text: string, file = 'c.yaml') =>
  [...parseConfig(text, file).entries.values()].map(({ key, kind, value, line, column }) => ({ key, kind, value, line, column }));

describe('YAML', () => {
  test('flattens nested mappings to dotted keys with the line and column of each key', () => {
    expect(flat('http:\n  port: 8080\n  timeout: 15s\nlog:\n  level: info\nempty: {}\nnothing:\nflag: true\n')).toEqual([
      { key: 'http', kind: 'mapping', value: undefined, line: 1, column: 1 },
      { key: 'http.port', kind: 'number', value: 8080, line: 2, column: 3 },
      { key: 'http.timeout', kind: 'string', value: '15s', line: 3, column: 3 },
      { key: 'log', kind: 'mapping', value: undefined, line: 4, column: 1 },
      { key: 'log.level', kind: 'string', value: 'info', line: 5, column: 3 },
      { key: 'empty', kind: 'mapping', value: undefined, line: 6, column: 1 },
      { key: 'nothing', kind: 'null', value: null, line: 7, column: 1 },
      { key: 'flag', kind: 'boolean', value: true, line: 8, column: 1 },
    ]);
  });

  test('lists are single values, but their scalars are kept for secret scanning', () => {
    const entry = parseConfig('origins:\n  - https://a\n  - { url: https://b }\n', 'c.yaml').entries.get('origins');
    expect(entry).toMatchObject({ kind: 'list', line: 1 });
    expect(entry?.nested).toEqual([
      { path: 'origins[0]', value: 'https://a', line: 2, column: 5 },
      { path: 'origins[1].url', value: 'https://b', line: 3, column: 12 },
    ]);
  });

  test('resolves anchors, aliases and merge keys; explicit keys win and merged keys point at the << line', () => {
    const text = 'base: &base\n  timeout: 5s\n  retries: 3\nprod:\n  <<: *base\n  retries: 5\n  copy: *base\n';
    expect(flat(text).filter((e) => e.key.startsWith('prod'))).toEqual([
      { key: 'prod', kind: 'mapping', value: undefined, line: 4, column: 1 },
      { key: 'prod.retries', kind: 'number', value: 5, line: 6, column: 3 },
      { key: 'prod.copy', kind: 'mapping', value: undefined, line: 7, column: 3 },
      { key: 'prod.copy.timeout', kind: 'string', value: '5s', line: 2, column: 3 },
      { key: 'prod.copy.retries', kind: 'number', value: 3, line: 3, column: 3 },
      { key: 'prod.timeout', kind: 'string', value: '5s', line: 5, column: 3 },
    ]);
  });

  test('an empty or comment-only file has no keys', () => {
    expect(flat('')).toEqual([]);
    expect(flat('# nothing yet\n')).toEqual([]);
  });

  test('a recursive alias is an input error, not a stack overflow', () => {
    expect(() => parseConfig('a: &a\n  b: *a\n', 'c.yaml')).toThrow(InputError);
  });

  test('an alias explosion is bounded', () => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    expect(() => parseConfig(lines.join('\n'), 'c.yaml')).toThrow(/more than 100000/);
  });

  test('several documents in one file are rejected', () => {
    expect(() => parseConfig('a: 1\n---\nb: 2\n', 'c.yaml')).toThrow(InputError);
  });
});

describe('JSON (read by the YAML 1.2 parser for positions)', () => {
  test('keys carry their lines', () => {
    expect(flat('{\n  "http": {\n    "port": 8080,\n    "tls": false\n  },\n  "name": "svc"\n}\n', 'c.json')).toEqual([
      { key: 'http', kind: 'mapping', value: undefined, line: 2, column: 3 },
      { key: 'http.port', kind: 'number', value: 8080, line: 3, column: 5 },
      { key: 'http.tls', kind: 'boolean', value: false, line: 4, column: 5 },
      { key: 'name', kind: 'string', value: 'svc', line: 6, column: 3 },
    ]);
  });

  test('<< is an ordinary key in JSON', () => {
    expect(flat('{"<<": {"a": 1}}', 'c.json').map((e) => e.key)).toEqual(['<<', '<<.a']);
  });
});

describe('dotted keys', () => {
  test('mean the same as nesting, and may share a parent with nested keys', () => {
    expect(flat('datasource.url: x\ndatasource:\n  pool: 5\n')).toEqual([
      { key: 'datasource', kind: 'mapping', value: undefined, line: 1, column: 1 },
      { key: 'datasource.url', kind: 'string', value: 'x', line: 1, column: 1 },
      { key: 'datasource.pool', kind: 'number', value: 5, line: 3, column: 3 },
    ]);
  });

  test('a collision between a value and a group is an input error', () => {
    expect(() => parseConfig('a: 1\na.b: 2\n', 'c.yaml')).toThrow('cannot read c.yaml: a is a value and also used as a group by a.b');
    expect(() => parseConfig('{"a": {"b": 1}, "a.b": 2}', 'c.json')).toThrow('cannot read c.json: key a.b is defined twice');
  });
});
