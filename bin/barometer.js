#!/usr/bin/env node
// The `barometer` command. The sources are TypeScript, run through tsx's loader
// so that `npx barometer …` works from a clone with no build step.
import { register } from 'tsx/esm/api';

// A closed pipe (`barometer codebook … | head`) ends the command quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
