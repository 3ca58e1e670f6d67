import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from './istanbul-final.js';
import { lineAt, malformedReport } from './input-errors.js';
import type { CoverageFormat, FileCoverage } from './types.js';
import { compareText } from '../model/text-order.js';

/**
 * Cobertura XML (`<coverage><sources><source>`, then packages, classes and
 * `<line number hits>`). Class file names are relative to one of the
 * `<source>` roots; the first root gives `path` and the others become
 * `candidates`, which the check tries when the first does not exist. Several
 * classes of one file (inner classes) merge by the highest hit count per line.
 */
export const cobertura: CoverageFormat = {
  id: 'cobertura',
  displayName: 'Cobertura XML',
  detect(_path, head) {
    return /<coverage[\s>]/.test(head) && /^\s*</.test(head.replace(/^\uFEFF/, ''));
  },
  parse: parseCobertura,
};

const fix = 'regenerate the report with your tool\'s Cobertura reporter';
const arrayTags = new Set(['source', 'package', 'class', 'line']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Keep repeated elements as arrays even when a report has only one of them.
  isArray: (tagName, _jPath, _isLeaf, isAttribute) => !isAttribute && arrayTags.has(tagName),
});

function parseCobertura(text: string, file: string): FileCoverage[] {
  // The parser itself accepts broken XML silently; the validator (still shipped with fast-xml-parser 5) reports the line.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw malformedReport(file, validation.err.line, `Cobertura report is not well-formed XML: ${validation.err.msg}`, fix);
  }
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    throw malformedReport(file, undefined, `Cobertura report cannot be read: ${error instanceof Error ? error.message : String(error)}`, fix);
  }
  const coverage = isRecord(document) ? document.coverage : undefined;
  if (!isRecord(coverage)) {
    throw malformedReport(file, 1, 'Cobertura report has no <coverage> root element', fix);
  }

  const sources = asArray(isRecord(coverage.sources) ? coverage.sources.source : undefined)
    .map((source) => textOf(source).trim().replace(/\\/g, '/'))
    .filter((source) => source !== '');
  const files = new Map<string, Map<number, number>>();
  for (const pkg of asArray(isRecord(coverage.packages) ? coverage.packages.package : undefined)) {
    for (const cls of asArray(isRecord(pkg) && isRecord(pkg.classes) ? pkg.classes.class : undefined)) {
      const filename = isRecord(cls) && typeof cls.filename === 'string' ? cls.filename.replace(/\\/g, '/') : '';
      if (filename === '') {
        throw malformedReport(file, lineOfText(text, '<class'), '<class> without a filename attribute', fix);
      }
      let lines = files.get(filename);
      if (lines === undefined) {
        lines = new Map();
        files.set(filename, lines);
      }
      for (const line of asArray(isRecord(cls) && isRecord(cls.lines) ? cls.lines.line : undefined)) {
        const number = isRecord(line) ? toCount(line.number) : -1;
        const hits = isRecord(line) ? toCount(line.hits) : -1;
        if (number < 1 || hits < 0) {
          throw malformedReport(file, lineOfText(text, `filename="${filename}"`), `<line> in ${filename} without valid number and hits attributes`, fix);
        }
        lines.set(number, Math.max(lines.get(number) ?? 0, hits));
      }
    }
  }

  return [...files.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([filename, lines]) => {
      const [first, ...rest] = isAbsolute(filename) || sources.length === 0 ? [filename] : sources.map((root) => joinPath(root, filename));
      return rest.length > 0 ? { path: first ?? filename, candidates: rest, lines } : { path: first ?? filename, lines };
    });
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value['#text'] === 'string') return value['#text'];
  return '';
}

function toCount(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return -1;
  return Number(value);
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

function joinPath(root: string, path: string): string {
  return root.endsWith('/') ? root + path : `${root}/${path}`;
}

function lineOfText(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index === -1 ? undefined : lineAt(text, index);
}
