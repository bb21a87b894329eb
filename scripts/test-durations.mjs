#!/usr/bin/env node
/**
 * Rewrites test/durations.json (seconds per test file, read by test/helpers/sequencer.ts to start
 * the longest files first) from the output of a full `npm test` run (e.g. a saved `.ci/run` log):
 * the lines `✓ test/x.test.ts (N tests) 1234ms` of vitest's default reporter.
 *
 *   node scripts/test-durations.mjs ci.log
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [log] = process.argv.slice(2);
if (!log) {
  console.error('usage: node scripts/test-durations.mjs LOG');
  process.exit(2);
}
// eslint-disable-next-line no-control-regex
const text = readFileSync(log, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const out = {};
for (const m of text.matchAll(/^ [✓×❯↓] (test\/\S+\.test\.ts) \([^)]*\) ([\d.]+)(ms|s)$/gm)) {
  out[m[1]] = Math.round((m[3] === 's' ? Number(m[2]) : Number(m[2]) / 1000) * 10) / 10;
}
const files = Object.keys(out).sort();
if (files.length === 0) {
  console.error(`${log}: no vitest file lines found`);
  process.exit(1);
}
const sorted = Object.fromEntries(files.map((f) => [f, out[f]]));
writeFileSync(new URL('../test/durations.json', import.meta.url), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(
  `test/durations.json: ${files.length} files, ${Object.values(out)
    .reduce((a, b) => a + b, 0)
    .toFixed(0)} s in all`,
);
