/**
 * The invariant expression language: `operand (operator operand)+`, e.g.
 * `http.write_timeout > http.handler_timeout > clients.*.timeout`. Chains mean
 * each adjacent pair must hold. Operands are key paths (with glob wildcards)
 * or literals: numbers, durations, byte sizes, `true`/`false` and quoted strings.
 * No library parses this grammar, so this is a tokenizer plus one loop.
 */
import type { ConfigScalar } from '../../config-formats/index.js';
import { toQuantity } from './quantity.js';
import type { ComparisonOperator } from './quantity.js';

export type Operand =
  | { type: 'key'; path: string }
  | { type: 'literal'; value: ConfigScalar; text: string };

export interface Invariant {
  source: string;
  /** Operands and operators alternate: operands[i] operators[i] operands[i + 1]. */
  operands: Operand[];
  operators: ComparisonOperator[];
}

/** A syntax error with the 1-based column in the expression where it was found. */
export class InvariantSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

interface Token {
  kind: 'operator' | 'operand';
  text: string;
  column: number;
  quoted: boolean;
}

// Two-character operators first, so `>=` is not read as `>` followed by `=`.
const OPERATORS: readonly ComparisonOperator[] = ['>=', '<=', '==', '!=', '>', '<'];
const KEY_PATH = /^[A-Za-z0-9_*?{}\-[\],]+(?:\.[A-Za-z0-9_*?{}\-[\],]+)*$/;
const OPERATOR_START = /[<>=!]/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, column: i + 1, quoted: false });
      i += operator.length;
      continue;
    }
    if (OPERATOR_START.test(c)) throw new InvariantSyntaxError(`unknown operator starting with "${c}"`, i + 1);
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new InvariantSyntaxError(`the ${c} quote is never closed`, i + 1);
      tokens.push({ kind: 'operand', text: source.slice(i + 1, end), column: i + 1, quoted: true });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < source.length && !/\s/.test(source.charAt(end)) && !OPERATOR_START.test(source.charAt(end))) end++;
    tokens.push({ kind: 'operand', text: source.slice(i, end), column: i + 1, quoted: false });
    i = end;
  }
  return tokens;
}

function toOperand(token: Token): Operand {
  if (token.quoted) return { type: 'literal', value: token.text, text: JSON.stringify(token.text) };
  if (token.text === 'true' || token.text === 'false') return { type: 'literal', value: token.text === 'true', text: token.text };
  if (toQuantity(token.text)) return { type: 'literal', value: token.text, text: token.text };
  if (KEY_PATH.test(token.text)) return { type: 'key', path: token.text };
  throw new InvariantSyntaxError(`"${token.text}" is neither a key path nor a number, duration or byte size`, token.column);
}

/** Parses an invariant; throws InvariantSyntaxError for anything but `operand (operator operand)+`. */
export function parseInvariant(source: string): Invariant {
  const tokens = tokenize(source);
  if (tokens.length === 0) throw new InvariantSyntaxError('the expression is empty', 1);
  const operands: Operand[] = [];
  const operators: ComparisonOperator[] = [];
  tokens.forEach((token, index) => {
    const expected = index % 2 === 0 ? 'operand' : 'operator';
    if (token.kind !== expected) {
      const what = expected === 'operand' ? 'a key or value' : 'an operator (>, >=, <, <=, ==, !=)';
      throw new InvariantSyntaxError(`expected ${what} but found "${token.text}"`, token.column);
    }
    if (token.kind === 'operand') operands.push(toOperand(token));
    else operators.push(token.text as ComparisonOperator);
  });
  const last = tokens[tokens.length - 1];
  if (operators.length === 0 || last?.kind === 'operator') {
    const column = last ? last.column + last.text.length : 1;
    throw new InvariantSyntaxError('expected an operator and another operand, e.g. "a > b"', column);
  }
  return { source, operands, operators };
}
