import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../policies/config-formats/index.js';
import { InputError } from '../../../policies/model/errors.js';

const flat = (text: string) =>
  [...parseConfig(text, '.env').entries.values()].map(({ key, kind, value, line, column }) => ({ key, kind, value, line, column }));

describe('.env', () => {
  test('maps HTTP__PORT to http.port, keeps dotted and mixed-case keys, and types unquoted values', () => {
    expect(
      flat(
        [
          '# comment',
          '',
          'HTTP__PORT=8080',
          'export HTTP__HANDLER_TIMEOUT=15s',
          'http.tls=true',
          'LOG_LEVEL = info   # trailing comment',
          "QUOTED='8080'",
          'FEATURE__newCheckout=false',
          'EMPTY=',
          'HASH=a#b',
          'COLON: 1s',
        ].join('\n'),
      ),
    ).toEqual([
      { key: 'http', kind: 'mapping', value: undefined, line: 3, column: 1 },
      { key: 'http.port', kind: 'number', value: 8080, line: 3, column: 1 },
      { key: 'http.handler_timeout', kind: 'string', value: '15s', line: 4, column: 8 },
      { key: 'http.tls', kind: 'boolean', value: true, line: 5, column: 1 },
      { key: 'log_level', kind: 'string', value: 'info', line: 6, column: 1 },
      { key: 'quoted', kind: 'string', value: '8080', line: 7, column: 1 },
      { key: 'FEATURE', kind: 'mapping', value: undefined, line: 8, column: 1 },
      { key: 'FEATURE.newCheckout', kind: 'boolean', value: false, line: 8, column: 1 },
      { key: 'empty', kind: 'string', value: '', line: 9, column: 1 },
      { key: 'hash', kind: 'string', value: 'a#b', line: 10, column: 1 },
      { key: 'colon', kind: 'string', value: '1s', line: 11, column: 1 },
    ]);
  });

  test('double quotes expand escapes and may span lines; single quotes are literal', () => {
    const entries = parseConfig('A="line1\\nline2 \\"q\\""\nB="multi\nline" # c\nC=\'${NOT_EXPANDED}\\n\'\nD=after\n', '.env').entries;
    expect(entries.get('a')?.value).toBe('line1\nline2 "q"');
    expect(entries.get('b')?.value).toBe('multi\nline');
    expect(entries.get('c')?.value).toBe('${NOT_EXPANDED}\\n');
    expect(entries.get('d')).toMatchObject({ value: 'after', line: 5 });
  });

  test.each([
    ['not an assignment', 1, 'expected KEY=value'],
    ['A=1\nA=2', 2, 'a is set twice (first on line 1)'],
    ['A=1\nA__B=2', 2, 'a is set on line 1 and also used as a group by a.b'],
    ['A__B=2\nA=1', 2, 'a is used as a group on line 1 and also set as a value'],
    ['A="open\nB=1', 1, 'the " quote opened here is never closed'],
    ['A="x" y', 1, 'unexpected text after the closing "'],
    ['__A=1', 1, 'key __A has an empty path segment'],
    ['1A=1', 1, 'expected KEY=value'],
    ['A:1', 1, 'expected KEY=value'],
  ])('%j is rejected at line %d: %s', (text, line, message) => {
    let error: unknown;
    try {
      parseConfig(text, '.env');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`cannot parse .env: ${message}`);
    expect((error as InputError).location).toMatchObject({ file: '.env', line });
  });

  test('.env.production style names are read as .env', () => {
    expect(parseConfig('A=1\n', 'deploy/.env.production').entries.get('a')?.value).toBe(1);
  });
});
