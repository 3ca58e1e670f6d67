import { readFileSync } from 'node:fs';
import { parseNpmManifest } from '/work/main/policies/ecosystems/npm/index.js';
const d = '/work/shared/osv-db/fixtures/npm-vulnerable/';
const m = { path: 'package.json', text: readFileSync(d + 'package.json', 'utf8') };
const l = { path: 'package-lock.json', text: readFileSync(d + 'package-lock.json', 'utf8') };
for (let i = 0; i < 8; i++) {
  const t = process.hrtime.bigint();
  const r = parseNpmManifest(m, l);
  console.log(i, Number(process.hrtime.bigint() - t) / 1e6, 'ms', r.dependencies.length);
}
console.log(JSON.stringify(parseNpmManifest(m, l).dependencies.slice(0, 3)));
