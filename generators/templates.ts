import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import semver from 'semver';
import { InputError } from '../policies/model/errors.js';
import type { SourceLocation } from '../policies/model/finding.js';
import { InvalidAnswersError, type AnswerProblem } from './answers-model.js';
import { packageRoot } from './cli/package-info.js';
import { shownPath } from './paths.js';
import { locate, readYamlSource, type YamlSource } from './yaml-source.js';

/**
 * One row of the template table. Adding a template is a row here plus a
 * `templates/<folder>/` directory holding `template.yaml` and `files/`.
 */
export interface TemplateEntry {
  /** What `--template` and answers files accept. */
  id: string;
  /** Folder under the templates directory. */
  folder: string;
  /** One line shown next to the id in prompts and `--help`. */
  summary: string;
}

/** Every template create-service knows, sorted by id. The table drives `--template` validation and the prompt choices. */
export const TEMPLATES: readonly TemplateEntry[] = [
  { id: 'go-gin', folder: 'go-gin', summary: 'Go HTTP service on Gin' },
];

/** The template used when neither a flag, an answers file nor a prompt picks one. */
export const DEFAULT_TEMPLATE_ID = 'go-gin';

/**
 * Environment variable naming another templates directory (same layout as
 * `templates/`). It is a template-authoring aid: point it at a work-in-progress
 * tree to generate from it without rebuilding the package.
 */
export const TEMPLATES_DIR_ENV = 'CREATE_SERVICE_TEMPLATES_DIR';

/** The directory templates are read from: `$CREATE_SERVICE_TEMPLATES_DIR` or the package's own `templates/`. */
export function templatesRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[TEMPLATES_DIR_ENV];
  return override ? path.resolve(override) : path.join(packageRoot, 'templates');
}

export function findTemplate(id: string): TemplateEntry | undefined {
  return TEMPLATES.find((entry) => entry.id === id);
}

export function templateIds(): string[] {
  return TEMPLATES.map((entry) => entry.id);
}

/** `template.yaml`, validated. */
export interface TemplateManifest {
  id: string;
  version: string;
  displayName: string;
  description: string;
  language: 'go';
  requires: { go: string };
}

/** A template ready to render: its manifest and where its files live. */
export interface LoadedTemplate {
  manifest: TemplateManifest;
  /** Absolute path of the template folder (holding template.yaml). */
  dir: string;
  /** Absolute path of the `files/` tree that becomes the service. */
  filesDir: string;
}

const manifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'displayName', 'description', 'language', 'requires'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    version: { type: 'string', format: 'semver' },
    displayName: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    language: { enum: ['go'] },
    requires: {
      type: 'object',
      additionalProperties: false,
      required: ['go'],
      properties: { go: { type: 'string', format: 'semver-range' } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('semver', (value: string) => semver.valid(value) !== null);
ajv.addFormat('semver-range', (value: string) => semver.validRange(value) !== null);
const validateManifest = ajv.compile<TemplateManifest>(manifestSchema);

/**
 * Loads a template by id from the templates directory and validates its
 * manifest. Unknown ids, a missing folder and an invalid manifest are
 * InputErrors naming the file and line.
 */
export async function loadTemplate(id: string, root: string = templatesRoot()): Promise<LoadedTemplate> {
  const entry = findTemplate(id);
  if (!entry) {
    throw new InputError(`unknown template "${id}"`, { fix: `use --template with one of: ${templateIds().join(', ')}` });
  }
  const dir = path.join(root, entry.folder);
  const manifestPath = path.join(dir, 'template.yaml');
  const source = await readYamlSource(manifestPath, shownPath(manifestPath));
  const manifest = parseManifest(source);
  if (manifest.id !== entry.id) {
    throw new InputError(`template.yaml declares id "${manifest.id}" but the template table maps "${entry.id}" to this folder`, {
      location: locate(source, ['id']),
      fix: `set id: ${entry.id} (or fix the table in generators/templates.ts)`,
    });
  }
  return { manifest, dir, filesDir: path.join(dir, 'files') };
}

/** Validates a parsed manifest against the contract; every schema violation is reported with its line. */
export function parseManifest(source: YamlSource): TemplateManifest {
  const value: unknown = source.doc.toJS();
  if (validateManifest(value)) return value;
  const problems = (validateManifest.errors ?? [])
    .map((error) => manifestProblem(source, error))
    .sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  throw new InvalidAnswersError(problems.length > 0 ? problems : [{ where: source.file, message: 'invalid template manifest', fix: MANIFEST_FIX }]);
}

const MANIFEST_FIX =
  'template.yaml needs id, version (semver), displayName, description, language: go and requires.go (a semver range such as ">=1.25"), nothing else';

function manifestProblem(source: YamlSource, error: ErrorObject): AnswerProblem {
  const pathParts = error.instancePath.split('/').slice(1).map(decodePointer);
  let location: SourceLocation;
  let message: string;
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    location = locate(source, [...pathParts, key], { key: true });
    message = `unknown key "${[...pathParts, key].join('.')}" in template manifest`;
  } else if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    location = locate(source, pathParts);
    message = `template manifest is missing "${[...pathParts, missing].join('.')}"`;
  } else {
    location = locate(source, pathParts);
    message = `template manifest field "${pathParts.join('.') || '(root)'}" ${error.message ?? 'is invalid'}`;
  }
  const where = [location.file, location.line, location.column].filter((part) => part !== undefined).join(':');
  return { where, message, fix: MANIFEST_FIX, location };
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}
