import { InputError } from '../model/errors.js';
import { dotenvFormat } from './dotenv.js';
import type { ConfigDocument, ConfigFormat } from './types.js';
import { jsonFormat, yamlFormat } from './yaml.js';

export type { ConfigDocument, ConfigEntry, ConfigFormat, ConfigKind, ConfigScalar, NestedScalar } from './types.js';

/** Every config format, sorted by id. A new format is one entry here plus its loader. */
export const configFormats: readonly ConfigFormat[] = [dotenvFormat, jsonFormat, yamlFormat];

/** The file endings the config check can read, for help texts and error messages. */
export const configExtensions: readonly string[] = configFormats.flatMap((format) => format.extensions).sort();

/** The format that reads `file`, chosen by its ending; `.env.prod`-style names are read as .env too. */
export function formatFor(file: string): ConfigFormat | undefined {
  const name = file.toLowerCase().split('/').pop() ?? '';
  const byExtension = configFormats.find((format) => format.extensions.some((extension) => name.endsWith(extension)));
  if (byExtension) return byExtension;
  return name.startsWith('.env.') ? dotenvFormat : undefined;
}

/** Parses a config file's text with the format its name implies; throws InputError for unknown endings or bad syntax. */
export function parseConfig(text: string, file: string): ConfigDocument {
  const format = formatFor(file);
  if (!format) {
    throw new InputError(`cannot tell the format of ${file}`, {
      location: { file },
      fix: `use one of these file endings: ${configExtensions.join(', ')}`,
    });
  }
  return format.parse(text, file);
}
