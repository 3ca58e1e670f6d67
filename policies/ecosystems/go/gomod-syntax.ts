/**
 * The go.mod lexer and statement parser: text → lines and blocks with
 * positions and comments. It follows golang.org/x/mod/modfile/read.go token
 * for token (what is an identifier, where comments attach, when `(` opens a
 * block) so that the directive layer sees exactly the tokens `go` sees.
 */
import { InputError } from '../../model/errors.js';

/** A 1-based position; columns count Unicode code points, as Go counts runes. */
export interface Position {
  line: number;
  column: number;
}

/** A token of a statement, with its unquoted-or-raw text and start position. */
export interface SyntaxToken {
  text: string;
  position: Position;
}

/** One line statement, top level or inside a block. */
export interface SyntaxLine {
  tokens: SyntaxToken[];
  /** Whole-line comments directly above the line (`//` included). */
  before: string[];
  /** The end-of-line comment (`//` included), if any. */
  suffix: string | undefined;
}

/** A factored block such as `require ( … )`. */
export interface SyntaxBlock {
  verb: SyntaxToken[];
  lines: SyntaxLine[];
  before: string[];
}

export type SyntaxStatement = { kind: 'line'; line: SyntaxLine } | { kind: 'block'; block: SyntaxBlock };

type TokenKind = 'eof' | 'eol-comment' | 'comment' | 'ident' | 'string' | '\n' | '(' | ')' | '[' | ']' | '{' | '}' | ',';

interface Token {
  kind: TokenKind;
  text: string;
  position: Position;
}

const punctuation = new Set(['\n', '(', ')', '[', ']', '{', '}', ',']);
const notIdent = new Set([' ', '(', ')', '[', ']', '{', '}', ',']);
// unicode.IsPrint: letters, marks, numbers, punctuation, symbols (and ASCII space, excluded separately).
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

// ASCII identifier characters by code: printable, not a space or one of ()[]{},.
const asciiIdent = Array.from({ length: 128 }, (_, code) => code > 0x20 && code < 0x7f && !notIdent.has(String.fromCharCode(code)));

function isIdentChar(char: string): boolean {
  if (char === '') return false;
  const code = char.charCodeAt(0);
  if (code < 128) return asciiIdent[code] === true;
  return printable.test(char);
}

class Lexer {
  private index = 0;
  private line = 1;
  private column = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(message: string, position: Position = { line: this.line, column: this.column }, fix?: string): never {
    throw new InputError(message, {
      location: { file: this.file, line: position.line, column: position.column },
      fix: fix ?? 'Correct the go.mod syntax; `go mod edit -fmt` reports the same problem.',
    });
  }

  private peekChar(): string {
    const code = this.text.codePointAt(this.index);
    return code === undefined ? '' : String.fromCodePoint(code);
  }

  private startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.index);
  }

  private readChar(): string {
    const char = this.peekChar();
    this.index += char.length;
    if (char === '\n') {
      this.line++;
      this.column = 1;
      this.lineStart = this.index;
    } else {
      this.column++;
    }
    return char;
  }

  private position(): Position {
    return { line: this.line, column: this.column };
  }

  next(): Token {
    while (this.index < this.text.length) {
      const char = this.peekChar();
      if (char === ' ' || char === '\t' || char === '\r') {
        this.readChar();
        continue;
      }
      if (this.startsWith('//')) {
        const position = this.position();
        // A comment is a suffix when something other than space precedes it on its line.
        const suffix = this.text.slice(this.lineStart, this.index).trim() !== '';
        const start = this.index;
        while (this.index < this.text.length && this.readChar() !== '\n') {
          // consume to end of line
        }
        let text = this.text.slice(start, this.index);
        text = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
        return { kind: suffix ? 'eol-comment' : 'comment', text, position };
      }
      if (this.startsWith('/*')) this.fail('mod files must use // comments (not /* */ comments)');
      break;
    }
    const position = this.position();
    if (this.index >= this.text.length) return { kind: 'eof', text: '', position };
    const char = this.peekChar();
    if (punctuation.has(char)) {
      this.readChar();
      return { kind: char as TokenKind, text: char, position };
    }
    if (char === '"' || char === '`') {
      const start = this.index;
      this.readChar();
      for (;;) {
        if (this.index >= this.text.length) this.fail('unexpected EOF in string', position);
        if (this.peekChar() === '\n') this.fail('unexpected newline in string');
        const c = this.readChar();
        if (c === char) break;
        if (c === '\\' && char !== '`') {
          if (this.index >= this.text.length) this.fail('unexpected EOF in string', position);
          this.readChar();
        }
      }
      return { kind: 'string', text: this.text.slice(start, this.index), position };
    }
    if (!isIdentChar(char)) {
      this.fail(`unexpected input character ${JSON.stringify(char)}`);
    }
    const start = this.index;
    for (;;) {
      const code = this.text.charCodeAt(this.index);
      // Fast path for ASCII, which is nearly every go.mod byte; never a newline here.
      if (code < 128) {
        if (asciiIdent[code] !== true) break;
        if (code === 0x2f && (this.startsWith('//') || this.startsWith('/*'))) {
          if (this.startsWith('/*')) this.fail('mod files must use // comments (not /* */ comments)');
          break;
        }
        this.index++;
        this.column++;
        continue;
      }
      if (!isIdentChar(this.peekChar())) break;
      this.readChar();
    }
    return { kind: 'ident', text: this.text.slice(start, this.index), position };
  }
}

