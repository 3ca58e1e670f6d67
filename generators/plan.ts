/**
 * Planning: the whole service rendered in memory (path, mode, bytes) before a
 * single byte is written, so dry runs are exact and a template error never
 * leaves half a service behind.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { InputError } from '../policies/model/errors.js';
import { compareText } from '../policies/model/text-order.js';
import type { Answers } from './answers-model.js';
import { shownPath } from './paths.js';
import type { LoadedTemplate } from './templates.js';
import { catalogOwner } from './validate.js';

/** One file of the planned service. */
export interface PlannedFile {
  /** Path inside the service, forward slashes. */
  path: string;
  /** 0o755 for files executable in the template, 0o644 otherwise (the umask still applies on write). */
  mode: number;
  bytes: Buffer;
}

/** What a run would write: the files, sorted by path, and where they come from. */
export interface ServicePlan {
  templateId: string;
  templateVersion: string;
  answers: Answers;
  generatorVersion: string;
  files: PlannedFile[];
}

/** The file that records how the service was generated, for later template updates. */
export const RECORD_FILE = '.create-service.json';

/** Bumped when the shape of RECORD_FILE changes, so an updater can read old records. */
export const RECORD_SCHEMA_VERSION = 1;

/** The variables every template can use. Templates are rendered strictly: any other name fails generation. */
export interface TemplateVariables {
  name: string;
  module: string;
  /** A GitHub user (`alice`) or organisation team (`acme/platform-team`), as CODEOWNERS writes it after `@`. */
  owner: string;
  /** The owner as a Backstage entity reference: `user:alice` or `group:platform-team`. */
  catalogOwner: string;
  description: string;
  templateId: string;
  templateVersion: string;
  /** The create-service version generating the service, so its CI can pin the same package. */
  generatorVersion: string;
}

/** Every variable name, in the order the docs list them; error messages show this list. */
export const VARIABLE_NAMES: readonly (keyof TemplateVariables)[] = [
  'name',
  'module',
  'owner',
  'catalogOwner',
  'description',
  'templateId',
  'templateVersion',
  'generatorVersion',
];

export function templateVariables(template: LoadedTemplate, answers: Answers, generatorVersion: string): TemplateVariables {
  return {
    name: answers.name,
    module: answers.module,
    owner: answers.owner,
    catalogOwner: catalogOwner(answers.owner),
    description: answers.description,
    templateId: template.manifest.id,
    templateVersion: template.manifest.version,
    generatorVersion,
  };
}

/**
 * Renders the template's `files/` tree for the given answers: `.hbs` files go
 * through Handlebars (suffix stripped), everything else is copied byte for
 * byte; `__name__` in any path segment becomes the service name and
 * `_gitignore` becomes `.gitignore` (npm would drop a real `.gitignore` from the
 * published package). The generation record is added last.
 */
export async function planService(template: LoadedTemplate, answers: Answers, generatorVersion: string): Promise<ServicePlan> {
  const variables = templateVariables(template, answers, generatorVersion);
  const handlebars = Handlebars.create();
  const sources = await listFiles(template.filesDir);
  const files: PlannedFile[] = [];
  const origins = new Map<string, string>();
  for (const source of sources) {
    const absolute = path.join(template.filesDir, ...source.split('/'));
    const target = outputPath(source, answers.name);
    const previous = origins.get(target);
    if (previous !== undefined) {
      throw new InputError(`template files ${previous} and ${source} both produce ${target}`, {
        location: { file: shownPath(absolute) },
        fix: 'rename or remove one of them in the template',
      });
    }
    origins.set(target, source);
    const info = await lstat(absolute);
    const raw = await readFile(absolute);
    const bytes = source.endsWith('.hbs') ? Buffer.from(render(handlebars, raw.toString('utf8'), variables, shownPath(absolute)), 'utf8') : raw;
    files.push({ path: target, mode: info.mode & 0o111 ? 0o755 : 0o644, bytes });
  }
  if (origins.has(RECORD_FILE)) {
    throw new InputError(`the template must not contain ${RECORD_FILE}; create-service writes it`, {
      location: { file: shownPath(path.join(template.filesDir, origins.get(RECORD_FILE) ?? RECORD_FILE)) },
      fix: `remove ${RECORD_FILE} from the template`,
    });
  }
  const plan: ServicePlan = {
    templateId: template.manifest.id,
    templateVersion: template.manifest.version,
    answers,
    generatorVersion,
    files,
  };
  files.push({ path: RECORD_FILE, mode: 0o644, bytes: Buffer.from(generationRecord(plan), 'utf8') });
  files.sort((a, b) => compareText(a.path, b.path));
  return plan;
}

/**
 * The generation record: which template version produced the service from
 * which answers. No timestamp, so regenerating with the same inputs gives the
 * same bytes.
 */
export function generationRecord(plan: Pick<ServicePlan, 'templateId' | 'templateVersion' | 'answers' | 'generatorVersion'>): string {
  const record = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    generator: { name: 'create-service', version: plan.generatorVersion },
    template: { id: plan.templateId, version: plan.templateVersion },
    answers: {
      description: plan.answers.description,
      module: plan.answers.module,
      name: plan.answers.name,
      owner: plan.answers.owner,
      template: plan.answers.template,
    },
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Maps a template-relative path to its path in the service. */
export function outputPath(templatePath: string, name: string): string {
  const segments = templatePath.split('/').map((segment) => segment.replaceAll('__name__', name));
  const last = segments.length - 1;
  let base = segments[last] ?? '';
  if (base.endsWith('.hbs')) base = base.slice(0, -'.hbs'.length);
  if (base === '_gitignore') base = '.gitignore';
  segments[last] = base;
  return segments.join('/');
}

/** Every regular file under `root`, as sorted forward-slash paths. Symlinks and other special files are refused. */
async function listFiles(root: string): Promise<string[]> {
  const result: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      throw new InputError(`cannot read template files in ${shownPath(dir)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        location: { file: shownPath(dir) },
        fix: 'a template folder needs a files/ directory holding the service tree',
      });
    });
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) result.push(relative);
      else {
        throw new InputError(`template entry ${relative} is not a regular file or directory`, {
          location: { file: shownPath(path.join(dir, entry.name)) },
          fix: 'replace symlinks and special files with regular files',
        });
      }
    }
  };
  await walk(root, '');
  return result.sort();
}

function render(handlebars: typeof Handlebars, text: string, variables: TemplateVariables, file: string): string {
  try {
    return handlebars.compile(text, { noEscape: true, strict: true })(variables);
  } catch (error) {
    throw templateError(error, file);
  }
}

function templateError(error: unknown, file: string): InputError {
  const fix = `templates may use only: ${VARIABLE_NAMES.join(', ')}; escape a literal "{{" as "\\{{"`;
  const details = error as { message?: string; lineNumber?: number; column?: number };
  const message = details.message ?? String(error);
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    return new InputError(`unknown template variable "${missing[1] ?? ''}"`, {
      location: { file, ...(details.lineNumber ? { line: details.lineNumber } : {}), ...(details.column !== undefined ? { column: details.column + 1 } : {}) },
      fix,
      cause: error,
    });
  }
  const parse = /^Parse error on line (\d+)/.exec(message);
  return new InputError(`cannot render template: ${message.split('\n')[0] ?? message}`, {
    location: { file, ...(parse?.[1] ? { line: Number(parse[1]) } : {}) },
    fix,
    cause: error,
  });
}
