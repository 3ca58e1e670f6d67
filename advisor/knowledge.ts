/**
 * The breaking-change knowledge base: one YAML file per package under
 * policies/knowledge/ (shipped with the package), plus any folders a platform
 * team adds with `--knowledge <dir>`. Files are validated against
 * policies/knowledge/knowledge.schema.json; a bad file is an InputError that
 * names the file, the line and the fix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { EcosystemId } from '../policies/ecosystems/types.js';
import { InputError } from '../policies/model/errors.js';
import { packageRoot } from '../generators/cli/package-info.js';
import type { KnowledgeNote } from './model.js';
import { crosses } from './versions.js';

/** The folder of knowledge files shipped with the package. */
export const builtInKnowledgeDir: string = path.join(packageRoot, 'policies', 'knowledge');
const schemaPath = path.join(builtInKnowledgeDir, 'knowledge.schema.json');

/** One validated knowledge file. */
export interface KnowledgeFile {
  package: string;
  ecosystem: EcosystemId;
  aliases?: string[];
  entries: { introduced_in: string; title: string; note: string; source: string }[];
  /** Where it was read from, for error messages. */
  file: string;
}

/** All knowledge, indexed by ecosystem and package name (aliases included). */
export interface KnowledgeBase {
  lookup(ecosystem: EcosystemId, name: string): KnowledgeFile[];
  files: KnowledgeFile[];
}

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsPlugin as unknown as { default?: AddFormats }).default ??
  (addFormatsPlugin as unknown as AddFormats));

function compileValidator(): (data: unknown) => { ok: true } | { ok: false; errors: ErrorObject[] } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  return (data) => (validate(data) ? { ok: true } : { ok: false, errors: validate.errors ?? [] });
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Parses and validates one knowledge file. `displayPath` is what error messages show. */
export function parseKnowledgeFile(
  text: string,
  displayPath: string,
  validate = compileValidator(),
): KnowledgeFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new InputError(`invalid YAML: ${firstError.message.split('\n')[0] ?? ''}`, {
      location: { file: displayPath, line: pos.line, column: pos.col },
      fix: 'fix the YAML syntax; see docs/advisor.md for the knowledge file format',
    });
  }
  const data: unknown = doc.toJS();
  const result = validate(data);
  if (!result.ok) {
    const error = result.errors[0];
    const segments = (error?.instancePath ?? '').split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node = doc.getIn(segments, true);
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    const pos = lineCounter.linePos(offset);
    const where = error?.instancePath ? `${error.instancePath} ` : '';
    throw new InputError(`invalid knowledge file: ${where}${error?.message ?? 'does not match the schema'}`, {
      location: { file: displayPath, line: pos.line, column: pos.col },
      fix: 'each file needs package, ecosystem (go or npm) and entries with introduced_in, title, note and an https source link',
    });
  }
  return { ...(data as Omit<KnowledgeFile, 'file'>), file: displayPath };
}

/**
 * Loads the built-in knowledge and every extra folder, in order. A missing
 * extra folder is an input error (a typo must not silently drop a team's notes).
 */
export function loadKnowledge(extraDirs: readonly string[] = []): KnowledgeBase {
  const validate = compileValidator();
  const files: KnowledgeFile[] = [];
  for (const [index, dir] of [builtInKnowledgeDir, ...extraDirs].entries()) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      throw new InputError(`knowledge folder not found: ${dir}`, {
        fix: 'pass an existing folder to --knowledge (the action input `knowledge`)',
      });
    }
    for (const file of listYamlFiles(dir)) {
      const display = index === 0 ? path.relative(packageRoot, file) : file;
      files.push(parseKnowledgeFile(readFileSync(file, 'utf8'), display.split(path.sep).join('/'), validate));
    }
  }
  const index = new Map<string, KnowledgeFile[]>();
  for (const file of files) {
    for (const name of [file.package, ...(file.aliases ?? [])]) {
      const key = `${file.ecosystem}\u0000${name}`;
      index.set(key, [...(index.get(key) ?? []), file]);
    }
  }
  return { files, lookup: (ecosystem, name) => index.get(`${ecosystem}\u0000${name}`) ?? [] };
}

/**
 * The notes a move from `from` to `to` crosses, for a package known under any
 * of `names` (head name first, then the previous module path of a major move).
 */
export function notesFor(
  kb: KnowledgeBase,
  ecosystem: EcosystemId,
  names: readonly string[],
  from: string,
  to: string,
): KnowledgeNote[] {
  const seen = new Set<KnowledgeFile>();
  const notes: KnowledgeNote[] = [];
  for (const name of names) {
    for (const file of kb.lookup(ecosystem, name)) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const entry of file.entries) {
        if (crosses(ecosystem, from, to, entry.introduced_in)) {
          notes.push({ introducedIn: entry.introduced_in, title: entry.title, note: entry.note, source: entry.source });
        }
      }
    }
  }
  return notes;
}
