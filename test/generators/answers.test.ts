import { PassThrough } from 'node:stream';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  answersFromFlags,
  applyDefaults,
  mergeAnswers,
  NO_ANSWERS_FILE,
  parseAnswersFile,
  promptForMissing,
  readAnswersFile,
  resolveAnswers,
} from '../../generators/answers.js';
import { InvalidAnswersError } from '../../generators/answers-model.js';
import { fixtures, tempDir } from './helpers.js';

const answersFixture = (name: string) => path.join(fixtures, 'answers', name);

function values(answers: Record<string, { value: string } | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(answers).flatMap(([key, answer]) => (answer ? [[key, answer.value]] : [])));
}

describe('answers files', () => {
  it('reads YAML with the line of every answer', async () => {
    const answers = await readAnswersFile(answersFixture('valid.yaml'), 'valid.yaml');
    expect(values(answers)).toEqual({
      name: 'billing',
      owner: 'payments',
      module: 'example.com/payments/billing',
      description: 'Bills & invoices <v2>',
    });
    expect(answers.module?.origin).toEqual({ kind: 'file', location: { file: 'valid.yaml', line: 4, column: 1 } });
  });

  it('reads JSON too', async () => {
    const answers = await readAnswersFile(answersFixture('valid.json'), 'valid.json');
    expect(values(answers)).toEqual({ name: 'billing', template: 'go-gin', owner: 'payments' });
    expect(answers.owner?.origin).toMatchObject({ location: { file: 'valid.json', line: 4 } });
  });

  it('lets flags override the file', async () => {
    const fromFile = await readAnswersFile(answersFixture('valid.yaml'), 'valid.yaml');
    const merged = mergeAnswers(fromFile, answersFromFlags({ owner: 'billing-team', module: undefined }));
    expect(values(merged)).toMatchObject({ owner: 'billing-team', module: 'example.com/payments/billing', name: 'billing' });
    expect(merged.owner?.origin).toEqual({ kind: 'flag' });
    expect(merged.module?.origin.kind).toBe('file');
  });

  it('reports every unknown key with its file and line', async () => {
    const error = await readAnswersFile(answersFixture('unknown-keys.yaml'), 'unknown-keys.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAnswersError);
    const problems = (error as InvalidAnswersError).problems;
    expect(problems.map((p) => p.where)).toEqual(['unknown-keys.yaml:3:1', 'unknown-keys.yaml:4:1']);
    expect(problems[0]!.message).toBe('unknown key "modul"');
    expect(problems[0]!.fix).toContain('name, template, owner, module, description');
    expect((error as InvalidAnswersError).format()).toContain('unknown-keys.yaml:4:1: unknown key "team"');
  });

  it('refuses values that are not strings and files that are not mappings', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'answers.yaml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'name: demo\nowner: 42\ndescription:\n');
    const error = (await readAnswersFile(file, 'answers.yaml').catch((e: unknown) => e)) as InvalidAnswersError;
    expect(error.problems.map((p) => `${p.where} ${p.message}`)).toEqual([
      'answers.yaml:2:1 owner must be a string',
      'answers.yaml:3:1 description must be a string',
    ]);
    await writeFile(file, '- name: demo\n');
    await expect(readAnswersFile(file, 'answers.yaml')).rejects.toThrow('must be a mapping');
  });

  it('reports a syntax error at its line and a missing file by name', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'broken.yaml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'name: demo\nowner: [unclosed\n');
    const error = (await readAnswersFile(file, 'broken.yaml').catch((e: unknown) => e)) as InvalidAnswersError;
    expect(error.location).toMatchObject({ file: 'broken.yaml', line: expect.any(Number) });
    await expect(readAnswersFile(path.join(dir, 'nope.yaml'), 'nope.yaml')).rejects.toThrow('cannot read nope.yaml');
  });
});

