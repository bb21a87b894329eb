/**
 * The decay the ingest benchmark guards against, reproduced at the driver level:
 * `tsx bench/ingest-driver-queue.ts [--seconds 30] [--callers 64] [--pool 10] [--statement insert|select]`
 *
 * The same loop of single statements (an insert with synchronous_commit on, as a plain
 * insert-per-request server does, or `select 1`), three ways:
 *   driver pool, saturated — more callers than connections, straight to `postgres`: the driver
 *                            pipelines onto busy connections and queues internally;
 *   driver pool, partial   — fewer callers than connections: some connection is always idle;
 *   reserved pool          — db/pool.ts, what the server uses: connections reserved once,
 *                            callers wait in an O(1) FIFO, more callers than connections.
 * In `postgres` 3.4.x every query moves its connection between internal lists with a linear
 * `indexOf` over a backing array that grows by one slot per query for as long as the list never
 * empties (db/pool.ts explains it), so with the driver's pool the client CPU per query grows with
 * the number of queries served and throughput falls. The figure to watch is the client CPU per
 * query, first 10 s vs last 10 s (robust even on a busy machine); throughput is printed too.
 * Exits non-zero if the reserved pool's CPU per query grows by more than 25%.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { pooledClient } from '../db/pool.ts';
import { createFreshDatabase, defaultAdminUrl } from './lib/pg.ts';
import { PerSecond } from './lib/stats.ts';

const postgresVersion = (
  JSON.parse(readFileSync(new URL('../node_modules/postgres/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    callers: { type: 'string', default: '64' },
    statement: { type: 'string', default: 'insert' },
    pool: { type: 'string', default: '10' },
    'admin-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? defaultAdminUrl },
  },
});
const seconds = Number(args.seconds);
const callers = Number(args.callers);
const pool = Number(args.pool);
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

type Mode = 'saturated' | 'partial' | 'reserved';
const modes: Record<Mode, string> = {
  saturated: `driver pool, saturated (${callers} callers, ${pool} connections)`,
  partial: `driver pool, partial (${Math.max(1, Math.floor(pool / 2))} callers, ${pool} connections)`,
  reserved: `reserved pool, db/pool.ts (${callers} callers, ${pool} connections)`,
};

interface Run {
  readonly perSecond: PerSecond;
  /** Client CPU microseconds per query, per second of the run. */
  readonly cpuPerQuery: number[];
}

async function run(url: string, mode: Mode): Promise<Run> {
  const sql = postgres(url, { max: pool, onnotice: () => {} });
  const reserved = mode === 'reserved' ? pooledClient(sql, pool) : undefined;
  const payload = JSON.stringify({ answers: { AGE: 42, SEX: 'female', MIG_GOOD: 'agree', MIG_JOBS: 'neutral' } });
  const text =
    args.statement === 'select' ? 'select $1::jsonb as body' : 'insert into ingest (body) values ($1::jsonb)';
  const once = () => (reserved ? reserved.unsafe(text, [payload]) : sql.unsafe(text, [payload]));
  const n = mode === 'partial' ? Math.max(1, Math.floor(pool / 2)) : callers;
  const start = performance.now();
  const end = start + seconds * 1000;
  const perSecond = new PerSecond(start);
  const cpuPerQuery: number[] = [];
  let lastCpu = process.cpuUsage();
  let lastCount = 0;
  let count = 0;
  const timer = setInterval(() => {
    const c = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    cpuPerQuery.push((c.user + c.system) / Math.max(1, count - lastCount));
    lastCount = count;
  }, 1000);
  const caller = async () => {
    while (performance.now() < end) {
      await once();
      count++;
      perSecond.add(performance.now());
    }
  };
  await Promise.all(Array.from({ length: n }, caller));
  clearInterval(timer);
  await (reserved ? reserved.end({ timeout: 5 }) : sql.end({ timeout: 5 }));
  return { perSecond, cpuPerQuery };
}

