import { describe, expect, test } from 'vitest';
import { InvariantSyntaxError, parseInvariant } from '../../../../policies/checks/config/invariant-parser.js';

describe('parseInvariant', () => {
  test('a comparison of two keys', () => {
    expect(parseInvariant('http.write_timeout > http.handler_timeout')).toEqual({
      source: 'http.write_timeout > http.handler_timeout',
      operands: [
        { type: 'key', path: 'http.write_timeout' },
        { type: 'key', path: 'http.handler_timeout' },
      ],
      operators: ['>'],
    });
  });

  test('chains, wildcards, literals with units and every operator', () => {
    const parsed = parseInvariant('a.read<=a.write<30s>=clients.*.timeout!=0 == 1MiB');
    expect(parsed.operators).toEqual(['<=', '<', '>=', '!=', '==']);
    expect(parsed.operands).toEqual([
      { type: 'key', path: 'a.read' },
      { type: 'key', path: 'a.write' },
      { type: 'literal', value: '30s', text: '30s' },
      { type: 'key', path: 'clients.*.timeout' },
      { type: 'literal', value: '0', text: '0' },
      { type: 'literal', value: '1MiB', text: '1MiB' },
    ]);
  });

  test('quoted strings and booleans are literals', () => {
    expect(parseInvariant(`log.format == "json"`).operands[1]).toEqual({ type: 'literal', value: 'json', text: '"json"' });
    expect(parseInvariant(`cors.enabled != true`).operands[1]).toEqual({ type: 'literal', value: true, text: 'true' });
    expect(parseInvariant(`a == 'x y'`).operands[1]).toEqual({ type: 'literal', value: 'x y', text: '"x y"' });
  });

  test.each([
    ['', 'the expression is empty', 1],
    ['   ', 'the expression is empty', 1],
    ['http.port', 'expected an operator and another operand, e.g. "a > b"', 10],
    ['a >', 'expected an operator and another operand, e.g. "a > b"', 4],
    ['> a', 'expected a key or value but found ">"', 1],
    ['a b', 'expected an operator (>, >=, <, <=, ==, !=) but found "b"', 3],
    ['a > > b', 'expected a key or value but found ">"', 5],
    ['a = b', 'unknown operator starting with "="', 3],
    ['a => b', 'unknown operator starting with "="', 3],
    ['a ! b', 'unknown operator starting with "!"', 3],
    ['a > "b', 'the " quote is never closed', 5],
    ['a > b+c', '"b+c" is neither a key path nor a number, duration or byte size', 5],
    ['a.. > b', '"a.." is neither a key path nor a number, duration or byte size', 1],
  ])('%j is rejected: %s (column %d)', (source, message, column) => {
    let error: unknown;
    try {
      parseInvariant(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvariantSyntaxError);
    expect((error as InvariantSyntaxError).message).toBe(message);
    expect((error as InvariantSyntaxError).column).toBe(column);
  });
});
