#!/usr/bin/env node
// Wall time of `barometer` commands next to bare `node -e 0`, measured in the same run: the
// median of several runs each (after one warm-up run that fills the OS and transpiler caches).
// Goals: `help` within 150 ms of bare node, `lint` under 600 ms.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const bin = resolve(root, 'bin/barometer.js');

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'barometer help', args: [bin, 'help'] },
  { name: 'barometer lint', args: [bin, 'lint'] },
  { name: 'barometer codebook migration-perceptions', args: [bin, 'codebook', 'migration-perceptions'] },
];

function time(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map();
for (const c of cases) {
  time(c.args); // warm-up
  const xs = Array.from({ length: runs }, () => time(c.args));
  results.set(c.name, { median: median(xs), min: Math.min(...xs) });
}

const node = results.get('node -e 0').median;
console.log(`barometer CLI wall times, median of ${runs} runs (min in brackets), ${new Date().toISOString()}`);
for (const [name, r] of results) {
  const over = name === 'node -e 0' ? '' : `  (+${(r.median - node).toFixed(0)} ms over node)`;
  console.log(`  ${name.padEnd(42)} ${r.median.toFixed(0).padStart(6)} ms [${r.min.toFixed(0)}]${over}`);
}
const help = results.get('barometer help').median - node;
const lint = results.get('barometer lint').median;
console.log(`goal: help within 150 ms of node: ${help <= 150 ? 'PASS' : 'FAIL'} (+${help.toFixed(0)} ms)`);
console.log(`goal: lint under 600 ms:          ${lint < 600 ? 'PASS' : 'FAIL'} (${lint.toFixed(0)} ms)`);