/**
 * The mechanism in isolation, deterministic: the driver's own Queue, used the way its pool uses
 * the `open` list when some connection stays idle — shift a connection out, `move()` it (a
 * `remove` that scans the backing array), push it back when its query is done.
 */
async function queueMechanism(): Promise<{ at: number; micros: number }[]> {
  const { default: Queue } = (await import(new URL('../node_modules/postgres/src/queue.js', import.meta.url).href)) as {
    default: <T>() => { push(x: T): T; shift(): T; remove(x: T): T | null; readonly length: number };
  };
  type Conn = { queue: ReturnType<typeof Queue<Conn>> };
  const open = Queue<Conn>();
  const busy = Queue<Conn>();
  const move = (c: Conn, q: ReturnType<typeof Queue<Conn>>) => {
    c.queue.remove(c);
    q.push(c);
    c.queue = q;
  };
  const conns: Conn[] = Array.from({ length: pool }, () => ({ queue: open }));
  for (const c of conns) open.push(c);
  const inFlight: Conn[] = [];
  const out: { at: number; micros: number }[] = [];
  let t = performance.now();
  for (let n = 1; n <= 300_000; n++) {
    const c = open.shift();
    move(c, busy);
    inFlight.push(c);
    if (inFlight.length >= Math.max(1, Math.floor(pool / 2))) move(inFlight.shift() as Conn, open);
    if (n % 50_000 === 0) {
      const now = performance.now();
      out.push({ at: n, micros: ((now - t) * 1000) / 50_000 });
      t = now;
    }
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function driverCheck(): Promise<boolean> {
  const db = await createFreshDatabase(args['admin-url'], 'barometer_driver_check');
  try {
    const setup = postgres(db.url, { max: 1, onnotice: () => {} });
    await setup`create table ingest (id bigserial primary key, body jsonb not null, at timestamptz not null default now())`;
    const [sc] = await setup<{ synchronous_commit: string }[]>`show synchronous_commit`;
    await setup.end();
    console.log(
      `== driver check: one ${args.statement} per call, ${seconds} s per mode, postgres ${postgresVersion}; synchronous_commit=${sc?.synchronous_commit}`,
    );
    let ok = true;
    const mech = await queueMechanism();
    console.log(
      `-- the driver's Queue as its pool uses the open list (${pool} connections, half busy): µs of list bookkeeping per query`,
    );
    console.log(`   ${mech.map((m) => `after ${m.at / 1000}k queries ${fmt(m.micros, 2)}`).join(', ')}`);
    for (const mode of ['saturated', 'partial', 'reserved'] as const) {
      const r = await run(db.url, mode);
      const first = r.perSecond.rate(0, 10);
      const last = r.perSecond.rate(seconds - 10, seconds);
      const cpuFirst = mean(r.cpuPerQuery.slice(1, 10));
      const cpuLast = mean(r.cpuPerQuery.slice(-10));
      const grows = cpuLast > 1.25 * cpuFirst;
      if (mode === 'reserved' && grows) ok = false;
      console.log(`-- ${modes[mode]}`);
      console.log(
        `   queries/s per 5 s: ${Array.from({ length: Math.ceil(seconds / 5) }, (_, i) => fmt(r.perSecond.rate(i * 5, Math.min(seconds, i * 5 + 5)))).join(' ')}`,
      );
      console.log(
        `   queries/s first 10 s ${fmt(first)}, last 10 s ${fmt(last)} (${fmt((last / first) * 100, 1)}%); client CPU per query ${fmt(cpuFirst, 1)} µs → ${fmt(cpuLast, 1)} µs (${fmt((cpuLast / cpuFirst) * 100, 0)}%)`,
      );
      console.log(
        `   ${grows ? (mode === 'reserved' ? 'FAIL' : 'DECAY') : 'PASS'}  client CPU per query stays within 125% of the first 10 s`,
      );
    }
    return ok;
  } finally {
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  driverCheck().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      console.error(err);
      process.exit(2);
    },
  );
}
