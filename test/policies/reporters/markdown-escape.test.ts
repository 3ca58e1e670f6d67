/**
 * Escaped strings as GitHub would render them: markdown-it with raw HTML and
 * linkify on (GitHub allows both) turns Markdown into HTML, and the tests look
 * at the text a reader sees for what GitHub links after rendering: mentions,
 * issue references, commit SHAs and bare URLs.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../policies/model/finding.js';
import { reporters } from '../../../policies/reporters/index.js';
import { code, stripUnsafeCharacters, text } from '../../../policies/reporters/markdown-escape.js';

const md = new MarkdownIt({ html: true, linkify: true });
const zwj = '\u200d';

/** The text nodes of rendered HTML (code spans left out, where GitHub links nothing), with entities decoded. */
function textNodes(rendered: string): string {
  return rendered
    .replace(/<code>[\s\S]*?<\/code>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** What GitHub would link in text nodes, each as it matches `@name`, `#12`, `GH-12`, a SHA, `scheme://` or `www.`. */
const linkable = [
  /(^|[^\w])@[\w-]/,
  /(^|[^\w])#\d/,
  /\bGH-\d/i,
  /(^|[^0-9A-Za-z_])[0-9a-f]{7,40}($|[^0-9A-Za-z_])/i,
  /:\/\//,
  /\bwww\./i,
];

function renderedText(value: string): string {
  return textNodes(md.render(text(value)));
}

describe('text()', () => {
  it.each([
    ['@types/node@1.0.0'],
    ['@everyone'],
    ['@octo-org/security'],
    ['@_x'],
    ['mail me: someone@example.com'],
    ['see #12'],
    ['(#12)'],
    ['fixed in GH-12 and gh-7'],
    ['v0.0.0-20220314234659-1baeb1ce4c0b'],
    ['commit 1baeb1c'],
    ['a5c3785ed8d6a35868bc169f07e40e889087fd2e'],
    ['http://evil.example/x'],
    ['https://evil.example'],
    ['ftp://evil.example'],
    ['www.evil.example'],
    ['WWW.evil.example'],
  ])('leaves nothing GitHub would link in %j', (value) => {
    const rendered = md.render(text(value));
    expect(rendered).not.toMatch(/<a\s|<img/);
    for (const pattern of linkable) expect(textNodes(rendered), String(pattern)).not.toMatch(pattern);
  });

  it('reads the same as the input, apart from the invisible joiners it inserts', () => {
    const value = '@types/node@1.0.0 #12 GH-12 1baeb1ce4c0b http://x.example www.x.example [a](b) *c* _d_ <e> & "f" \'g\' | h `i` $j$';
    expect(renderedText(value).replaceAll(zwj, '').trim()).toBe(value);
  });

  it('renders arbitrary ASCII as the same characters, without markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), (s) => {
        const rendered = md.render(text(s));
        expect(rendered).not.toMatch(/<(img|em|strong|code|del|s|h\d|ul|ol|li|blockquote|hr|table|pre)\b/);
        expect(textNodes(rendered).replaceAll(zwj, '').trim()).toBe(s.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('breaks a mention before escaping, so an underscore cannot hide it', () => {
    expect(text('@_x')).toBe(`@${zwj}\\_x`);
  });

  it('cuts SHA-like runs into pieces too short to be a SHA', () => {
    expect(text('1baeb1ce4c0b')).toBe(`1baeb1${zwj}ce4c0b`);
    expect(text('a5c3785ed8d6a35868bc169f07e40e889087fd2e').split(zwj).every((piece) => piece.length <= 6)).toBe(true);
    // Six characters and words that are not hex stay whole.
    expect(text('abcdef cafe-babe deadline')).toBe('abcdef cafe-babe deadline');
  });

  it('escapes list, heading and table markers where the value starts a line', () => {
    expect(md.render(`- ${text('     indented')}`)).not.toContain('<pre>');
    for (const value of ['- item', '1. item', '  - item', '12. item', '=== heading', ':--- | ---', '> quote', '+ item', '* item', '# heading']) {
      const rendered = md.render(`- ${text(value)}`);
      expect(rendered, value).not.toMatch(/<(ol|h\d|table|blockquote|pre)\b/);
      expect(rendered.match(/<ul>/g), value).toHaveLength(1);
      expect(textNodes(rendered).replaceAll(zwj, '').trim(), value).toBe(value.trim());
    }
    // Inside a line they are plain text and stay unescaped.
    expect(text('github.com/golang-jwt/jwt v4.5.2: a=b')).toBe('github.com/golang-jwt/jwt v4.5.2: a=b');
  });

  it('keeps a value on one line and shows invisible characters', () => {
    expect(text('line1\nline2\r\nline3\tend')).toBe('line1 line2 line3 end');
    // Bidi overrides, zero-width space/joiner/non-joiner, word joiner, invisible operators, soft hyphen, BOM, tag characters.
    const invisible = ['\u202e', '\u2066', '\u200b', '\u200c', '\u200d', '\u2060', '\u2064', '\u00ad', '\ufeff', '\u{e0041}', '\u0000', '\u001b', '\u0085', '\u2028'];
    for (const c of invisible) {
      const out = text(`a${c}b`);
      expect(out, JSON.stringify(c)).not.toContain(c === zwj ? `a${zwj}` : c);
      expect(out, JSON.stringify(c)).toMatch(/^a[\ufffd ]b$/);
    }
  });
});

describe('stripUnsafeCharacters()', () => {
  it('replaces every control, format and separator character and nothing else', () => {
    expect(stripUnsafeCharacters('a\u202eb\u200bc\u00add\u{e0001}e\u2029f')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf');
    expect(stripUnsafeCharacters('Grüße, 世界 ¦ é')).toBe('Grüße, 世界 ¦ é');
  });
});

describe('code()', () => {
  it('keeps names literal inside an unbreakable code span', () => {
    expect(md.render(code('@types/node@1.0.0'))).toBe('<p><code>@types/node@1.0.0</code></p>\n');
    expect(md.render(code('a`b'))).toBe('<p><code>a`b</code></p>\n');
    expect(md.render(code('`lead'))).toBe('<p><code>`lead</code></p>\n');
    expect(md.render(code('a\u202eb\nc'))).toBe('<p><code>a\ufffdb\ufffdc</code></p>\n');
    expect(md.render(`| h |\n|---|\n| ${code('a|b', { inTable: true })} |\n`)).toContain('<td><code>a¦b</code></td>');
  });
});

describe('markdown reporter', () => {
  const crafted = '@types/node@1.0.0 fixes #12 and GH-12 in 1baeb1ce4c0b, see http://evil.example or www.evil.example';
  const report: Report = {
    root: '/repo',
    checks: ['deps'],
    notes: [crafted],
    rules: [],
    findings: [
      {
        check: 'deps',
        rule: 'deps/not-allowed',
        level: 'error',
        message: crafted,
        fix: crafted,
        location: { file: 'package.json', line: 3 },
        related: [{ location: { file: 'package-lock.json', line: 9 }, message: crafted }],
        identity: ['npm', '@types/node'],
      },
    ],
  };

  it('renders crafted messages, fixes, related places and notes without links, mentions or references', () => {
    const rendered = md.render(reporters.markdown(report, { color: false, toolVersion: '0.0.0-test' }));
    expect(rendered).not.toMatch(/<a\s/);
    const visible = textNodes(rendered);
    for (const pattern of linkable) expect(visible, String(pattern)).not.toMatch(pattern);
    // Message, fix, related message and note all still read as written.
    expect(visible.replaceAll(zwj, '').split(crafted)).toHaveLength(5);
  });
});
