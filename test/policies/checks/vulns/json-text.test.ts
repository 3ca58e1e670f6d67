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

/**
 * A seeded pseudo-random source, so a failing round reproduces: numbers in [0, 1), and lists of 1 to 20
 * strings of up to `maxLength` characters that JSON escapes or keeps as they are, ASCII or not.
 */
function generator(seed: number): { random: () => number; strings: (maxLength: number) => string[] } {
  const alphabet = ['a', ' ', '"', '\\', '\n', 'é', '’', '漢', '🦀', '\u0000', '\u2028', 'Ω'];
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const strings = (maxLength: number) =>
    Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
      Array.from({ length: Math.floor(random() * maxLength) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
    );
  return { random, strings };
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
    for (const offset of [250, 254, 255, 256, 510, 4090, 4095, 4096, 8190]) {
      const value = { pad: 'x'.repeat(offset), text: '€€€🦀€', tail: 'y'.repeat(9000) };
      const { ours, decoded } = parseBoth(bytes(JSON.stringify(value)));
      expect(ours).toEqual(decoded);
      expect(ours).toEqual(value);
    }
  });

  it('reads the same as the decoder for many generated reports', () => {
    const { strings: randomStrings } = generator(7);
    for (let round = 0; round < 200; round += 1) {
      const strings = randomStrings(40);
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

/** `buffer` cut at the given offsets, as a pipe might deliver it (empty chunks included). */
function cut(buffer: Buffer, offsets: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const offset of [...offsets, buffer.length]) {
    chunks.push(buffer.subarray(from, offset));
    from = offset;
  }
  return chunks;
}

describe('jsonText on the chunks of a pipe', () => {
  it('reads chunks as the text they make up, with characters cut between chunks', () => {
    const value = { summary: 'Prototype pollution in lodash’s zipObjectDeep — “critical”', details: 'é🦀漢字'.repeat(3), tail: 'z'.repeat(300) };
    const buffer = bytes(JSON.stringify(value));
    const whole = jsonText(buffer);
    // Every cut position, alone and beside an empty chunk, including inside each multi-byte character.
    for (let at = 0; at <= buffer.length; at += 1) {
      expect(jsonText(cut(buffer, [at])), String(at)).toBe(whole);
      expect(jsonText(cut(buffer, [at, at, Math.min(at + 3, buffer.length)])), String(at)).toBe(whole);
    }
    expect(JSON.parse(whole)).toEqual(value);
  });

  it('reads the same as the decoder for generated reports cut into random chunks', () => {
    const { random, strings: randomStrings } = generator(11);
    for (let round = 0; round < 200; round += 1) {
      const buffer = bytes(JSON.stringify({ strings: randomStrings(60) }));
      const offsets = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * buffer.length)).sort((a, b) => a - b);
      expect(JSON.parse(jsonText(cut(buffer, offsets)))).toEqual(JSON.parse(buffer.toString('utf8')));
    }
  });

  it('leaves to the decoder malformed UTF-8 and a non-ASCII character after a backslash, wherever the chunks are cut', () => {
    const malformed = Buffer.concat([bytes('{"summary":"bad '), Buffer.from([0xc3, 0x28, 0xe2, 0x82]), bytes('"}')]);
    const escaped = bytes('{"summary":"escaped \\é"}');
    for (const buffer of [malformed, escaped]) {
      for (let at = 0; at <= buffer.length; at += 1) {
        // Also with an empty chunk between the backslash and the run.
        for (const offsets of [[at], [at, at]]) expect(jsonText(cut(buffer, offsets)), String(at)).toBe(buffer.toString('utf8'));
      }
    }
  });

  it('leaves text dense with non-ASCII runs to the decoder when the runs are spread over many chunks', () => {
    const value = { records: Array.from({ length: 400 }, (_, i) => ({ id: `GHSA-${String(i)}`, summary: `“${String(i)}” 漢字` })) };
    const buffer = bytes(JSON.stringify(value));
    const chunks = cut(buffer, Array.from({ length: Math.floor(buffer.length / 1000) }, (_, i) => (i + 1) * 1000));
    expect(chunks.length).toBeGreaterThan(10);
    expect(jsonText(chunks)).toBe(buffer.toString('utf8'));
  });

  it('reads empty input as empty text', () => {
    expect(jsonText([])).toBe('');
    expect(jsonText([Buffer.alloc(0), Buffer.alloc(0)])).toBe('');
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
