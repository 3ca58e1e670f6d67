/**
 * go.mod directives: turns the statements of gomod-syntax.ts into a typed
 * file (module, go, toolchain, godebug, require, exclude, replace, retract,
 * tool, ignore) with the position of every directive, applying the checks
 * `go` applies to a main module's go.mod (modfile.Parse without a fixer).
 */
import { InputError } from '../../model/errors.js';
import type { Position, SyntaxLine, SyntaxToken } from './gomod-syntax.js';
import { parseGoModSyntax } from './gomod-syntax.js';
import { canonicalVersion, checkPathMajor, semverMajor, splitPathVersion } from './module-version.js';

export interface GoModModule {
  path: string;
  /** The text after `Deprecated:` in the module's comment, when the module is deprecated. */
  deprecated?: string;
  position: Position;
}

export interface GoModRequire {
  path: string;
  version: string;
  /** Marked `// indirect`: needed by the build but not imported by this module's packages. */
  indirect: boolean;
  /** Position of the module path token. */
  position: Position;
}

export interface GoModExclude {
  path: string;
  version: string;
  position: Position;
}

export interface GoModReplace {
  /** `version` is empty when every version of `path` is replaced. */
  old: { path: string; version: string };
  /** `version` is empty for a directory replacement (`local`). */
  new: { path: string; version: string; local: boolean };
  position: Position;
}

export interface GoModRetract {
  low: string;
  high: string;
  rationale: string;
  position: Position;
}

export interface GoModFile {
  module?: GoModModule;
  go?: { version: string; position: Position };
  toolchain?: { name: string; position: Position };
  godebug: { key: string; value: string; position: Position }[];
  require: GoModRequire[];
  exclude: GoModExclude[];
  replace: GoModReplace[];
  retract: GoModRetract[];
  tool: { path: string; position: Position }[];
  ignore: { path: string; position: Position }[];
}

const goVersionPattern = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const toolchainPattern = /^default$|^go1($|\.)/;
const blockVerbs = new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const deprecatedPattern = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;

/** Whether a replacement target is a directory rather than a module path (modfile.IsDirectoryPath). */
export function isDirectoryPath(path: string): boolean {
  return (
    path === '.' ||
    path.startsWith('./') ||
    path.startsWith('.\\') ||
    path === '..' ||
    path.startsWith('../') ||
    path.startsWith('..\\') ||
    path.startsWith('/') ||
    path.startsWith('\\') ||
    /^[A-Za-z]:/.test(path)
  );
}

const simpleEscapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/** strconv.Unquote for a double-quoted Go string; returns null when Go would reject it. */
export function unquoteGoString(quoted: string): string | null {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return null;
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body.charAt(i);
    if (char === '"' || char === '\n') return null;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body.charAt(i + 1);
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (hex.length !== hexLength || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
      const code = Number.parseInt(hex, 16);
      if (next === 'x') {
        out += String.fromCharCode(code);
      } else {
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
        out += String.fromCodePoint(code);
      }
      i += 1 + hexLength;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      const code = Number.parseInt(octal, 8);
      if (code > 255) return null;
      out += String.fromCharCode(code);
      i += 3;
      continue;
    }
    return null;
  }
  return out;
}

class DirectiveParser {
  readonly result: GoModFile = { godebug: [], require: [], exclude: [], replace: [], retract: [], tool: [], ignore: [] };

  constructor(private readonly file: string) {}

  fail(position: Position, message: string, fix: string): never {
    throw new InputError(message, {
      location: { file: this.file, line: position.line, column: position.column },
      fix,
    });
  }

