/**
 * Spells out C0 and C1 control characters as `\uXXXX`, so a string taken from
 * an input (a manifest, a file name) cannot move the cursor, recolour a
 * terminal or hide text in a CI log, and a reader still sees what was there.
 */
export function spellOutControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
