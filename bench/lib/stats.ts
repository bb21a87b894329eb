/** Measurement helpers for benchmarks: latency percentiles, per-second series, CPU accounting from /proc. */
import { readdirSync, readFileSync } from 'node:fs';

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** A growable array of numbers (latencies in ms). */
export class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** Counts per whole second since `start` (ms, performance.now()). */
export class PerSecond {
  readonly counts: number[] = [];
  constructor(readonly start: number) {}
  add(at: number, n = 1): void {
    const s = Math.floor((at - this.start) / 1000);
    if (s < 0) return;
    while (this.counts.length <= s) this.counts.push(0);
    this.counts[s] = (this.counts[s] ?? 0) + n;
  }
  /** Mean rate over seconds [from, to). */
  rate(from: number, to: number): number {
    let sum = 0;
    for (let s = from; s < to; s++) sum += this.counts[s] ?? 0;
    return sum / Math.max(1, to - from);
  }
}

const ticksPerSecond = 100; // USER_HZ on Linux

function procTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime are fields 14 and 15 (1-based) → index 11, 12 after the comm
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function postgresTicks(): number {
  let sum = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') sum += procTicks(Number(d));
    } catch {
      // gone
    }
  }
  return sum;
}

function systemBusyTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  readonly at: number;
  readonly client: number;
  readonly server: number;
  readonly postgres: number;
  readonly busy: number;
}

/** Where the machine's CPU went between two snapshots, in cores (1.0 = one core busy). */
export function cpuSnapshot(serverPids: readonly number[]): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    at: performance.now(),
    client: (u.user + u.system) / 1e6,
    server: serverPids.reduce((a, p) => a + procTicks(p), 0) / ticksPerSecond,
    postgres: postgresTicks() / ticksPerSecond,
    busy: systemBusyTicks().busy / ticksPerSecond,
  };
}

export function cpuBetween(
  a: CpuSnapshot,
  b: CpuSnapshot,
): { client: number; server: number; postgres: number; other: number; seconds: number } {
  const s = (b.at - a.at) / 1000;
  const client = (b.client - a.client) / s;
  const server = (b.server - a.server) / s;
  const postgres = (b.postgres - a.postgres) / s;
  const busy = (b.busy - a.busy) / s;
  return { client, server, postgres, other: Math.max(0, busy - client - server - postgres), seconds: s };
}
