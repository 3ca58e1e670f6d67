/** Message templates of the deps check, by rule id. `{placeholders}` are filled by `format`. */
export const messages = {
  'deps/denied': '{name}@{version}{via} is denied{reason}.',
  'deps/not-allowed-version': '{name}@{version}{via} is not an allowed version (allowed: {allowed}).',
  'deps/unlisted': '{name}@{version}{via} is not on the {ecosystem} allowlist.',
  'deps/expired-exception': 'The exception for {ecosystem} {name} expired on {expires} ({reason}).',
  'deps/unused-exception': 'The exception for {ecosystem} {name}{versions} matches no dependency.',
  'deps/no-manifests': 'No {manifests} found, so no {ecosystem} dependencies were checked.',
  'deps/not-configured': 'The dependencies policy has no go or npm section, so no dependencies were checked.',
  'deps/excluded-version': '{name}@{version} is required, but an exclude on line {excludeLine} names that version, so go ignores the requirement and will not build until go.mod is tidied.',
} as const;

export type DepsRule = keyof typeof messages;

/** Fills a message template; unknown placeholders are left as written. */
export function format(rule: DepsRule, values: Record<string, string>): string {
  return messages[rule].replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
