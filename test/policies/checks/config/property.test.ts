import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../../policies/checks/config/index.js';
import type { LoadedEnvironment } from '../../../../policies/checks/config/index.js';
import { parseConfig } from '../../../../policies/config-formats/index.js';
import { InputError } from '../../../../policies/model/errors.js';
import { stringify } from 'yaml';
import { compileInline } from './helpers.js';

const files = ['dev.yaml', 'staging.json', 'prod.env'] as const;

// Random bytes rarely look like config; this alphabet makes near-misses (almost-valid YAML, JSON and .env) common.
const configish = fc
  .array(fc.constantFrom('a', 'b', 'http', 'port', '.', ':', ' ', '  ', '\n', '-', '=', '"', "'", '{', '}', '[', ']', ',', '#', '&x', '*x', '<<', '8080', '15s', '1MiB', '__', 'export '), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

const yamlish = fc
  .array(
    fc.tuple(
      fc.constantFrom('', '', '  '),
      fc.constantFrom('http', 'port', 'a', 'b', 'c', 'handler_timeout', '<<'),
      fc.constant(': '),
      fc.constantFrom('', '8080', '15s', '1MiB', 'x', '[1, 2]', '{}', '&x 1', '*x', '"q"', 'null', 'true', '-1'),
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.map((parts) => parts.join('')).join('\n'));

// Well-formed documents of random shape, so the evaluation property sees many structures.
const keyName = fc.constantFrom('http', 'port', 'a', 'b', 'c', 'x', 'handler_timeout');
const leaf = fc.constantFrom<unknown>('8080', 8080, '15s', '1MiB', 'x', [1, 2], {}, null, true, -1, 0, '', 'changeme');
const documents = fc
  .dictionary(keyName, fc.oneof(leaf, fc.dictionary(keyName, fc.oneof(leaf, fc.dictionary(keyName, leaf)))))
  .map((doc) => stringify(doc));

const dotenvish = fc
  .array(fc.constantFrom('HTTP__PORT=8080', 'HTTP__PORT=x', 'A__X=15s', 'A__Y=1MiB', 'B="x"', "B='y'", '# c', '', 'export C__D=2', 'E=a # b', 'bad line'), {
    maxLength: 8,
  })
  .map((lines) => lines.join('\n'));

const anyText = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  configish,
  fc.string({ maxLength: 100 }),
  yamlish,
);

const policy = compileInline({
  environments: { dev: 'dev.yaml', staging: 'staging.yaml', prod: 'prod.env' },
  required: ['http.port'],
  env_specific: ['b.*'],
  constraints: [{ key: 'http.port', min: 1, max: '10MiB' }, { key: 'a', in: ['x'], pattern: '^a' }],
  invariants: ['http.port > a.* >= 15s', 'b == "x"'],
});

/** Parses a file; anything thrown must be an InputError naming the file. */
function load(text: string, file: string): LoadedEnvironment | undefined {
  try {
    return { name: file.split('.')[0] ?? file, document: parseConfig(text, file) };
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location?.file).toBe(file);
    return undefined;
  }
}

describe('arbitrary input', () => {
  test('parsing any text in any format either succeeds or throws InputError', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...files), (text, file) => {
        load(text, file);
      }),
      { numRuns: 600 },
    );
  });

  test('evaluating whatever parses never crashes', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(fc.tuple(fc.oneof(documents, yamlish), documents, fc.oneof(dotenvish, documents)), (texts) => {
        // Mostly well-formed YAML, so that most runs get past parsing.
        const envs = texts.map((text, i) => load(text, i === 2 && !text.includes(': ') ? 'prod.env' : ['dev.yaml', 'staging.yaml', 'prod.yaml'][i] ?? ''));
        if (envs.some((env) => env === undefined)) return;
        evaluated++;
        const findings = evaluate(envs as LoadedEnvironment[], policy);
        for (const finding of findings) expect(finding.location.file).toMatch(/^(dev\.yaml|staging\.yaml|prod\.(env|yaml)|goldenpath\.yaml)$/);
      }),
      { numRuns: 250 },
    );
    expect(evaluated).toBeGreaterThan(50);
  });
});
