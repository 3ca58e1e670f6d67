import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyToTemp, fixturesDir, runCheck, runFixture, summarize } from './helpers.js';

describe('environments in different formats', () => {
  test('a .env dev, a JSON staging and a YAML prod with the same keys pass', async () => {
    expect(await runFixture('mixed-formats')).toEqual([]);
  });

  test('findings name the line in each format', async () => {
    const root = await copyToTemp(path.join(fixturesDir, 'mixed-formats'));
    const edit = async (file: string, from: string, to: string): Promise<void> => {
      const target = path.join(root, file);
      await writeFile(target, (await readFile(target, 'utf8')).replace(from, to));
    };
    await edit('config/dev.env', 'export HTTP__WRITE_TIMEOUT=15s', 'export HTTP__WRITE_TIMEOUT=5s');
    await edit('config/staging.json', '"port": 8080', '"port": "8080"');
    await edit('config/prod.yaml', 'level: warn', 'level: debug');
    expect(summarize(await runCheck(root))).toEqual([
      {
        rule: 'config/invariant',
        at: 'config/dev.env:4',
        message: 'dev: http.write_timeout (5s, config/dev.env:4) must be > http.handler_timeout (10s, config/dev.env:3)',
      },
      {
        rule: 'config/constraint',
        at: 'config/prod.yaml:7',
        message: 'prod: log.level (debug, config/prod.yaml:7) must be one of info, warn, error',
      },
      {
        rule: 'config/type-mismatch',
        at: 'config/staging.json:3',
        message: 'staging: http.port is a string here (config/staging.json:3) but a number in dev (config/dev.env:2) and a number in prod (config/prod.yaml:2)',
      },
    ]);
  });
});
