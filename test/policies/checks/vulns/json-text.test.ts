/**
 * jsonText: osv-scanner's report bytes as text that JSON.parse reads to the
 * same value as the UTF-8 decoding, kept in one byte per character.
 */
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../../../policies/checks/vulns/json-text.js';
import { parseOsvOutput } from '../../../../policies/checks/vulns/osv-output.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function parseBoth(buffer: Buffer): { ours: unknown; decoded: unknown } {
  return { ours: JSON.parse(jsonText(buffer)), decoded: JSON.parse(buffer.toString('utf8')) };
}

describe('jsonText', () => {
  it('returns ASCII text unchanged', () => {
    const text = '{"results":[{"summary":"Path traversal in \\"tar\\"\\n"}]}';
    expect(jsonText(bytes(text))).toBe(text);
  });

  it('escapes every non-ASCII character so JSON.parse gives the same strings', () => {
    const value = {
      summary: 'Prototype pollution in lodash’s zipObjectDeep — “critical”',
      details: 'Ümlaut, 漢字, emoji 🦀 and a lone é at the end é',
      nested: [{ 'clé': 'valeur' }],
    };
    const buffer = bytes(JSON.stringify(value, null, 2));
    const text = jsonText(buffer);
    expect(isAsciiText(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('joins a run that straddles the boundary of the spans it searches', () => {
    for (const offset of [4090, 4094, 4095, 4096, 8190]) {
      const value = { pad: 'x'.repeat(offset), text: '€€€🦀€', tail: 'y'.repeat(9000) };
      const { ours, decoded } = parseBoth(bytes(JSON.stringify(value)));
      expect(ours).toEqual(decoded);
      expect(ours).toEqual(value);
    }
  });

  it('reads the same as the decoder for many generated reports', () => {
    const alphabet = ['a', ' ', '"', '\\', '\n', 'é', '’', '漢', '🦀', '\u0000', '\u2028', 'Ω'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const strings = Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
        Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      );
      const { ours, decoded } = parseBoth(bytes(JSON.stringify({ strings, [strings[0] ?? '']: strings.at(-1) })));
      expect(ours).toEqual(decoded);
    }
  });

  it('leaves text dense with non-ASCII runs to the decoder, where escaping would cost more', () => {
    const value = { records: Array.from({ length: 400 }, (_, i) => ({ id: `GHSA-${String(i)}`, summary: `“${String(i)}” 漢字` })) };
    const buffer = bytes(JSON.stringify(value));
    expect(jsonText(buffer)).toBe(buffer.toString('utf8'));
    expect(JSON.parse(jsonText(buffer))).toEqual(value);
  });

  it('leaves malformed UTF-8 to the decoder, which reads it as U+FFFD', () => {
    const buffer = Buffer.concat([bytes('{"summary":"bad '), Buffer.from([0xc3, 0x28, 0xff]), bytes(' bytes é"}')]);
    expect(jsonText(buffer)).toBe(buffer.toString('utf8'));
  });

  it('keeps text that is not JSON not JSON, with a non-ASCII character after a backslash or outside a string', () => {
    for (const text of ['{"summary":"escaped \\é"}', '{"summary": é}', 'é', '{"a":1}’']) {
      expect(() => {
        JSON.parse(jsonText(bytes(text)));
      }, text).toThrow(SyntaxError);
    }
  });
});

describe('parseOsvOutput on bytes', () => {
  it('parses a report with non-ASCII summaries', () => {
    const report = { results: [{ source: { path: '/r/go.mod', type: 'lockfile' }, packages: [] }], note: 'naïve' };
    expect(parseOsvOutput(bytes(JSON.stringify(report)))).toEqual(report);
  });

  it('describes text that is not JSON as osv-scanner wrote it', () => {
    const garbage = bytes('<html>Zugriff verweigert – rate limited</html>');
    expect(() => parseOsvOutput(garbage)).toThrow('it starts with "<html>Zugriff verweigert – rate limited</html>"');
    expect(() => parseOsvOutput(bytes(''))).toThrow('; it is empty');
  });
});
