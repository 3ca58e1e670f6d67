/** Whatever the input, parsers either return a result or throw InputError; nothing else escapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGoModManifest } from '../../../policies/ecosystems/go/index.js';
import { parseNpmManifest } from '../../../policies/ecosystems/npm/index.js';
import { InputError } from '../../../policies/model/errors.js';

function onlyInputErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location?.file).toBeTruthy();
  }
}

// Strings built from go.mod's own vocabulary reach deeper than uniform noise.
const goModPieces = fc.constantFrom('module ', 'require ', 'replace ', 'exclude ', 'retract ', 'go ', 'toolchain ', 'godebug ', 'tool ', 'ignore ',
  '(', ')', '[', ']', ',', '=>', ' ', '\t', '\n', '\r\n', '//', ' // indirect', '"', '`', '\\', 'v1.2.3', 'v2.0.0', 'v0.0.0-20230101000000-abcdefabcdef',
  '+incompatible', 'github.com/a/b', '/v2', 'gopkg.in/x.v1', './local', '1.22', 'go1.22.0', 'x=y', '/*', '\u0000', 'ü');

const jsonPieces = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '"packages"', '"lockfileVersion"', '3', '1', '"node_modules/a"', '"dependencies"',
  '"a"', '"1.0.0"', '"version"', '"link"', 'true', 'null', ' ', '\n', '"name"', '"npm:b@1"');

// Random bytes decoded as the CLI decodes files (invalid sequences become U+FFFD).
const randomText = fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder().decode(bytes));

describe('parsers never throw anything but InputError', () => {
  it('go.mod: random bytes, decoded as UTF-8 the way the file is read', () => {
    fc.assert(fc.property(randomText, (text) => { onlyInputErrors(() => parseGoModManifest({ path: 'go.mod', text })); }), { numRuns: 300 });
  });

  it('go.mod: text made of go.mod tokens', () => {
    fc.assert(fc.property(fc.array(goModPieces, { maxLength: 60 }), (pieces) => { onlyInputErrors(() => parseGoModManifest({ path: 'go.mod', text: pieces.join('') })); }), { numRuns: 2000 });
  });

  it('package.json + lockfile: arbitrary text and JSON-ish token soup', () => {
    const text = fc.oneof(randomText, fc.array(jsonPieces, { maxLength: 50 }).map((p) => p.join('')), fc.json());
    fc.assert(
      fc.property(text, text, (manifest, lockfile) => { onlyInputErrors(() => parseNpmManifest({ path: 'package.json', text: manifest }, { path: 'package-lock.json', text: lockfile })); },
      ),
      { numRuns: 500 },
    );
  });

  it('lockfile: structurally plausible but wrong values', () => {
    const fieldValue = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    );
    const entry = fc.dictionary(fc.constantFrom('version', 'name', 'link', 'resolved', 'dev', 'dependencies'), fieldValue);
    const lock = fc.record({ lockfileVersion: fc.constantFrom(2, 3), packages: fc.dictionary(fc.constantFrom('', 'node_modules/a', 'node_modules/a/node_modules/b', 'packages/w'), entry) });
    fc.assert(
      fc.property(lock, (value) => { onlyInputErrors(() => parseNpmManifest({ path: 'package.json', text: '{"dependencies":{"a":"1"}}' }, { path: 'package-lock.json', text: JSON.stringify(value) })); },
      ),
      { numRuns: 500 },
    );
  });
});

describe('versioning never throws on arbitrary versions', () => {
  const version = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('v1.2.3', 'v99999999999999999999.0.0', 'v1.2.4-0.20230101000000-abcdefabcdef', '1.2.3', 'v2.0.0+incompatible'));
  it.each(['go', 'npm'] as const)('%s', async (id) => {
    const { ecosystems } = await import('../../../policies/ecosystems/index.js');
    const { versioning } = ecosystems[id];
    fc.assert(
      fc.property(version, version, (a, b) => {
        versioning.compare(a, b);
        versioning.satisfies(a, '>=1.0.0 <2');
        versioning.diff(a, b);
        versioning.isValid(a);
      }),
      { numRuns: 500 },
    );
  });
});
