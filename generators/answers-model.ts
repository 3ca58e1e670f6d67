import { InputError } from '../policies/model/errors.js';
import type { SourceLocation } from '../policies/model/finding.js';

/** The answers a template is generated from, in prompt order. */
export const ANSWER_KEYS = ['name', 'template', 'owner', 'module', 'description'] as const;
export type AnswerKey = (typeof ANSWER_KEYS)[number];

/** Final answers, every key set. */
export type Answers = Record<AnswerKey, string>;

/** Where an answer came from, so a problem can point at the flag or the file line to change. */
export type AnswerOrigin =
  | { kind: 'flag' }
  | { kind: 'file'; location: SourceLocation }
  | { kind: 'prompt' }
  | { kind: 'default'; rule: string };

export interface Answer {
  value: string;
  origin: AnswerOrigin;
}

export type PartialAnswers = Partial<Record<AnswerKey, Answer>>;
export type ResolvedAnswers = Record<AnswerKey, Answer>;

/** How each answer is passed on the command line; messages name these. */
export const ANSWER_FLAGS: Record<AnswerKey, string> = {
  name: '<name> argument',
  template: '--template',
  owner: '--owner',
  module: '--module',
  description: '--description',
};

/** One invalid input: where it came from, what is wrong, how to fix it. */
export interface AnswerProblem {
  /** `--module`, `<name> argument`, `answers.yaml:3:9`, `--dir`, ... */
  where: string;
  message: string;
  fix: string;
  location?: SourceLocation;
}

/**
 * Every problem with the input at once (exit 2, nothing written), so users fix
 * them in one go instead of re-running once per mistake.
 */
export class InvalidAnswersError extends InputError {
  readonly problems: readonly AnswerProblem[];

  constructor(problems: readonly AnswerProblem[]) {
    const [first] = problems;
    super(
      problems.length === 1 && first ? `${first.where}: ${first.message}` : `${problems.length} problems with the input`,
      { ...(first?.location ? { location: first.location } : {}), ...(first ? { fix: first.fix } : {}) },
    );
    this.problems = problems;
  }

  override format(): string {
    const lines = [`invalid input (${this.problems.length} ${this.problems.length === 1 ? 'problem' : 'problems'}); nothing was written`];
    for (const problem of this.problems) {
      lines.push(`  ${problem.where}: ${problem.message}`, `    fix: ${problem.fix}`);
    }
    return lines.join('\n');
  }
}

/** `answers.yaml:3:9`, `--owner`, `default owner`: where an answer can be changed. */
export function describeOrigin(key: AnswerKey, origin: AnswerOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return ANSWER_FLAGS[key];
    case 'file':
      return [origin.location.file, origin.location.line, origin.location.column].filter((p) => p !== undefined).join(':');
    case 'prompt':
      return `answer to "${key}"`;
    case 'default':
      return `${ANSWER_FLAGS[key]} (default ${origin.rule})`;
  }
}

/** How to change an answer, phrased for where it came from. */
export function howToChange(key: AnswerKey, origin: AnswerOrigin, example: string): string {
  const flag = key === 'name' ? 'the <name> argument' : ANSWER_FLAGS[key];
  if (origin.kind === 'file') return `set ${key}: in ${origin.location.file} (or pass ${flag}, which overrides it) to ${example}`;
  return `pass ${flag} with ${example}`;
}
