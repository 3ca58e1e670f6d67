/**
 * Every rule the config check reports, with its message template. Findings
 * are worded only through `message()`, so the templates documented in the
 * check's metadata are exactly what users read. `{where}` placeholders are
 * `file:line`; values are never shown for keys that look secret.
 */
export const messages = {
  'config/constraint': '{env}: {subject} must {requirement}',
  'config/incomparable': '{env}: cannot compare {left} with {right} in `{rule}`: {reason}',
  'config/invariant': '{env}: {left} must be {operator} {right}',
  'config/missing-key': '{env}: {key} is missing from {file} but set in {others}',
  'config/placeholder': '{env}: {key} ({where}) holds a placeholder value ({kind})',
  'config/required-key': '{env}: required key {key} is {state} in {file}',
  'config/secret': '{env}: {key} ({where}) looks like {kind}; secrets must not be committed to config files',
  'config/unresolved-key': '{env}: {key} is absent from {file}, so `{rule}` cannot be checked',
  'config/type-mismatch': '{env}: {key} is {kind} here ({where}) but {others}',
  'config/wildcard-unmatched': '{env}: {pattern} matches no key in {file}, so `{rule}` cannot be checked',
} as const satisfies Record<string, string>;

export type ConfigRule = keyof typeof messages;

/** Fills a rule's template; every placeholder must be given. */
export function message(rule: ConfigRule, data: Record<string, string>): string {
  return messages[rule].replace(/\{(\w+)\}/g, (_, name: string) => data[name] ?? `{${name}}`);
}
