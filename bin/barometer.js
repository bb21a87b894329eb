#!/usr/bin/env node
// The `barometer` command. The sources are TypeScript, run through tsx's loader
// so that `npx barometer …` works from a clone with no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
