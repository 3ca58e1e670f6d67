import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledge, notesFor, parseKnowledgeFile } from '../../advisor/knowledge.js';
import { crosses } from '../../advisor/versions.js';
import { InputError } from '../../policies/model/errors.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'advisor');

describe('knowledge base', () => {
  const kb = loadKnowledge();

  it('every shipped file validates and every entry cites an https source', () => {
    expect(kb.files.length).toBeGreaterThanOrEqual(8);
    for (const file of kb.files) {
      for (const entry of file.entries) expect(entry.source, `${file.file}: ${entry.title}`).toMatch(/^https:\/\//);
    }
    const packages = kb.files.map((f) => f.package);
    expect(packages).toEqual(
      expect.arrayContaining([
        'github.com/gin-gonic/gin',
        'github.com/labstack/echo/v5',
        'express',
        'fastify',
        'go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin',
        'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp',
      ]),
    );
  });

  it('applies the notes a change crosses: from < introduced_in <= to', () => {
    const titles = (from: string, to: string): string[] => notesFor(kb, 'go', ['github.com/gin-gonic/gin'], from, to).map((n) => n.introducedIn);
    expect(titles('v1.9.0', 'v1.12.0')).toEqual(['v1.10.0', 'v1.11.0', 'v1.12.0', 'v1.12.0']);
    expect(titles('v1.7.7', 'v1.8.1')).toEqual(['v1.8.0', 'v1.8.0', 'v1.8.1']);
    expect(titles('v1.12.0', 'v1.12.0')).toEqual([]);
    // A downgrade crosses the same versions.
    expect(titles('v1.12.0', 'v1.11.0')).toEqual(['v1.12.0', 'v1.12.0']);
    // Pseudo-versions compare by their base: v1.10.1-0.… is above v1.10.0.
    expect(titles('v1.9.1', 'v1.10.1-0.20240101000000-abcdefabcdef')).toEqual(['v1.10.0']);
  });

  it('warns a v1.8.0 to v1.8.1 Gin upgrade that the context fallback became opt-in', () => {
    const notes = notesFor(kb, 'go', ['github.com/gin-gonic/gin'], 'v1.8.0', 'v1.8.1');
    expect(notes.map((n) => n.introducedIn)).toEqual(['v1.8.1']);
    expect(notes[0]?.note).toMatch(/ContextWithFallback.*false by default.*silently drops deadlines, cancellation and the trace span/s);
    expect(notes[0]?.source).toBe('https://github.com/gin-gonic/gin/blob/master/CHANGELOG.md#gin-v181');
  });

  it('finds notes of a Go module that moved major path through the previous name', () => {
    const notes = notesFor(kb, 'go', ['github.com/labstack/echo/v5', 'github.com/labstack/echo/v4'], 'v4.13.3', 'v5.0.0');
    expect(notes.map((n) => n.title)).toContain('New module path github.com/labstack/echo/v5');
  });

  it('supports ranges in introduced_in and extra folders of a platform team', () => {
    const extended = loadKnowledge([path.join(fixtures, 'knowledge-extra')]);
    expect(notesFor(extended, 'go', ['example.com/platform/logger'], 'v1.4.0', 'v2.0.3').map((n) => n.title)).toEqual(['Structured fields renamed']);
    expect(notesFor(extended, 'go', ['example.com/platform/logger'], 'v2.1.0', 'v2.2.0')).toEqual([]);
    expect(crosses('npm', '4.0.0', '5.1.0', '>=5.0.0 <5.0.1')).toBe(true);
  });

  it('rejects an invalid file with its file, line and a fix', () => {
    let error: unknown;
    try {
      loadKnowledge([path.join(fixtures, 'knowledge-bad')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const input = error as InputError;
    expect(input.location?.file).toMatch(/knowledge-bad\/broken\.yaml$/);
    expect(input.location?.line).toBe(4);
    expect(input.message).toContain("must have required property 'source'");
    expect(input.fix).toContain('https source link');
  });

  it('rejects a missing extra folder instead of silently ignoring it', () => {
    expect(() => loadKnowledge(['/nonexistent/knowledge'])).toThrow(/knowledge folder not found/);
  });

  it('rejects YAML syntax errors with a position', () => {
    expect(() => parseKnowledgeFile('package: [unclosed\n', 'k.yaml')).toThrow(InputError);
  });
});
