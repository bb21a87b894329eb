/**
 * `npm run bench:ingest`: the real server (`barometer serve`, child process) on a fresh
 * PostgreSQL database with synchronous_commit on, driven over loopback by keep-alive clients
 * taking complete respondent flows (start, every page, submit) at a fixed concurrency; then, in
 * the same run, the flagship instrument's full flow, and the ceiling: the same rows written by a
 * bare `postgres` client loop. Prints the figures and PASS/FAIL per goal.
 *
 *   npm run bench:ingest -- [--seconds 60] [--warmup 5] [--concurrency 64] [--servers 1]
 *                           [--flagship-seconds 15] [--ceiling-seconds 20] [--no-idempotency]
 *                           [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *                           [--cpu-prof DIR]   (V8 CPU profile of the server process(es), see bench/profile-top.ts)
 *
 * Concurrency is respondents taking flows back to back, with no think time. 64 fills the group
 * commit's batches (about 25 rows per statement here) while p99 stays under the 50 ms goal; at 32
 * the batches are half as big and the flows wait on the statement cycle (about 850–950 flows/s
 * here against 1,000–1,200), at 96 p99 passes 50 ms.
 *
 * Exit code 0 only when every goal passes. The decay under saturation that this guards against
 * (the `postgres` driver's internal lists, porsager/postgres#747) is reproduced on its own by
 * `npx tsx bench/ingest-driver-queue.ts`; db/pool.ts is the fix.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { runCeiling } from './lib/ceiling.ts';
import { respondentFlow, FlowError } from './lib/flow.ts';
import { httpClient, type HttpClient } from './lib/http.ts';
import { createFreshDatabase, defaultAdminUrl, durabilitySettings, type FreshDatabase } from './lib/pg.ts';
import { startServerProcess, type ServerProcess } from './lib/server.ts';
import { defaultPoolSize } from '../db/index.ts';
import { cpuBetween, cpuSnapshot, PerSecond, percentile, Samples } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    servers: { type: 'string', default: '1' },
    'flagship-seconds': { type: 'string', default: '15' },
    'ceiling-seconds': { type: 'string', default: '20' },
    'no-idempotency': { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? defaultAdminUrl },
    keep: { type: 'boolean', default: false },
    /** Write a V8 CPU profile of each server process (node --cpu-prof) into this directory. */
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const concurrency = Number(args.concurrency);
const serverCount = Number(args.servers);
const flagshipSeconds = Number(args['flagship-seconds']);
const ceilingSeconds = Number(args['ceiling-seconds']);
const idempotency = !args['no-idempotency'];
const adminUrl = args['admin-url'];

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const log = (s = '') => process.stdout.write(`${s}\n`);

interface LoadResult {
  readonly flows: PerSecond;
  readonly requests: PerSecond;
  readonly latencies: Samples;
  readonly byKind: Map<string, Samples>;
  readonly errors: number;
  readonly failedFlows: number;
  readonly firstError: string | undefined;
  readonly requestsPerFlow: number;
  readonly cpu: ReturnType<typeof cpuBetween>;
  /** The pages of one complete flow (the ceiling writes the same answers). */
  readonly sample: { pages: { blockId: string; answers: Record<string, unknown> }[] } | undefined;
}

async function startServers(db: FreshDatabase, definitions: string | undefined): Promise<ServerProcess[]> {
  const env: Record<string, string> = { DATABASE_URL: db.url, PORT: '0', BAROMETER_RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
  if (definitions !== undefined) env.BAROMETER_DEFINITIONS = definitions;
  const servers: ServerProcess[] = [];
  // One at a time: the first loads the definitions and opens the wave on the fresh database.
  const execArgv = args['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']];
  for (let i = 0; i < serverCount; i++) servers.push(await startServerProcess(env, { execArgv }));
  return servers;
}

