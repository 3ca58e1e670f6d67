/**
 * Escaping for every string that reaches GitHub-flavoured Markdown: pull-request
 * comments, the job summary, the `markdown` report format.
 *
 * Dependency names, versions, advisory summaries and file paths come from
 * manifests, lockfiles and databases that a pull-request author or an advisory
 * writer controls. GitHub renders Markdown with inline HTML, and after
 * rendering it links @mentions, issue references (`#12`, `GH-12`), commit
 * SHAs and bare URLs in the text that remains. Two functions cover the two
 * ways such a string is shown: `code()` as a literal code span, `text()` as
 * escaped running text.
 */

/** The zero-width joiner we insert to break a reference; the only format character we let through. */
const joiner = '\u200d';
const replacementCharacter = '\ufffd';

/**
 * Control and format characters, plus the Unicode line and paragraph
 * separators. Controls (newlines included) would end a table row or a code
 * span. Format characters are invisible: bidi overrides make a name read
 * differently from what it is ("Trojan Source"), and zero-width spaces, joiners,
 * word joiners, soft hyphens and tag characters make two different names look
 * the same or hide a word from a reader.
 */
const unsafeCharacters = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Replaces control, format and separator characters with U+FFFD, so they are visible and cannot break layout. */
export function stripUnsafeCharacters(value: string): string {
  return value.replace(unsafeCharacters, replacementCharacter);
}

/**
 * Renders a string (package name, version) as an inline code span.
 *
 * Code spans are literal in GitHub Markdown: no emphasis, links, autolinks,
 * images, HTML, mentions or references. What remains is making the span
 * itself unbreakable: the fence is longer than any backtick run inside, and
 * line breaks are gone. In a table cell a pipe would end the cell even inside a
 * code span, and GFM's `\|` escape cannot be combined with a preceding literal
 * backslash, so pipes in table cells are shown as U+00A6 (¦).
 */
export function code(value: string, options: { inTable?: boolean } = {}): string {
  let inner = stripUnsafeCharacters(value);
  if (options.inTable) inner = inner.replaceAll('|', '\u00a6');
  if (inner === '') return '` `';
  const longestRun = Math.max(0, ...[...inner.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space so the fence is not read as part of it.
  const pad = inner.startsWith('`') || inner.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/** Punctuation that opens or closes Markdown syntax anywhere in a line: code, emphasis, links, images, HTML, tables, math. */
const inlinePunctuation = /[\\`*_[\]()#+!|~{}^$]/g;

/**
 * Punctuation that means something only where a line starts: list items
 * (`-`, `1.`), setext headings (`=`, `-`), table delimiter rows (`:`).
 * text() keeps a value on one line, so only its start can be a line start
 * (a note is placed right after a list marker). Escaping them only there
 * keeps names and versions such as `github.com/golang-jwt/jwt` legible in
 * the raw Markdown that tools and people read too.
 */
function escapeLineStart(value: string): string {
  // Leading spaces go too: four of them would turn the rest into an indented code block.
  return value
    .replace(/^\s+/, '')
    .replace(/^[-=.:]/, '\\$&')
    .replace(/^(\d+)\./, '$1\\.');
}

const htmlSpecial: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A run of 7–40 hex digits standing alone: GitHub links it as a commit SHA. */
const hexRun = /(?<![0-9A-Za-z_])[0-9a-f]{7,40}(?![0-9A-Za-z_])/gi;

/** Splits a hex run into pieces of at most six, too short for GitHub to take any of them for a SHA. */
function breakHexRun(run: string): string {
  return (run.match(/.{1,6}/g) ?? [run]).join(joiner);
}

/**
 * Breaks everything GitHub links after rendering, where backslash escapes no
 * longer exist, with a zero-width joiner: `@team` and `a@b.c`, `#12`,
 * `GH-12`, commit SHAs, `scheme://` and `www.`. Runs before punctuation is
 * escaped, so `@_x` is seen as the mention it is rather than `@\_x`.
 */
function breakReferences(value: string): string {
  return value
    // An address (`a@b.example`) is broken on both sides: autolinkers read only ASCII before the @, and some accept any letter after it.
    .replace(/(?<=\w)@/g, `${joiner}@`)
    .replace(/@(?=[\w-])/g, `@${joiner}`)
    .replace(/#(?=\w)/g, `#${joiner}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m}${joiner}`)
    .replace(hexRun, breakHexRun)
    .replace(/:(?=\/\/)/g, `:${joiner}`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${joiner}.`);
}

/**
 * Escapes running text (messages, advisory summaries, fixes, notes) for GitHub
 * Markdown, keeping it on one line.
 *
 * Line breaks and tabs become spaces, so a value stays in its table cell or
 * list item; other control and format characters become U+FFFD. References
 * GitHub would link are broken (see breakReferences), Markdown punctuation is
 * backslash-escaped (line-start markers only at the start) and HTML
 * metacharacters become entities, so no markup, link, image, mention or table
 * cell boundary can be formed.
 */
export function text(value: string): string {
  const oneLine = value.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ');
  const escaped = breakReferences(stripUnsafeCharacters(oneLine)).replace(inlinePunctuation, (c) => `\\${c}`);
  return escapeLineStart(escaped).replace(/[&<>"']/g, (c) => htmlSpecial[c] ?? c);
}