describe('answers file problems and invalid values, reported together', () => {
  async function problemsOf(work: Promise<unknown>): Promise<string[]> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidAnswersError);
    return (error as InvalidAnswersError).problems.map((p) => `${p.where} ${p.message}`);
  }

  it('shows an unknown key, a non-string value and an invalid owner in one error, in file order', async () => {
    const file = await parseAnswersFile(answersFixture('mixed-problems.yaml'), 'mixed-problems.yaml');
    expect(file.answers.name?.value).toBe('billing');
    const problems = await problemsOf(resolveAnswers(file.answers, file, await tempDir(), false));
    expect(problems).toEqual([
      'mixed-problems.yaml:3:1 owner "Team_A" may contain only lower-case letters, digits and "-"',
      'mixed-problems.yaml:4:1 unknown key "modul"',
      'mixed-problems.yaml:5:1 description must be a string',
    ]);
  });

  it('keeps flag problems after the file problems', async () => {
    const file = await parseAnswersFile(answersFixture('mixed-problems.yaml'), 'mixed-problems.yaml');
    const given = mergeAnswers(file.answers, answersFromFlags({ template: 'rails' }));
    const problems = await problemsOf(resolveAnswers(given, file, await tempDir(), false));
    expect(problems.at(-1)).toBe('--template template "rails" is an unknown template "rails"');
    expect(problems).toHaveLength(4);
  });

  it('does not ask for a name the file gave as a non-string, but does when the file has none', async () => {
    const dir = await tempDir();
    const { writeFile } = await import('node:fs/promises');
    const file = path.join(dir, 'answers.yaml');
    await writeFile(file, 'name: 7\nteam: a\n');
    const nonString = await parseAnswersFile(file, 'answers.yaml');
    expect(await problemsOf(resolveAnswers(nonString.answers, nonString, dir, false))).toEqual([
      'answers.yaml:1:1 name must be a string',
      'answers.yaml:2:1 unknown key "team"',
    ]);
    await writeFile(file, 'team: a\n');
    const noName = await parseAnswersFile(file, 'answers.yaml');
    const problems = await problemsOf(resolveAnswers(noName.answers, noName, dir, false));
    expect(problems[0]).toBe('answers.yaml:1:1 unknown key "team"');
    expect(problems[1]).toContain('the service name is required');
  });

  it('resolves valid answers without a file', async () => {
    const answers = await resolveAnswers(answersFromFlags({ name: 'demo' }), NO_ANSWERS_FILE, await tempDir(), false);
    expect(answers.owner.value).toBe('platform');
  });
});

describe('defaults', () => {
  it('fill every missing answer from the name and owner', () => {
    const answers = applyDefaults(answersFromFlags({ name: 'demo' }));
    expect(values(answers)).toEqual({
      name: 'demo',
      template: 'go-gin',
      owner: 'platform',
      module: 'github.com/platform/demo',
      description: 'demo service',
    });
    expect(answers.module.origin).toEqual({ kind: 'default', rule: 'github.com/<owner or its organisation>/<name>' });
  });

  it('derive the module from a given owner', () => {
    expect(applyDefaults(answersFromFlags({ name: 'demo', owner: 'payments' })).module.value).toBe('github.com/payments/demo');
  });

  it('put the module of a team owner under its organisation', () => {
    expect(applyDefaults(answersFromFlags({ name: 'demo', owner: 'acme/platform-team' })).module.value).toBe('github.com/acme/demo');
  });

  it('cannot invent a name: the error lists the ways to pass one', () => {
    const error = (() => {
      try {
        applyDefaults(answersFromFlags({ owner: 'payments' }));
        return undefined;
      } catch (e) {
        return e as InvalidAnswersError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect(error!.format()).toContain('create-service <name>');
    expect(error!.format()).toContain('--answers');
  });
});

describe('prompts', () => {
  /** Types answers into inquirer one line at a time, each after the previous prompt has rendered. */
  function scriptedIO(lines: string[]): { input: NodeJS.ReadStream; output: NodeJS.WriteStream; transcript: () => string } {
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = '';
    let next = 0;
    let lastPrompt = -1;
    output.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
      // A prompt is rendered when its "?" marker appears; answer each one once.
      const prompts = transcript.split('?').length - 1;
      if (prompts > lastPrompt && next < lines.length) {
        lastPrompt = prompts;
        const line = lines[next++]!;
        setImmediate(() => input.write(`${line}\n`));
      }
    });
    return { input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream, transcript: () => transcript };
  }

  it('asks only for what is missing, offering the defaults', async () => {
    const dir = await tempDir();
    const io = scriptedIO(['', 'example.com/acme/billing', '']);
    const answers = await promptForMissing(answersFromFlags({ name: 'billing', owner: 'acme' }), dir, io);
    expect(values(answers)).toEqual({
      name: 'billing',
      owner: 'acme',
      template: 'go-gin',
      module: 'example.com/acme/billing',
      description: 'billing service',
    });
    expect(answers.module?.origin).toEqual({ kind: 'prompt' });
    expect(io.transcript()).not.toContain('Service name');
    expect(io.transcript()).toContain('Go module path');
  });

  it('asks nothing when everything is given', async () => {
    const given = answersFromFlags({ name: 'a', template: 'go-gin', owner: 'b', module: 'example.com/a', description: 'c' });
    expect(await promptForMissing(given, await tempDir())).toBe(given);
  });
});
