/**
 * Escaping for every string that comes from a pull request.
 *
 * Dependency names and versions are read from manifests and lockfiles the pull
 * request author controls; lockfile keys and versions can be any string. They
 * reach a GitHub comment (Markdown with HTML, mentions, issue references and
 * autolinks), the job summary, and workflow commands on stdout. Each sink gets
 * one function here, and renderers never concatenate raw manifest text.
 */

// C0/C1 controls (newlines included) would end a table row or a code span; bidi
// overrides can make a name read differently from what it is ("Trojan Source").
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const replacementCharacter = '\ufffd';

/** Replaces control and bidi characters with U+FFFD so they are visible and cannot break layout. */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(unsafeCharacters, replacementCharacter);
}

/**
 * Renders a manifest string (package name, version) as an inline code span.
 *
 * Code spans are literal in GitHub Markdown: no emphasis, links, autolinks,
 * images, HTML, mentions or issue references. What remains is making the span
 * itself unbreakable: the fence is longer than any backtick run inside, and
 * line breaks are gone. In a table cell a pipe would end the cell even inside a
 * code span, and GFM's `\|` escape cannot be combined with a preceding literal
 * backslash, so pipes in table cells are shown as U+00A6 (¦).
 */
export function code(text: string, options: { inTable?: boolean } = {}): string {
  let value = stripUnsafeCharacters(text);
  if (options.inTable) value = value.replaceAll('|', '\u00a6');
  if (value === '') return '` `';
  const longestRun = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space so the fence is not read as part of it.
  const pad = value.startsWith('`') || value.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

const markdownPunctuation = /[\\`*_[\]()#+\-.!|~{}=:^$]/g;
const htmlSpecial: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes free text (advisory summaries, error messages) for GitHub Markdown.
 *
 * HTML metacharacters become entities and Markdown punctuation is
 * backslash-escaped, so no markup, link, image or table cell boundary can be
 * formed. GitHub links mentions, issue references and bare URLs after
 * rendering, where escapes no longer exist, so those are broken with a
 * zero-width joiner instead: `@team`, `#12`, `http://`, `www.`.
 */
export function text(value: string): string {
  return (
    stripUnsafeCharacters(value)
      // Mentions are broken before escaping: afterwards `@_x` reads `@\_x` and the guard would miss it.
      .replace(/@(?=[\w-])/g, '@\u200d')
      .replace(markdownPunctuation, (c) => `\\${c}`)
      .replace(/[&<>"']/g, (c) => htmlSpecial[c] ?? c)
      .replace(/\\#(?=\w)/g, '\\#\u200d')
      .replace(/\\:\/\//g, '\\:\u200d//')
      .replace(/www\\\./gi, (m) => `${m.slice(0, 3)}\u200d${m.slice(3)}`)
  );
}

/** Escapes the message part of a workflow command (`::error ...::message`), as @actions/core does. */
export function workflowCommandData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a workflow command property value (`file=`, `title=`), where `:` and `,` are separators. */
export function workflowCommandProperty(value: string): string {
  return workflowCommandData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
