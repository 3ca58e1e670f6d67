import { formatIds, type FormatId } from '../../coverage-formats/types.js';

/** One entry of `coverage.reports`: a path or glob, optionally with its format. */
export type ReportEntry = string | { path: string; format?: FormatId };

/** The `coverage` slice of the policy, after schema validation. */
export interface CoverageOptions {
  reports?: ReportEntry[];
  total?: number;
  /** Glob → percent. The engine may add a boolean `locked` key to every object; it is not a glob. */
  paths?: Record<string, number | boolean>;
  patch?: number;
  exclude?: string[];
  modules?: Record<string, string | boolean>;
  locked?: boolean;
}

/** Used when `coverage.reports` is not set: the profile `go test -coverprofile=coverage.out ./...` writes. */
export const defaultReports: readonly string[] = ['coverage.out'];

const percent = (description: string, example: number): Record<string, unknown> => ({
  type: 'number',
  minimum: 0,
  maximum: 100,
  description,
  examples: [example],
});

/** JSON Schema (draft 2020-12) of the `coverage` policy key. */
export const coverageSchema: Record<string, unknown> = {
  type: 'object',
  description:
    'Coverage gates over one or more coverage reports (Go cover profiles, lcov, istanbul json/json-summary, Cobertura XML). A threshold that is not set is not checked.',
  additionalProperties: false,
  properties: {
    reports: {
      type: 'array',
      description:
        'Coverage reports to read, repository-relative paths or globs. Several reports are combined: a file in more than one takes the highest hit count per line. Each report must exist.',
      default: [...defaultReports],
      minItems: 1,
      items: {
        oneOf: [
          { type: 'string', minLength: 1, description: 'Path or glob; the format is detected from the content.' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { type: 'string', minLength: 1, description: 'Path or glob of the report.' },
              format: { enum: [...formatIds], description: 'Report format, when detection from the content is not wanted.' },
            },
          },
        ],
      },
      examples: [['coverage.out'], ['coverage/*.out', { path: 'web/coverage/coverage-final.json', format: 'istanbul-final' }]],
    },
    total: percent('Minimum coverage of all reported code, in percent (statements for Go, lines for other formats).', 80),
    paths: {
      type: 'object',
      description: 'Minimum coverage per path glob (picomatch, repository-relative), in percent. Each glob must match reported code.',
      additionalProperties: { type: 'number', minimum: 0, maximum: 100 },
      examples: [{ 'internal/**': 85, 'pkg/api/**': 90 }],
    },
    patch: percent(
      'Minimum coverage of the lines changed since the merge base of --base and HEAD (committed, uncommitted and untracked files), in percent.',
      90,
    ),
    exclude: {
      type: 'array',
      description: 'Globs of files to leave out of every measure (generated code, mocks).',
      items: { type: 'string', minLength: 1 },
      examples: [['**/*_mock.go', 'internal/gen/**']],
    },
    modules: {
      type: 'object',
      description:
        'Go module path → repository directory, for profiles whose modules are not found by their go.mod files (every go.mod in the repository is read automatically).',
      additionalProperties: { type: 'string' },
      examples: [{ 'example.com/shop/api': 'services/api' }],
    },
  },
  examples: [{ reports: ['coverage.out'], total: 80, paths: { 'internal/**': 85 }, patch: 90 }],
};
