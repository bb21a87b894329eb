#!/usr/bin/env node
// The `barometer` command. It runs the compiled JavaScript in dist/ (built by `npm install`
// through `prepare`, or `npm run build`) when that build is newer than every file of src/ and
// db/; otherwise it runs the TypeScript sources through tsx, and says so once on stderr.
// Study definitions (survey-definitions/*.ts) are TypeScript that researchers edit: the compiled
// commands bundle them with esbuild, their imports of src/ served by the same compiled modules.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.built', root);

// A closed pipe (`barometer codebook … | head`) ends the command quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** The newest modification time of the .ts files under a folder. */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else if (entry.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function compiledIsFresh() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return newest(new URL('src/', root)) < built && newest(new URL('db/', root)) < built;
}

let entry;
if (compiledIsFresh()) {
  // No TypeScript loader: the commands that read study definitions bundle them with esbuild
  // (src/instrument/definition-bundle.ts), so no module hook slows every import.
  entry = new URL('dist/src/cli/index.js', root);
} else {
  if (existsSync(stamp)) {
    process.stderr.write(
      'barometer: sources changed since the last build; running them through tsx (`npm run build` makes it start fast again)\n',
    );
  }
  (await import('tsx/esm/api')).register();
  entry = new URL('src/cli/index.ts', root);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
