/**
 * Collecting answers: from an answers file, from flags (which win), from
 * prompts for whatever is still missing when a person is at the terminal,
 * and finally from the documented defaults.
 */
import nodePlop from 'node-plop';
import { isMap, isScalar } from 'yaml';
import {
  ANSWER_FLAGS,
  ANSWER_KEYS,
  InvalidAnswersError,
  type Answer,
  type AnswerKey,
  type AnswerProblem,
  type PartialAnswers,
  type ResolvedAnswers,
} from './answers-model.js';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from './templates.js';
import { checkDescription, checkModulePath, checkOwner, checkServiceName, checkTarget, ownerAccount, validateAnswers } from './validate.js';
import { locate, readYamlSource } from './yaml-source.js';
import { compareText } from '../policies/model/text-order.js';
import path from 'node:path';

/**
 * The owner used when none is given. A neutral placeholder rather than a guess
 * from git config, so `--yes` is reproducible on every machine.
 */
export const DEFAULT_OWNER = 'platform';

/** The defaults, in one place. Each is derived only from other answers, never from the machine. */
export const DEFAULTS = {
  template: (): string => DEFAULT_TEMPLATE_ID,
  owner: (): string => DEFAULT_OWNER,
  // A team owner (acme/platform-team) puts the module under its organisation: github.com/acme/<name>.
  module: (owner: string, name: string): string => `github.com/${ownerAccount(owner)}/${name}`,
  description: (name: string): string => `${name} service`,
} as const;

/** What an answers file gave, and what is wrong with its shape. */
export interface AnswersFile {
  /** The string answers it holds, each with the location of its key. */
  answers: PartialAnswers;
  /** Unknown keys and values that are not strings, in file order. */
  problems: AnswerProblem[];
  /** Answer keys whose value was not a string: present in the file, so no "missing" error is due for them. */
  notStrings: AnswerKey[];
}

/** No answers file: nothing given, nothing wrong. */
export const NO_ANSWERS_FILE: AnswersFile = { answers: {}, problems: [], notStrings: [] };

/**
 * Reads an answers file (YAML or JSON) with keys name, template, module,
 * owner and description. Unknown keys and non-string values come back as
 * problems rather than an error, so they can be reported together with the
 * validation of the values (`resolveAnswers`): one run shows every mistake.
 * A file that cannot be read or parsed, or is not a mapping, still throws:
 * there is nothing in it to validate.
 */
export async function parseAnswersFile(filePath: string, displayPath: string = filePath): Promise<AnswersFile> {
  const source = await readYamlSource(filePath, displayPath);
  const contents = source.doc.contents;
  if (contents === null) return NO_ANSWERS_FILE;
  if (!isMap(contents)) {
    throw new InvalidAnswersError([
      {
        where: displayPath,
        message: 'an answers file must be a mapping of keys to values',
        fix: `write one "key: value" line per answer; keys: ${ANSWER_KEYS.join(', ')}`,
        location: locate(source, []),
      },
    ]);
  }
  const answers: PartialAnswers = {};
  const problems: AnswerProblem[] = [];
  const notStrings: AnswerKey[] = [];
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyLocation = locate(source, [key], { key: true });
    const where = `${keyLocation.file}:${keyLocation.line ?? 1}:${keyLocation.column ?? 1}`;
    if (!isAnswerKey(key)) {
      problems.push({
        where,
        message: `unknown key "${key}"`,
        fix: `remove it or use one of: ${ANSWER_KEYS.join(', ')}`,
        location: keyLocation,
      });
      continue;
    }
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string') {
      problems.push({
        where,
        message: `${key} must be a string`,
        fix: `write ${key}: "<text>" (quote values YAML would read as numbers, booleans or null)`,
        location: keyLocation,
      });
      notStrings.push(key);
      continue;
    }
    answers[key] = { value: pair.value.value, origin: { kind: 'file', location: keyLocation } };
  }
  return { answers, problems, notStrings };
}

/**
 * Reads an answers file and throws every problem with its shape at once; for
 * callers that validate the values separately, `parseAnswersFile` returns them.
 */
export async function readAnswersFile(filePath: string, displayPath: string = filePath): Promise<PartialAnswers> {
  const file = await parseAnswersFile(filePath, displayPath);
  if (file.problems.length > 0) throw new InvalidAnswersError(file.problems);
  return file.answers;
}

/**
 * The final answers: defaults applied, then every problem at once, the
 * answers file's own (unknown keys, non-strings) together with each invalid
 * value and the target folder, ordered by file position so the file reads top
 * to bottom, other sources after it. Throws InvalidAnswersError (exit 2).
 */
export async function resolveAnswers(given: PartialAnswers, file: AnswersFile, parentDir: string, dirFlagGiven: boolean): Promise<ResolvedAnswers> {
  let answers: ResolvedAnswers;
  try {
    answers = applyDefaults(given);
  } catch (error) {
    // Without a name nothing else can be checked; a non-string name in the file is already one of its problems.
    if (!(error instanceof InvalidAnswersError) || file.problems.length === 0) throw error;
    throw new InvalidAnswersError(file.notStrings.includes('name') ? file.problems : [...file.problems, ...error.problems]);
  }
  const problems = inFileOrder([...file.problems, ...(await validateAnswers(answers, parentDir, dirFlagGiven))]);
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  return answers;
}

