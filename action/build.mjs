// Bundles the GitHub Action (advisor/action.ts) into action/dist/index.js, so
// the action runs without an install step: `npm run build:action`.
// `node action/build.mjs --check` builds in memory and exits 1 when the
// committed bundle differs (the esbuild version is pinned by package-lock.json,
// so the output is byte-stable).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'action', 'dist');
const outfile = path.join(outdir, 'index.js');
const check = process.argv.includes('--check');

const result = await build({
  entryPoints: [path.join(root, 'advisor', 'action.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // Prefer packages' ES module builds: UMD builds (jsonc-parser's `main`) load their parts with
  // require() calls a bundler cannot follow, so the bundle would look for files that are not there.
  mainFields: ['module', 'main'],
  // Some bundled CommonJS packages call require() for Node built-ins; ESM has no require.
  banner: { js: "import { createRequire as __goldenpathCreateRequire } from 'node:module';\nconst require = __goldenpathCreateRequire(import.meta.url);" },
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  write: !check,
});

if (check) {
  const built = result.outputFiles?.[0]?.text ?? '';
  const committed = await readFile(outfile, 'utf8').catch(() => '');
  if (built !== committed) {
    process.stderr.write('action/dist/index.js is out of date: run `npm run build:action` and commit the result\n');
    process.exit(1);
  }
} else {
  // The bundle is ESM whatever package.json sits above the action's checkout.
  await writeFile(path.join(outdir, 'package.json'), '{\n  "type": "module"\n}\n');
}
