/** `barometer analyse` run as a user runs it (a new process on the bin script), timed with its peak memory. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/barometer.js', import.meta.url));

export interface TimedRun {
  /** Wall-clock seconds of the whole process. */
  readonly seconds: number;
  /** Peak resident memory in MB (from /usr/bin/time; null where it is not installed). */
  readonly peakMb: number | null;
  /** User + system CPU seconds (from /usr/bin/time): less sensitive than wall time to a loaded machine. */
  readonly cpuSeconds: number | null;
  readonly stdout: string;
}

/** Runs a command under /usr/bin/time when present (for the peak RSS), else times it from here. */
export function timedRun(command: string, args: readonly string[], cwd: string): TimedRun {
  const gnuTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const run = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', path.join(cwd, 'time.txt'), command, ...args], {
        cwd,
        maxBuffer: 1 << 28,
      })
    : spawnSync(command, args, { cwd, maxBuffer: 1 << 28 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0)
    throw new Error(`${command} failed: ${run.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
  if (!gnuTime) return { seconds: wall, peakMb: null, cpuSeconds: null, stdout: run.stdout.toString() };
  const [elapsed, kb, user, system] =
    readFileSync(path.join(cwd, 'time.txt'), 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  return {
    seconds: elapsed ?? wall,
    peakMb: kb === undefined ? null : kb / 1024,
    cpuSeconds: user === undefined || system === undefined ? null : user + system,
    stdout: run.stdout.toString(),
  };
}

/** Writes SPEC.json beside the data and runs `node bin/barometer.js analyse SPEC.json --out result.json`. */
export function cliAnalyse(
  dir: string,
  spec: unknown,
): TimedRun & { result: { estimates: { estimate: number; se: number }[] } } {
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  const run = timedRun(process.execPath, [bin, 'analyse', 'spec.json', '--out', 'result.json'], dir);
  return { ...run, result: JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) };
}
