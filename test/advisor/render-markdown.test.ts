/**
 * The comment as GitHub would render it: markdown-it with raw HTML and
 * linkify on (GitHub allows both) turns the body into HTML, and the tests
 * assert what a reader would see: no injected links, images, mentions or
 * markup, one table row per change, and every <details> closed by us.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { advisorDefaults } from '../../advisor/defaults.js';
import { annotations } from '../../advisor/annotations.js';
import { code, text } from '../../policies/reporters/markdown-escape.js';
import { renderMarkdown, summaryLine } from '../../advisor/render-markdown.js';
import { change, report, vulnerability } from './factories.js';

const md = new MarkdownIt({ html: true, linkify: true });

const crafted = [
  '[click](http://evil.example)',
  '![x](http://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)>',
  '@everyone',
  '@octo-org/security',
  '#1',
  '</details><details open><summary>pwned</summary>',
  'a|b|c',
  '`code` ``double`` ```triple',
  'line1\nline2\r\n| injected | row |',
  '%0A::error::pwned',
  '<!-- goldenpath-advisor -->',
  'http://evil.example',
  'www.evil.example',
  '\u202eevil\u202c',
  '**bold** _em_ ~~strike~~',
  '\\| backslash pipe',
];

function html(body: string): string {
  return md.render(body);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** GitHub's own mention and issue-reference linking works on text nodes: `@name` or `#123` not preceded by a word character. */
function textNodes(rendered: string): string {
  return rendered
    .replace(/<code>[\s\S]*?<\/code>/g, '')
    .replace(/<[^>]+>/g, ' ');
}