  private string(token: SyntaxToken, position: Position): string {
    if (token.text.startsWith('"')) {
      const value = unquoteGoString(token.text);
      if (value === null) this.fail(position, `invalid quoted string: ${token.text}`, 'Use a valid Go double-quoted string, or no quotes.');
      return value;
    }
    if (/["'`]/.test(token.text)) {
      this.fail(position, `invalid quoted string: unquoted string cannot contain quote: ${token.text}`, 'Quote the path with double quotes, or remove the quote characters.');
    }
    return token.text;
  }

  private version(verb: string, path: string, token: SyntaxToken, position: Position): string {
    const raw = this.string(token, position);
    const canonical = canonicalVersion(raw);
    if (canonical === '') {
      this.fail(
        position,
        `${verb} ${path}: version ${JSON.stringify(raw)} invalid: must be of the form v1.2.3`,
        'Use a semantic version with a leading v (v1.2.3) or a pseudo-version; `go get module@version` writes a valid one.',
      );
    }
    return canonical;
  }

  private pathMajor(verb: string, path: string, position: Position): string {
    const { pathMajor, ok } = splitPathVersion(path);
    if (!ok) this.fail(position, `${verb} ${path}: invalid module path`, 'Major-version suffixes are /v2 and above (or .vN for gopkg.in); remove /v0 or /v1.');
    return pathMajor;
  }

  private checkMajor(verb: string, path: string, version: string, pathMajor: string, position: Position): void {
    const problem = checkPathMajor(version, pathMajor);
    if (problem !== null) {
      const suffix = pathMajor.replace(/-unstable$/, '').slice(1);
      this.fail(
        position,
        `${verb} ${path}: version "${version}" invalid: ${problem}`,
        pathMajor === ''
          ? `Major versions v2 and later of a module live at its /vN path: require ${path}/${semverMajor(version)} (or ${version}+incompatible for a module without a go.mod).`
          : `${path} holds ${suffix}.x.y versions only: require a ${suffix} version, or the path without the suffix for v0/v1.`,
      );
    }
  }

  add(line: SyntaxLine, verb: string, args: SyntaxToken[], statementStart: Position, blockComments: string[] | undefined): void {
    const usage = (message: string, fix: string): never => this.fail(statementStart, message, fix);
    switch (verb) {
      case 'go': {
        if (this.result.go) usage('repeated go statement', 'Keep a single go directive.');
        const [arg] = args;
        if (args.length !== 1 || !arg) return usage('go directive expects exactly one argument', 'Write `go 1.23.0`.');
        if (!goVersionPattern.test(arg.text)) usage(`invalid go version '${arg.text}': must match format 1.23.0`, 'Write `go 1.23.0`.');
        this.result.go = { version: arg.text, position: statementStart };
        return;
      }
      case 'toolchain': {
        if (this.result.toolchain) usage('repeated toolchain statement', 'Keep a single toolchain directive.');
        const [arg] = args;
        if (args.length !== 1 || !arg) return usage('toolchain directive expects exactly one argument', 'Write `toolchain go1.23.4`.');
        if (!toolchainPattern.test(arg.text)) {
          usage(`invalid toolchain version '${arg.text}': must match format go1.23.0 or default`, 'Write `toolchain go1.23.4`.');
        }
        this.result.toolchain = { name: arg.text, position: statementStart };
        return;
      }
      case 'module': {
        if (this.result.module) usage('repeated module statement', 'Keep a single module directive.');
        const [arg] = args;
        if (args.length !== 1 || !arg) return usage('usage: module module/path', 'Write `module example.com/name`.');
        const path = this.string(arg, statementStart);
        const deprecated = deprecatedPattern.exec(directiveComment(line, blockComments))?.[1];
        this.result.module = { path, position: arg.position, ...(deprecated !== undefined ? { deprecated } : {}) };
        return;
      }
      case 'godebug': {
        const [arg] = args;
        if (args.length !== 1 || !arg || /["`',]/.test(arg.text) || !arg.text.includes('=')) {
          return usage('usage: godebug key=value', 'Write `godebug key=value`.');
        }
        const at = arg.text.indexOf('=');
        this.result.godebug.push({ key: arg.text.slice(0, at), value: arg.text.slice(at + 1), position: statementStart });
        return;
      }
      case 'require':
      case 'exclude': {
        const [pathToken, versionToken] = args;
        if (args.length !== 2 || !pathToken || !versionToken) {
          return usage(`usage: ${verb} module/path v1.2.3`, `Write \`${verb} module/path v1.2.3\`, one module per line.`);
        }
        const path = this.string(pathToken, statementStart);
        const version = this.version(verb, path, versionToken, statementStart);
        const pathMajor = this.pathMajor(verb, path, statementStart);
        this.checkMajor(verb, path, version, pathMajor, statementStart);
        if (verb === 'require') {
          this.result.require.push({ path, version, indirect: isIndirect(line.suffix), position: pathToken.position });
        } else {
          this.result.exclude.push({ path, version, position: pathToken.position });
        }
        return;
      }
      case 'replace':
        this.result.replace.push(this.replace(args, statementStart));
        return;
      case 'retract':
        this.result.retract.push(this.retract(line, args, statementStart, blockComments));
        return;
      case 'tool':
      case 'ignore': {
        const [arg] = args;
        if (args.length !== 1 || !arg) return usage(`${verb} directive expects exactly one argument`, `Write \`${verb} path\`.`);
        this.result[verb].push({ path: this.string(arg, statementStart), position: statementStart });
        return;
      }
      default:
        usage(`unknown directive: ${verb}`, 'Remove the line or fix the directive name; go.mod directives are module, go, toolchain, godebug, require, exclude, replace, retract, tool and ignore.');
    }
  }

  private replace(args: SyntaxToken[], start: Position): GoModReplace {
    const texts = args.map((a) => a.text);
    const arrow = texts.length >= 2 && texts[1] === '=>' ? 1 : 2;
    const usageFix = 'Write `replace module/path [v1.2.3] => other/module v1.4.0` or `replace module/path [v1.2.3] => ../local/directory`.';
    if (texts.length < arrow + 2 || texts.length > arrow + 3 || texts[arrow] !== '=>') {
      this.fail(start, 'usage: replace module/path [v1.2.3] => other/module v1.4', usageFix);
    }
    const [oldToken, oldVersionToken] = args;
    const newToken = args[arrow + 1];
    if (!oldToken || !newToken) return this.fail(start, 'usage: replace module/path [v1.2.3] => other/module v1.4', usageFix);
    const oldPath = this.string(oldToken, start);
    const pathMajor = this.pathMajor('replace', oldPath, start);
    let oldVersion = '';
    if (arrow === 2 && oldVersionToken) {
      oldVersion = this.version('replace', oldPath, oldVersionToken, start);
      this.checkMajor('replace', oldPath, oldVersion, pathMajor, start);
    }
    const newPath = this.string(newToken, start);
    const newVersionToken = args[arrow + 2];
    let newVersion = '';
    if (!newVersionToken) {
      if (!isDirectoryPath(newPath)) {
        if (newPath.includes('@')) this.fail(start, "replacement module must match format 'path version', not 'path@version'", usageFix);
        this.fail(start, 'replacement module without version must be directory path (rooted or starting with . or ..)', usageFix);
      }
      if (newPath.includes('\\')) {
        this.fail(start, 'replacement directory appears to be Windows path (on a non-windows system)', 'Use forward slashes in replacement directories.');
      }
    } else {
      newVersion = this.version('replace', newPath, newVersionToken, start);
      if (isDirectoryPath(newPath)) this.fail(start, `replacement module directory path ${JSON.stringify(newPath)} cannot have version`, usageFix);
    }
    return {
      old: { path: oldPath, version: oldVersion },
      new: { path: newPath, version: newVersion, local: isDirectoryPath(newPath) },
      position: oldToken.position,
    };
  }

  private retract(line: SyntaxLine, args: SyntaxToken[], start: Position, blockComments: string[] | undefined): GoModRetract {
    const fix = 'Write `retract v1.2.3` or `retract [v1.0.0, v1.9.9]`.';
    const texts = args.map((a) => a.text);
    // Retracted versions are kept as written (modfile parses them with a no-op fixer), but must be strings.
    const version = (index: number): string => {
      const token = args[index];
      if (!token) return this.fail(start, 'expected version', fix);
      return this.string(token, start);
    };
    let low: string;
    let high: string;
    let consumed: number;
    if (texts.length === 0 || texts[0] === '(') return this.fail(start, "retract: expected '[' or version", fix);
    if (texts[0] !== '[') {
      low = high = version(0);
      consumed = 1;
    } else {
      if (texts.length < 2) this.fail(start, "retract: expected version after '['", fix);
      low = version(1);
      if (texts[2] !== ',') this.fail(start, "retract: expected ',' after version", fix);
      if (texts.length < 4) this.fail(start, "retract: expected version after ','", fix);
      high = version(3);
      if (texts[4] !== ']') this.fail(start, "retract: expected ']' after version", fix);
      consumed = 5;
    }
    if (texts.length > consumed) this.fail(start, `unexpected token after version: ${JSON.stringify(texts[consumed])}`, fix);
    return { low, high, rationale: directiveComment(line, blockComments), position: start };
  }
}

function isIndirect(suffix: string | undefined): boolean {
  if (suffix === undefined) return false;
  const fields = suffix.replace(/^\/\//, '').trim().split(/\s+/).filter(Boolean);
  return (fields.length === 1 && fields[0] === 'indirect') || (fields.length > 1 && fields[0] === 'indirect;');
}

// The comment text of a directive: its own comments, else its block's (modfile.parseDirectiveComment).
function directiveComment(line: SyntaxLine, blockComments: string[] | undefined): string {
  let comments = [...line.before, ...(line.suffix !== undefined ? [line.suffix] : [])];
  if (blockComments !== undefined && comments.length === 0) comments = blockComments;
  return comments
    .filter((c) => c.startsWith('//'))
    .map((c) => c.slice(2).trim())
    .join('\n');
}

/**
 * Parses a go.mod file as `go` parses the main module's go.mod. Throws
 * InputError with the file, line, column and a fix on the first problem.
 */
export function parseGoMod(text: string, file: string): GoModFile {
  const parser = new DirectiveParser(file);
  for (const statement of parseGoModSyntax(text, file)) {
    if (statement.kind === 'line') {
      const [verb, ...args] = statement.line.tokens;
      if (!verb) continue;
      parser.add(statement.line, verb.text, args, verb.position, undefined);
      continue;
    }
    const { block } = statement;
    const [verb] = block.verb;
    if (!verb) continue;
    if (block.verb.length > 1 || !blockVerbs.has(verb.text)) {
      parser.fail(verb.position, `unknown block type: ${block.verb.map((t) => t.text).join(' ')}`, 'Only module, godebug, require, exclude, replace, retract, tool and ignore may be written as ( … ) blocks.');
    }
    for (const line of block.lines) {
      const [first] = line.tokens;
      if (!first) continue;
      parser.add(line, verb.text, line.tokens, first.position, block.before);
    }
  }
  return parser.result;
}
