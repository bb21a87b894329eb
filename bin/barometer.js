#!/usr/bin/env node
// The `barometer` command. It runs the compiled JavaScript in dist/ (built by `npm install`
// through `prepare`, or `npm run build`) when that build is newer than every file of src/, db/
// and dashboards/; otherwise it runs the TypeScript sources through tsx, and says so once on stderr.
// Study definitions (survey-definitions/*.ts) are TypeScript that researchers edit: the compiled
// commands bundle them with esbuild, their imports of src/ served by the same compiled modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledIsFresh, root, stamp } from './build-state.js';

// A closed pipe (`barometer codebook … | head`) ends the command quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

let entry;
if (compiledIsFresh()) {
  // No TypeScript loader: the commands that read study definitions bundle them with esbuild
  // (src/instrument/definition-bundle.ts), so no module hook slows every import.
  entry = pathToFileURL(join(root, 'dist/src/cli/index.js'));
} else {
  if (existsSync(stamp)) {
    process.stderr.write(
      'barometer: sources changed since the last build; running them through tsx (`npm run build` makes it start fast again)\n',
    );
  }
  (await import('tsx/esm/api')).register();
  entry = pathToFileURL(join(root, 'src/cli/index.ts'));
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