describe('comment rendering', () => {
  it('summarises counts in one line', () => {
    const r = report([
      change({ semver: 'major', vulnerabilitiesFixed: [vulnerability(), vulnerability({ id: 'GHSA-2' })] }),
      change({ name: 'x', policy: { status: 'denied', message: 'denied', rule: 'deps/denied' } }),
      change({ name: 'y' }),
      change({ name: 'z' }),
    ]);
    expect(summaryLine(r)).toBe('4 changes · 1 major · fixes 2 vulnerabilities · introduces 0 · 1 policy violation');
  });

  it('shows problems as a CAUTION alert above the table, and a failed scan in the summary line instead of zero counts', () => {
    const r = report([change()], {
      problems: ['vulnerability scan of the head commit failed: could not start osv-scanner Fix: install osv-scanner'],
      scanFailed: true,
    });
    const body = renderMarkdown(r);
    expect(summaryLine(r)).toBe('1 change \u00b7 0 majors \u00b7 vulnerability scan failed \u00b7 0 policy violations');
    expect(body).not.toMatch(/fixes 0|introduces 0/);
    const lines = body.split('\n');
    const caution = lines.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(lines.findIndex((l) => l.startsWith('| |')));
    expect(html(body)).toMatch(/<blockquote>[\s\S]*could not start osv-scanner[\s\S]*<\/blockquote>[\s\S]*<table>/);
    // Not in the collapsible run notes, which truncation drops first.
    expect(body).not.toContain('Run notes');
  });

  it('lists a new vulnerability below the policy threshold without marking the change as failing', () => {
    const body = renderMarkdown(report([change({ vulnerabilitiesIntroduced: [vulnerability({ severity: 'medium', belowThreshold: true })] })]));
    expect(body).toContain('medium (below the policy\u2019s `fail_on`, not failing)');
    expect(body).not.toContain('\u274c');
  });

  it('starts with the hidden marker and says when nothing changed', () => {
    const body = renderMarkdown(report([]));
    expect(body.startsWith(`${advisorDefaults.marker}\n`)).toBe(true);
    expect(body).toContain('No dependency changes.');
  });

  it.each(crafted)('a crafted name or version cannot inject markup: %j', (evil) => {
    const r = report([
      change({
        name: evil,
        from: evil,
        to: evil,
        previousName: evil,
        manifest: evil,
        policy: { status: 'denied', message: evil, rule: 'deps/denied' },
        vulnerabilitiesIntroduced: [vulnerability({ id: evil, summary: evil, packageName: evil, packageVersion: evil, aliases: [evil], fixedVersions: [evil] })],
        notes: [{ introducedIn: evil, title: evil, note: evil, source: evil }],
      }),
      change({ name: 'benign' }),
    ]);
    const body = renderMarkdown(r);
    const rendered = html(body);
    expect(rendered).not.toMatch(/<a\s/);
    expect(rendered).not.toMatch(/<img/);
    expect(rendered).not.toMatch(/<strong>bold<\/strong>|<em>em<\/em>|<(s|del)>strike<\/(s|del)>/);
    expect(count(rendered, '<details')).toBe(count(rendered, '</details>'));
    expect(count(rendered, '<details')).toBe(3);
    expect(count(rendered, '<summary>pwned')).toBe(0);
    // Exactly the two data rows of the table, each with all ten cells.
    expect(count(rendered, '<tr>')).toBe(3);
    expect(count(rendered, '<td>')).toBe(20);
    // The marker is the first line; a crafted copy is shown as text and never forms an HTML comment.
    expect(body.startsWith(advisorDefaults.marker)).toBe(true);
    expect(count(rendered, advisorDefaults.marker)).toBe(1);
    // No line of the body is a workflow command.
    expect(body.split('\n').some((l) => l.startsWith('::'))).toBe(false);
    // Mentions and issue references: no `@word` or `#digit` left in text outside code spans.
    expect(textNodes(rendered)).not.toMatch(/(^|[^\w\u200d])@[\w-]/);
    expect(textNodes(rendered)).not.toMatch(/(^|[^\w&\u200d])#\d/);
    // Bidi overrides never reach the comment.
    expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('holds for arbitrary names and versions (property)', () => {
    const evil = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...crafted),
      fc.array(fc.constantFrom('`', '|', '<', '>', '@', '#', '[', ']', '(', ')', '!', '\\', '\n', '*', '_', '~', ':', '/', 'a', '1', ' '), { maxLength: 30 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(evil, evil, evil, (name, version, summary) => {
        const r = report([
          change({
            name,
            to: version,
            previousName: name,
            policy: { status: 'denied', message: summary, rule: 'deps/denied' },
            vulnerabilitiesIntroduced: [vulnerability({ id: name, summary, packageName: name, packageVersion: version })],
          }),
        ]);
        const rendered = html(renderMarkdown(r));
        expect(rendered).not.toMatch(/<a\s|<img/);
        expect(count(rendered, '<details')).toBe(2);
        expect(count(rendered, '</details>')).toBe(2);
        expect(count(rendered, '<tr>')).toBe(2);
        expect(count(rendered, '<td>')).toBe(10);
        expect(textNodes(rendered)).not.toMatch(/(^|[^\w\u200d])@[\w-]/);
      }),
      // `@_` once slipped through: punctuation escaping ran before the mention guard.
      { numRuns: 400, examples: [['', '', '@_'], ['@_x', '@-', 'x @_y']] },
    );
  });

  it('keeps crafted names readable inside code spans', () => {
    expect(html(code('@everyone'))).toBe('<p><code>@everyone</code></p>\n');
    expect(html(code('a`b'))).toBe('<p><code>a`b</code></p>\n');
    expect(html(code('`lead'))).toBe('<p><code>`lead</code></p>\n');
    expect(html(`| h |\n|---|\n| ${code('a|b', { inTable: true })} |\n`)).toContain('<td><code>a¦b</code></td>');
  });

  it('escapes free text so it renders as the same characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), (s) => {
        const rendered = html(text(s));
        expect(rendered).not.toMatch(/<(a|img|em|strong|code|del|s|h\d|ul|ol|li|blockquote|hr|table)\b/);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes workflow-command syntax in annotations', () => {
    const r = report([
      change({
        name: 'evil\n::error::pwned',
        manifest: 'a,b:c.json',
        location: { file: 'a,b:c.json', line: 3 },
        policy: { status: 'denied', message: '100% bad\r\n::warning::x', rule: 'deps/denied' },
      }),
    ]);
    const lines = annotations(r);
    expect(lines).toEqual([
      '::error file=a%2Cb%3Ac.json,line=3,title=Dependency policy%3A deps/denied::evil%0A::error::pwned 1.1.0: 100%25 bad%0D%0A::warning::x',
    ]);
    expect(lines.join('\n').split('\n')).toHaveLength(1);
  });

  describe('size limit', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      change({
        name: `package-${String(i).padStart(4, '0')}`,
        notes: [{ introducedIn: '1.1.0', title: 'A change', note: 'x'.repeat(200), source: 'https://example.com/changelog' }],
      }),
    );

    it('drops details sections first and says so', () => {
      const full = renderMarkdown(report(many.slice(0, 200)), { maxChars: 1_000_000 });
      const limit = full.length - 100;
      const body = renderMarkdown(report(many.slice(0, 200)), { maxChars: limit });
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(body).toContain('section "Breaking-change notes (200)" omitted');
      expect(count(html(body), '<tr>')).toBe(201);
    });

    it('then drops table rows, most important rows kept, with a note', () => {
      const rows = [
        ...many,
        change({ name: 'zzz-denied', policy: { status: 'denied', message: 'denied', rule: 'deps/denied' } }),
      ];
      const body = renderMarkdown(report(rows));
      expect(body.length).toBeLessThanOrEqual(advisorDefaults.maxCommentChars);
      expect(body).toMatch(/\d+ table rows not shown/);
      // The violation sorts first, so it survives the cut.
      expect(body).toContain('`zzz-denied`');
      expect(count(html(body), '<details')).toBe(count(html(body), '</details>'));
    });

    it('a single enormous name is clipped instead of filling the comment', () => {
      const body = renderMarkdown(report([change({ name: 'n'.repeat(100_000), from: 'v'.repeat(100_000) })]));
      expect(body.length).toBeLessThan(5_000);
      expect(body).toContain('…');
    });

    it('keeps the problems when everything else is cut', () => {
      const problems = ['vulnerability scan of the head commit failed: osv-scanner timed out Fix: raise vulnerabilities.timeout'];
      const body = renderMarkdown(report(many, { problems, scanFailed: true }));
      expect(body.length).toBeLessThanOrEqual(advisorDefaults.maxCommentChars);
      expect(body).toMatch(/\d+ table rows not shown/);
      expect(html(body)).toContain('vulnerability scan of the head commit failed: osv-scanner timed out');
      expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('| |'));
    });
  });
});
