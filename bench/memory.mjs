#!/usr/bin/env node
// Resident memory of `barometer serve` on embedded PGlite (goal: under 400 MB on the first
// start): a first start on a new data folder, then a restart on the same folder, each read from
// /proc a few seconds after "listening". Baseline in the same run: a bare Node process that only
// opens the same PGlite folder. `--demo-world N` also measures a first start that builds the demo
// world in the background (as `npm start` does), read once the world is ready.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(root, 'bin/barometer.js');
const demoArg = process.argv.indexOf('--demo-world');
const demoWorld = demoArg > 0 ? Number(process.argv[demoArg + 1]) : 0;

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Starts the server, waits for `until` in its log (then `settleMs`), reads its memory, stops it. */
async function serve(dataDir, extra, until, settleMs) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  let log = '';
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${until} within 180 s:\n${log}`)), 180_000);
    const onData = (chunk) => {
      log += chunk.toString('utf8');
      if (until.test(log)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`server exited ${code} before ${until}:\n${log}`)));
  });
  const seconds = (performance.now() - started) / 1000;
  await new Promise((ok) => setTimeout(ok, settleMs));
  const memory = memoryOf(child.pid);
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await new Promise((ok) => child.once('exit', ok));
  return { ...memory, seconds };
}

function bareOpen(dataDir) {
  const code = `const { PGlite } = require('@electric-sql/pglite');
PGlite.create(${JSON.stringify(dataDir)}).then(async (db) => { await db.query('select 1');
  const s = require('fs').readFileSync('/proc/self/status', 'utf8');
  console.log(Number(/VmRSS:\\s+(\\d+)/.exec(s)[1]) / 1024); await db.close(); });`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

const line = (name, m) =>
  console.log(
    `  ${name.padEnd(52)} ${m.rss.toFixed(0).padStart(5)} MB resident, peak ${m.peak.toFixed(0).padStart(5)} MB  (${m.seconds.toFixed(1)} s)`,
  );
const dir = mkdtempSync(join(tmpdir(), 'barometer-memory-'));
try {
  console.log(`barometer serve on PGlite: resident memory 3 s after "listening", ${new Date().toISOString()}`);
  const first = await serve(join(dir, 'data'), ['--demo-world', '0'], /"msg":"listening"/, 3000);
  line('first start (new data folder)', first);
  const again = await serve(join(dir, 'data'), ['--demo-world', '0'], /"msg":"listening"/, 3000);
  line('restart (same folder)', again);
  console.log(`  baseline: bare node opening the same PGlite folder   ${bareOpen(join(dir, 'data')).toFixed(0)} MB`);
  console.log(`goal: first start under 400 MB: ${first.rss < 400 ? 'PASS' : 'FAIL'} (${first.rss.toFixed(0)} MB)`);
  if (demoWorld > 0) {
    const demo = await serve(join(dir, 'demo'), ['--demo-world', String(demoWorld)], /"msg":"demo world ready/, 1000);
    line(`first start building the demo world (${demoWorld} per country × wave)`, demo);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
