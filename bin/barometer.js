#!/usr/bin/env node
// The `barometer` command. It runs the compiled JavaScript in dist/ (built by `npm install`
// through `prepare`, or `npm run build`) when that build is newer than every file of src/ and
// db/; otherwise it runs the TypeScript sources through tsx, and says so once on stderr.
// Study definitions (survey-definitions/*.ts) are TypeScript that researchers edit: commands
// load them through tsx, with their imports of src/ served from the same compiled modules.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

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

const argv = process.argv.slice(2);
const helpOnly = argv.length === 0 || ['help', '--help', '-h'].includes(argv[0] ?? '');
let entry;
if (compiledIsFresh()) {
  if (!helpOnly) {
    // The command's compiled modules load first, outside any loader hook (hooks make every later
    // import a round trip to their thread); then TypeScript for the study definitions, whose
    // imports of src/ and db/ go to those same compiled modules.
    const { commands } = await import(new URL('dist/src/cli/commands/index.js', root).href);
    await commands.find((c) => c.name === argv[0])?.load();
    (await import('tsx/esm/api')).register();
    registerHooks('./dist-hooks.js', import.meta.url);
  }
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
process.exitCode = await main(argv);
