#!/usr/bin/env node
// Time of `npm start` on an empty data folder (issue 21: the full demo world ready within 60 s
// of the server listening, on PGlite). Each run starts `barometer serve` as `npm start` does
// (`--demo-world 1000`, realistic scenario) on a new data folder and times, from the spawn, the
// "listening" log line and the "demo world ready" line (with the server's own split of the build:
// generating and validating respondents, in a worker thread that overlaps the inserts; inserts;
// the main thread waiting for the worker's next batch; weighting with the series; campaign reports).
// Baseline in the same run: a bare start (`--demo-world 0`, no demo world) on a new data folder.
// Three runs of each, interleaved; medians printed with the load average, since the machine is
// shared. `--runs N` changes the number of runs, `--completes N` the size.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(root, 'bin/barometer.js');
const { values } = parseArgs({ options: { runs: { type: 'string' }, completes: { type: 'string' } } });
const runs = Number(values.runs ?? 3);
const completes = Number(values.completes ?? 1000);

/** Starts the server on `dataDir`, records when each of `marks` first appears in its log, stops it. */
async function start(dataDir, demoWorld, marks, limitMs = 900_000) {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--data-dir', dataDir, '--demo-world', String(demoWorld)],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const started = performance.now();
  const at = {};
  let log = '';
  await new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`not every mark within ${limitMs / 1000} s:\n${log.slice(-4000)}`)),
      limitMs,
    );
    const onData = (chunk) => {
      log += chunk.toString('utf8');
      for (const [name, pattern] of Object.entries(marks))
        if (at[name] === undefined && pattern.test(log)) at[name] = (performance.now() - started) / 1000;
      if (Object.keys(marks).every((name) => at[name] !== undefined)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`server exited ${code}:\n${log.slice(-4000)}`)));
  });
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  // CPU seconds the server used (all its threads), from /proc (fields 14 and 15, in clock ticks of 1/100 s):
  // unlike wall time, barely changed by other work on the machine.
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / 100;
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await new Promise((ok) => child.once('exit', ok));
  const ready = log.split('\n').find((l) => l.includes('"msg":"demo world ready'));
  return { ...at, rssMb, cpuSeconds, split: ready ? JSON.parse(ready).ms : undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const listening = /"msg":"listening"/;
const dir = mkdtempSync(join(tmpdir(), 'barometer-start-'));
try {
  console.log(
    `npm start on an empty data folder (PGlite): ${completes.toLocaleString('en')} completes per country and wave, ${runs} runs, ${new Date().toISOString()}`,
  );
  const bare = [];
  const demo = [];
  for (let i = 0; i < runs; i++) {
    const b = await start(join(dir, `bare-${i}`), 0, { listening });
    bare.push(b);
    const before = load();
    const d = await start(join(dir, `demo-${i}`), completes, { listening, ready: /"msg":"demo world ready/ });
    demo.push(d);
    const s = d.split ?? {};
    console.log(
      `  run ${i + 1}: bare listening ${b.listening.toFixed(1)} s | demo listening ${d.listening.toFixed(1)} s, ready ${(d.ready - d.listening).toFixed(1)} s after listening (generate+validate ${((s.generate ?? 0) / 1000).toFixed(1)} s in the worker thread, insert ${((s.insert ?? 0) / 1000).toFixed(1)} s, waiting for the worker ${((s.waitForGenerate ?? 0) / 1000).toFixed(1)} s, weight+series ${((s.weight ?? 0) / 1000).toFixed(1)} s, campaign reports ${((s.campaigns ?? 0) / 1000).toFixed(1)} s; ${d.cpuSeconds.toFixed(0)} CPU seconds in the server since its start; ${d.rssMb.toFixed(0)} MB resident) | load average before ${before}, after ${load()}`,
    );
  }
  const ready = median(demo.map((d) => d.ready - d.listening));
  console.log(`median of ${runs}:`);
  console.log(
    `  baseline: bare start (no demo world), to listening    ${median(bare.map((b) => b.listening)).toFixed(1)} s`,
  );
  console.log(
    `  npm start (demo world), to listening                 ${median(demo.map((d) => d.listening)).toFixed(1)} s`,
  );
  console.log(`  npm start, "demo world ready" after listening        ${ready.toFixed(1)} s`);
  console.log(`  load average now (1, 5, 15 min): ${load()} on 2 cores shared with other work`);
  console.log(
    `goal: demo world ready ≤ 60 s after listening: ${ready <= 60 ? 'PASS' : 'FAIL'} (${ready.toFixed(1)} s)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