function isEndOfLine(kind: TokenKind): boolean {
  return kind === 'eof' || kind === 'eol-comment' || kind === '\n';
}

/** Parses go.mod text into statements. Throws InputError at the offending position. */
export function parseGoModSyntax(text: string, file: string): SyntaxStatement[] {
  const lexer = new Lexer(text, file);
  let lookahead = lexer.next();
  const lex = (): Token => {
    const token = lookahead;
    lookahead = lexer.next();
    return token;
  };

  const statements: SyntaxStatement[] = [];
  let pendingComments: string[] = [];

  // Reads the rest of a line whose first token is `first`; the end-of-line comment becomes its suffix.
  const readLine = (first: Token, insideBlock: boolean): { line: SyntaxLine; openBlock: boolean; emptyBlock: boolean } => {
    const tokens: SyntaxToken[] = [{ text: first.text, position: first.position }];
    for (;;) {
      const token = lex();
      if (isEndOfLine(token.kind)) {
        return {
          line: { tokens, before: [], suffix: token.kind === 'eol-comment' ? token.text : undefined },
          openBlock: false,
          emptyBlock: false,
        };
      }
      if (!insideBlock && token.kind === '(') {
        if (isEndOfLine(lookahead.kind)) {
          lex();
          return { line: { tokens, before: [], suffix: undefined }, openBlock: true, emptyBlock: false };
        }
        if (lookahead.kind === ')') {
          const rparen = lex();
          if (isEndOfLine(lookahead.kind)) {
            lex();
            return { line: { tokens, before: [], suffix: undefined }, openBlock: false, emptyBlock: true };
          }
          tokens.push({ text: token.text, position: token.position }, { text: rparen.text, position: rparen.position });
          continue;
        }
      }
      tokens.push({ text: token.text, position: token.position });
    }
  };

  for (;;) {
    const token = lookahead;
    if (token.kind === 'eof') break;
    if (token.kind === '\n') {
      lex();
      pendingComments = [];
      continue;
    }
    if (token.kind === 'comment') {
      lex();
      pendingComments.push(token.text);
      continue;
    }
    if (token.kind === 'eol-comment') {
      // Only reachable after a stray suffix position; Go attaches it to the file. Nothing to record.
      lex();
      continue;
    }
    const first = lex();
    const { line, openBlock, emptyBlock } = readLine(first, false);
    const before = pendingComments;
    pendingComments = [];
    if (emptyBlock) {
      statements.push({ kind: 'block', block: { verb: line.tokens, lines: [], before } });
      continue;
    }
    if (!openBlock) {
      statements.push({ kind: 'line', line: { ...line, before } });
      continue;
    }
    const block: SyntaxBlock = { verb: line.tokens, lines: [], before };
    let comments: string[] = [];
    for (;;) {
      const inner = lookahead;
      if (inner.kind === 'eol-comment') {
        lex();
      } else if (inner.kind === '\n') {
        // Inside a block a blank line does not detach the comments above it (modfile keeps them).
        lex();
      } else if (inner.kind === 'comment') {
        lex();
        comments.push(inner.text);
      } else if (inner.kind === 'eof') {
        lexer.fail(
          `syntax error (unterminated block started at ${file}:${first.position.line}:${first.position.column})`,
          inner.position,
          'Close the block with `)` on its own line.',
        );
      } else if (inner.kind === ')') {
        lex();
        if (!isEndOfLine(lookahead.kind)) lexer.fail('syntax error (expected newline after closing paren)', lookahead.position);
        lex();
        break;
      } else {
        const lineResult = readLine(lex(), true);
        block.lines.push({ ...lineResult.line, before: comments });
        comments = [];
      }
    }
    statements.push({ kind: 'block', block });
  }
  return statements;
}