async function openWaveId(client: HttpClient): Promise<string> {
  const res = await client.request('GET', '/v1/waves');
  const waves = (res.body as { waves?: { id: string }[] }).waves ?? [];
  const first = waves[0];
  if (res.status !== 200 || !first) throw new Error(`no open wave: ${res.status} ${JSON.stringify(res.body)}`);
  return first.id;
}

/** Runs `concurrency` respondents in a loop for warmup + seconds, counting only the measured window. */
async function drive(
  servers: readonly ServerProcess[],
  measureSeconds: number,
  warmupSeconds: number,
): Promise<LoadResult> {
  const clients = servers.map((s) => httpClient(s.url, { maxSockets: concurrency }));
  const waveId = await openWaveId(clients[0] as HttpClient);
  const t0 = performance.now();
  const measureFrom = t0 + warmupSeconds * 1000;
  const end = measureFrom + measureSeconds * 1000;
  const flows = new PerSecond(measureFrom);
  const requests = new PerSecond(measureFrom);
  const latencies = new Samples();
  const byKind = new Map<string, Samples>();
  let errors = 0;
  let failedFlows = 0;
  let firstError: string | undefined;
  let requestCount = 0;
  let flowCount = 0;
  let sample: LoadResult['sample'];
  let cpuStart = cpuSnapshot(servers.map((s) => s.child.pid ?? 0));
  let cpuTaken = false;
  const worker = async (i: number) => {
    const client = clients[i % clients.length] as HttpClient;
    let seed = i * 7919 + 1;
    while (performance.now() < end) {
      let n = 0;
      try {
        const acks = await respondentFlow(client, waveId, {
          idempotency,
          seed: seed++,
          onRequest: (kind, res) => {
            n++;
            const at = performance.now();
            if (res.status >= 300) errors++;
            if (at >= measureFrom && at < end) {
              requests.add(at);
              latencies.push(res.ms);
              let k = byKind.get(kind);
              if (!k) byKind.set(kind, (k = new Samples()));
              k.push(res.ms);
            }
          },
        });
        const at = performance.now();
        if (at >= measureFrom && at < end) {
          flows.add(at);
          flowCount++;
          requestCount += n;
        }
        if (!cpuTaken && at >= measureFrom) {
          cpuTaken = true;
          cpuStart = cpuSnapshot(servers.map((s) => s.child.pid ?? 0));
        }
        sample ??= { pages: acks.pages };
      } catch (err) {
        failedFlows++;
        if (!(err instanceof FlowError)) errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const cpu = cpuBetween(cpuStart, cpuSnapshot(servers.map((s) => s.child.pid ?? 0)));
  for (const c of clients) c.close();
  return {
    flows,
    requests,
    latencies,
    byKind,
    errors,
    failedFlows,
    firstError,
    requestsPerFlow: flowCount ? requestCount / flowCount : Number.NaN,
    cpu,
    sample,
  };
}

function describeCpu(cpu: LoadResult['cpu'], flowsPerSecond?: number): string {
  const line = `CPU (cores of ${cpus().length}): load generator ${fmt(cpu.client, 2)}, server ${fmt(cpu.server, 2)}, PostgreSQL ${fmt(cpu.postgres, 2)}, other processes (not this benchmark) ${fmt(cpu.other, 2)}`;
  if (!flowsPerSecond) return line;
  const ms = (cores: number) => fmt((cores / flowsPerSecond) * 1000, 2);
  const own = cpu.server + cpu.postgres;
  return `${line}\n   CPU per flow: server ${ms(cpu.server)} ms + PostgreSQL ${ms(cpu.postgres)} ms (+ load generator ${ms(cpu.client)} ms); at that cost ${cpus().length} idle cores would carry about ${fmt(cpus().length / ((own + cpu.client) / flowsPerSecond))} flows/s with the load generator on the same machine (an estimate, not a measurement)`;
}

async function main(): Promise<number> {
  log(
    `== bench:ingest  node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log(
    `   concurrency ${concurrency} respondents, ${serverCount} server process(es), ${seconds} s measured after ${warmup} s warm-up, Idempotency-Key on every write: ${idempotency ? 'yes' : 'no'}`,
  );
  const db = await createFreshDatabase(adminUrl, 'barometer_bench');
  const flagshipDb = flagshipSeconds > 0 ? await createFreshDatabase(adminUrl, 'barometer_bench_flagship') : undefined;
  const settings = await durabilitySettings(db.url);
  log(
    `   PostgreSQL ${settings.server_version}: synchronous_commit=${settings.synchronous_commit}, fsync=${settings.fsync}, wal_sync_method=${settings.wal_sync_method}; fresh database ${db.name}`,
  );
  if (settings.synchronous_commit !== 'on')
    log('   WARNING: synchronous_commit is not on; the figures do not count durable commits');

  let servers: ServerProcess[] = [];
  try {
    // 1. The lean bench study: start + 1 page + submit.
    servers = await startServers(db, 'bench/ingest-definitions');
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    const main = await drive(servers, seconds, warmup);
    const [conns] = await admin<
      { n: number }[]
    >`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    const [rows] = await admin<
      { responses: number; sessions: number }[]
    >`select (select count(*)::int from responses) as responses, (select count(*)::int from sessions) as sessions`;
    const waveId = (await admin<{ id: string }[]>`select id from waves where status = 'open' limit 1`)[0]?.id;
    const [pres] = await admin<{ presentation: unknown }[]>`select presentation from sessions limit 1`;
    // The results the server stored with the keys of the lean study's first flow, per kind (their sizes matter to the ceiling).
    const stored = async (where: string) =>
      (
        await admin.unsafe<{ body: unknown }[]>(
          `select body from idempotency_keys where ${where} order by created_at limit 1`,
        )
      )[0]?.body;
    const storedBodies = {
      start: await stored(`scope like 'start:%'`),
      save: await stored('status = 200'),
      submit: await stored(`scope like 'session:%' and status = 201`),
    };
    await admin.end({ timeout: 5 });
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    const held = (conns?.n ?? 0) / serverCount;
    // The ceiling gets the whole pool a server may open (it opens connections only as it needs them).
    const poolSize = defaultPoolSize;

    const sorted = main.latencies.sorted();
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const flowsPerSecond = main.flows.rate(0, seconds);
    const first10 = main.flows.rate(0, Math.min(10, seconds));
    const last10 = main.flows.rate(Math.max(0, seconds - 10), seconds);
    log('');
    log(`-- lean bench study (bench/ingest-definitions: 1 page, ${fmt(main.requestsPerFlow, 1)} requests per flow)`);
    log(
      `   submitted responses/s ${fmt(flowsPerSecond)}   complete flows/s ${fmt(flowsPerSecond)}   requests/s ${fmt(main.requests.rate(0, seconds))}`,
    );
    log(
      `   latency per request: p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms, max ${fmt(sorted[sorted.length - 1] ?? Number.NaN, 1)} ms`,
    );
    for (const [kind, s] of main.byKind) {
      const k = s.sorted();
      log(
        `     ${kind.padEnd(6)} p50 ${fmt(percentile(k, 50), 1)} ms, p99 ${fmt(percentile(k, 99), 1)} ms (${k.length})`,
      );
    }
    log(`   flows/s first 10 s ${fmt(first10)}, last 10 s ${fmt(last10)} (${fmt((last10 / first10) * 100, 1)}%)`);
    log(
      `   flows/s per 5 s: ${Array.from({ length: Math.ceil(seconds / 5) }, (_, i) => fmt(main.flows.rate(i * 5, Math.min(seconds, i * 5 + 5)))).join(' ')}`,
    );
    log(
      `   non-2xx or failed requests ${main.errors}, failed flows ${main.failedFlows}${main.firstError ? ` (first: ${main.firstError})` : ''}`,
    );
    log(
      `   rows: ${rows?.responses} responses, ${rows?.sessions} sessions; database connections held by the server(s): ${conns?.n}`,
    );
    log(`   ${describeCpu(main.cpu, flowsPerSecond)}`);

    // 2. The flagship instrument's full flow.
    let flagship: LoadResult | undefined;
    if (flagshipDb) {
      servers = await startServers(flagshipDb, undefined);
      flagship = await drive(servers, flagshipSeconds, 3);
      await Promise.all(servers.map((s) => s.stop()));
      servers = [];
      const fs = flagship.latencies.sorted();
      log('');
      log(
        `-- flagship instrument, full flow (survey-definitions, demo wave: ${fmt(flagship.requestsPerFlow, 1)} requests per flow), ${flagshipSeconds} s`,
      );
      log(
        `   submitted responses/s ${fmt(flagship.flows.rate(0, flagshipSeconds))}   requests/s ${fmt(flagship.requests.rate(0, flagshipSeconds))}   p50 ${fmt(percentile(fs, 50), 1)} ms, p99 ${fmt(percentile(fs, 99), 1)} ms`,
      );
      log(
        `   non-2xx or failed requests ${flagship.errors}, failed flows ${flagship.failedFlows}${flagship.firstError ? ` (first: ${flagship.firstError})` : ''}`,
      );
      log(`   ${describeCpu(flagship.cpu, flagship.flows.rate(0, flagshipSeconds))}`);
    }

    // 3. The ceiling: the same statements from a bare postgres client loop.
    if (!waveId || !main.sample) throw new Error('the load run produced no complete flow; no ceiling to compare with');
    const ceiling = await runCeiling({
      url: db.url,
      waveId,
      concurrency,
      poolSize,
      seconds: ceilingSeconds,
      warmupSeconds: 3,
      sampleBodies: storedBodies,
      pages: main.sample.pages,
      presentation: pres?.presentation ?? {},
    });
    const ceilingCpu = ceiling.cpu;
    const ratio = flowsPerSecond / ceiling.flowsPerSecond;
    log('');
    log(
      `-- ceiling: bare postgres client loop, the server's statements with one request's row each (no batching), ${concurrency} concurrent flows over ${poolSize} connections (the server's pool; it used ${fmt(held)}), ${ceilingSeconds} s`,
    );
    log(
      `   flows/s ${fmt(ceiling.flowsPerSecond)} (${fmt(ceiling.transactionsPerSecond)} commits/s); server reaches ${fmt(ratio * 100, 1)}% of it`,
    );
    log(`   ${describeCpu(ceilingCpu, ceiling.flowsPerSecond)}`);

    const goals: [string, boolean, string][] = [
      [
        'complete flows/s >= 1000 (each >= 3 requests)',
        flowsPerSecond >= 1000 && main.requestsPerFlow >= 3,
        `${fmt(flowsPerSecond)} flows/s of ${fmt(main.requestsPerFlow, 1)} requests`,
      ],
      ['p99 latency per request < 50 ms', p99 < 50, `${fmt(p99, 1)} ms`],
      [
        '>= 50% of the ceiling',
        ratio >= 0.5,
        `${fmt(ratio * 100, 1)}% (${fmt(flowsPerSecond)} of ${fmt(ceiling.flowsPerSecond)} flows/s)`,
      ],
      [
        'no decay: last 10 s >= 90% of first 10 s',
        last10 >= 0.9 * first10,
        `${fmt(last10)} vs ${fmt(first10)} flows/s`,
      ],
      [
        'no failed requests',
        main.errors === 0 && main.failedFlows === 0,
        `${main.errors} errors, ${main.failedFlows} failed flows`,
      ],
    ];
    log('');
    for (const [name, pass, detail] of goals) log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
    return goals.every(([, pass]) => pass) ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.kill()));
    if (!args.keep) {
      await db.drop();
      await flagshipDb?.drop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
