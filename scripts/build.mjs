#!/usr/bin/env node
// Compiles src/ and db/ to JavaScript in dist/ (run by `npm install` and `npm ci` through
// `prepare`), copies the files they read at run time (migrations, page assets) beside them, and
// stamps the build. bin/barometer.js runs dist/ when the stamp is newer than every source file,
// and the TypeScript sources through tsx otherwise.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error(
    'build: typescript is not installed (an install without dev dependencies); `barometer` runs the sources through tsx',
  );
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc failed; `barometer` will run the TypeScript sources through tsx until a build succeeds');
  process.exit(r.status ?? 1);
}
for (const folder of ['db/migrations', 'src/web/assets', 'dashboards/assets'])
  cpSync(join(root, folder), join(dist, folder), { recursive: true });

// `barometer analyse` reads one large file per run and is timed end to end (bench:stats): as one
// module it loads in about 40 ms instead of 120 (zod and a hundred small modules). It reads no
// study definitions, so its own copies of src/ are safe; its import of cli/io.ts stays an import
// of the compiled module, so the CLI's error classes stay the ones the entry point checks.
const { build } = await import('esbuild');
const io = join(root, 'src/cli/io.ts');
await build({
  entryPoints: [join(root, 'src/cli/commands/analyse.ts')],
  outfile: join(dist, 'src/cli/commands/analyse.js'),
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'error',
  plugins: [
    {
      name: 'compiled-cli-io',
      setup(b) {
        b.onResolve({ filter: /\/io\.ts$/ }, (args) =>
          resolve(args.resolveDir, args.path) === io ? { path: '../io.js', external: true } : undefined,
        );
      },
    },
  ],
});
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