/** Problems with a line first, by file, line and column; the rest keep their order after them. */
function inFileOrder(problems: AnswerProblem[]): AnswerProblem[] {
  const positioned = problems.filter((problem) => problem.location?.line !== undefined);
  const others = problems.filter((problem) => problem.location?.line === undefined);
  positioned.sort(
    (a, b) =>
      compareText(a.location?.file ?? '', b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
  return [...positioned, ...others];
}

function isAnswerKey(key: string): key is AnswerKey {
  return (ANSWER_KEYS as readonly string[]).includes(key);
}

/** Answers given as flags; undefined flags are simply absent. */
export function answersFromFlags(flags: Partial<Record<AnswerKey, string | undefined>>): PartialAnswers {
  const answers: PartialAnswers = {};
  for (const key of ANSWER_KEYS) {
    const value = flags[key];
    if (value !== undefined) answers[key] = { value, origin: { kind: 'flag' } };
  }
  return answers;
}

/** Later sources win: `mergeAnswers(file, flags)` lets flags override the file. */
export function mergeAnswers(...sources: PartialAnswers[]): PartialAnswers {
  return Object.assign({}, ...sources) as PartialAnswers;
}

/**
 * Fills every missing answer with its default. Without a name there is no
 * sensible default, so that is an error listing the ways to pass one.
 */
export function applyDefaults(given: PartialAnswers): ResolvedAnswers {
  const name = given.name;
  if (!name) {
    throw new InvalidAnswersError([
      {
        where: ANSWER_FLAGS.name,
        message: 'the service name is required and nothing asks for it without a terminal (or with --yes / --answers)',
        fix: 'pass it as the first argument (create-service <name>) or set name: in the --answers file',
      },
    ]);
  }
  const template = given.template ?? byDefault(DEFAULTS.template(), 'go-gin');
  const owner = given.owner ?? byDefault(DEFAULTS.owner(), DEFAULT_OWNER);
  const module = given.module ?? byDefault(DEFAULTS.module(owner.value, name.value), 'github.com/<owner or its organisation>/<name>');
  const description = given.description ?? byDefault(DEFAULTS.description(name.value), '"<name> service"');
  return { name, template, owner, module, description };
}

function byDefault(value: string, rule: string): Answer {
  return { value, origin: { kind: 'default', rule } };
}

/** Streams for prompts; tests pass their own. */
export interface PromptIO {
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

/**
 * Asks, through node-plop's generator prompts (inquirer), for every answer not
 * given yet. Each prompt validates as the user types, with the same rules the
 * CLI applies to flags, and the name prompt also refuses an existing non-empty
 * target folder.
 */
export async function promptForMissing(given: PartialAnswers, parentDir: string, io: PromptIO = {}): Promise<PartialAnswers> {
  const nameOf = (a: Record<string, string>): string => given.name?.value ?? a.name ?? '';
  const ownerOf = (a: Record<string, string>): string => given.owner?.value ?? a.owner ?? DEFAULT_OWNER;
  const questions = [
    {
      type: 'input',
      name: 'name',
      message: 'Service name',
      filter: (value: string) => value.trim(),
      validate: async (value: string) => checkServiceName(value) ?? (await checkTarget(path.resolve(parentDir, value))) ?? true,
    },
    {
      type: 'list',
      name: 'template',
      message: 'Template',
      choices: TEMPLATES.map((entry) => ({ name: `${entry.id}: ${entry.summary}`, value: entry.id })),
      default: DEFAULTS.template(),
    },
    {
      type: 'input',
      name: 'owner',
      message: 'Owner: GitHub user or org/team (such as acme/platform-team)',
      default: DEFAULTS.owner(),
      filter: (value: string) => value.trim(),
      validate: (value: string) => checkOwner(value) ?? true,
    },
    {
      type: 'input',
      name: 'module',
      message: 'Go module path',
      default: (a: Record<string, string>) => DEFAULTS.module(ownerOf(a), nameOf(a)),
      filter: (value: string) => value.trim(),
      validate: (value: string) => checkModulePath(value) ?? true,
    },
    {
      type: 'input',
      name: 'description',
      message: 'One-line description',
      default: (a: Record<string, string>) => DEFAULTS.description(nameOf(a)),
      filter: (value: string) => value.trim(),
      validate: (value: string) => checkDescription(value) ?? true,
    },
  ].filter((question) => given[question.name as AnswerKey] === undefined);
  if (questions.length === 0) return given;

  const plop = await nodePlop();
  const generator = plop.setGenerator('service', {
    description: 'a new service from a golden-path template',
    // The function form lets us hand inquirer our own streams (tests drive it through them).
    prompts: async (inquirer) => {
      const prompt = inquirer.createPromptModule({
        ...(io.input ? { input: io.input } : {}),
        ...(io.output ? { output: io.output } : {}),
      });
      return prompt(questions as Parameters<typeof prompt>[0]);
    },
    actions: [],
  });
  const asked = (await generator.runPrompts()) as Record<string, unknown>;
  const answers: PartialAnswers = { ...given };
  for (const key of ANSWER_KEYS) {
    const value = asked[key];
    if (given[key] === undefined && typeof value === 'string') answers[key] = { value, origin: { kind: 'prompt' } };
  }
  return answers;
}
