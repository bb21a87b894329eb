/**
 * `npm run bench:pipeline` — weighting and materialising every series of a world study:
 * 150 countries × 3 waves × 1,000 respondents (450,000 responses, inserted directly as rows), on
 * embedded PGlite and on PostgreSQL. Per wave `runWeighting` reads the responses, rakes and trims
 * every country, stores the run and 150,000 weights, then materialises the series (5 indicators ×
 * all adults and 11 subgroup levels × 150 countries, 7 regions and the world) and the answer
 * distributions. Printed: total time, split into database time (reading, storing) and compute
 * time (weighting, estimation), with a baseline measured in the same run: the bare query reading
 * the same responses. Goal: under 10 s on PostgreSQL.
 *
 * Options: --countries=N (150) --waves=N (3) --per-country=N (1000) --only=pglite|postgres
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a
 * scratch database is created and dropped.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createDb, rowsOf, type DbHandle } from '../db/index.ts';
import { runWeighting } from '../src/indicators/index.ts';
import { insertResponses, storeStudy } from '../test/helpers/responses.ts';
import { worldResponses, worldStudy } from './lib/world-study.ts';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [k = '', v = ''] = a.replace(/^--/, '').split('=');
    return [k, v];
  }),
);
const COUNTRIES = Number(args.get('countries') ?? 150);
const WAVES = Number(args.get('waves') ?? 3);
const PER_COUNTRY = Number(args.get('per-country') ?? 1000);
const only = args.get('only');
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function scratch(kind: 'pglite' | 'postgres'): Promise<{ handle: DbHandle; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await createDb({ kind: 'pglite' });
    await handle.migrate();
    return { handle, dispose: () => handle.close() };
  }
  const name = `barometer_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const handle = await createDb({ kind: 'postgres', url: u.toString(), max: 4 });
  await handle.migrate();
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  const study = worldStudy(COUNTRIES, WAVES);
  const { handle, dispose } = await scratch(kind);
  try {
    const db = handle.db;
    let t = performance.now();
    await storeStudy(db, study);
    await insertResponses(db, study, worldResponses(study, PER_COUNTRY), 10_000);
    await db.execute(sql`analyze`);
    console.log(
      `[${kind}] inserted ${(COUNTRIES * WAVES * PER_COUNTRY).toLocaleString('en')} responses as rows in ${s(performance.now() - t)} (not part of the figures)`,
    );

    t = performance.now();
    const base = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from (select id, answers from responses order by id) r`),
    );
    const countMs = performance.now() - t;
    t = performance.now();
    for (const wave of study.waves)
      await db.execute(
        sql`select r.id, r.answers from responses r join waves w on w.id = r.wave_id where w.code = ${wave.id} order by r.id`,
      );
    const baselineMs = performance.now() - t;

    let read = 0,
      compute = 0,
      store = 0,
      matTotal = 0,
      matDb = 0;
    const started = performance.now();
    for (const wave of study.waves) {
      const run = await runWeighting(db, { study, wave: wave.id, actor: 'bench' });
      read += run.timings.readMs;
      compute += run.timings.computeMs;
      store += run.timings.storeMs;
      matTotal += run.timings.materialiseMs;
      matDb += run.timings.materialiseDbMs;
    }
    const total = performance.now() - started;
    const points =
      rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from indicator_series`))[0]?.n ?? 0;
    const database = read + store + matDb;
    const computeAll = compute + (matTotal - matDb);
    console.log(
      `[${kind}] weight + materialise ${COUNTRIES} countries × ${WAVES} waves × ${PER_COUNTRY} respondents: ${s(total)}${kind === 'postgres' ? `  (goal < 10 s: ${total < 10_000 ? 'PASS' : 'FAIL'})` : ''}`,
    );
    console.log(
      `[${kind}]   database ${s(database)}: read responses ${s(read)}, store runs + weights ${s(store)}, store ${points.toLocaleString('en')} series points + distributions ${s(matDb)}`,
    );
    console.log(
      `[${kind}]   compute  ${s(computeAll)}: weighting (rake + trim + diagnostics) ${s(compute)}, estimation (cells, SEs, aggregates) ${s(matTotal - matDb)}`,
    );
    console.log(`[${kind}]   other    ${s(total - database - computeAll)}`);
    console.log(
      `[${kind}]   baseline: the bare query reading the same responses, wave by wave: ${s(baselineMs)} (count of ${base[0]?.n ?? 0} rows: ${s(countMs)})`,
    );
  } finally {
    await dispose();
  }
}

console.log(`bench:pipeline — Node ${process.version}; timings on a shared machine are noisy`);
if (only !== 'postgres') await bench('pglite');
if (only !== 'pglite') await bench('postgres');
