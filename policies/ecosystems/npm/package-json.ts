/** package.json: the dependency declarations of one package, with the line of each. */
import { InputError } from '../../model/errors.js';
import type { SourceFile } from '../types.js';
import type { JsonPosition } from './json-source.js';
import { isJsonObject, parseJsonSource } from './json-source.js';

/** The dependency fields of package.json, in the order npm resolves them. */
export const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type DependencyField = (typeof dependencyFields)[number];

/** One `"name": "spec"` entry of a dependency field. */
export interface DeclaredDependency {
  /** The name it is installed under (the alias for `npm:` specs). */
  name: string;
  spec: string;
  field: DependencyField;
  position: JsonPosition | undefined;
}

export interface PackageJson {
  path: string;
  name: string | undefined;
  declared: DeclaredDependency[];
  /** `workspaces` globs (array form or `{ packages: [...] }`). */
  workspaces: string[];
}

const fix = 'Make package.json valid JSON with string-to-string dependency maps (`npm pkg fix` repairs common problems).';

/** Reads the dependency declarations of a package.json. Throws InputError for malformed input. */
export function parsePackageJson(file: SourceFile): PackageJson {
  const source = parseJsonSource(file.text, file.path, fix);
  const fail = (message: string, position?: JsonPosition): never => {
    throw new InputError(message, { location: { file: file.path, ...(position ?? { line: 1 }) }, fix });
  };
  const root = source.value;
  if (!isJsonObject(root)) return fail('package.json must be a JSON object');
  const declared: DeclaredDependency[] = [];
  for (const field of dependencyFields) {
    const map = root[field];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) return fail(`"${field}" must be an object of package names to version specs`, source.keyPosition([field]));
    const positions = source.keyPositions([field]);
    for (const [name, spec] of Object.entries(map)) {
      if (typeof spec !== 'string') return fail(`"${field}.${name}" must be a string version spec`, positions.get(name));
      declared.push({ name, spec, field, position: positions.get(name) });
    }
  }
  const rawWorkspaces = root.workspaces;
  const workspaceList = Array.isArray(rawWorkspaces)
    ? rawWorkspaces
    : isJsonObject(rawWorkspaces) && Array.isArray(rawWorkspaces.packages)
      ? rawWorkspaces.packages
      : [];
  return {
    path: file.path,
    name: typeof root.name === 'string' ? root.name : undefined,
    declared,
    workspaces: workspaceList.filter((w): w is string => typeof w === 'string'),
  };
}
