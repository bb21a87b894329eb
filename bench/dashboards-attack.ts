/**
 * `npm run bench:dashboards-attack` — does one client asking for endless variants of a dashboard
 * page slow everyone else? A real server (`barometer serve --demo-world 20`, as `npm start` runs
 * it) on PGlite, or on PostgreSQL with `--postgres[=URL]`; a control client reads the overview
 * (`GET /dashboards/migration-perceptions/en/`) one request after another, and prints its p50 and
 * p95:
 *
 *   1. alone (the baseline, measured in the same run);
 *   2. while one sequential attacker asks for `?lang=<random>` variants of the same page (the
 *      attack of issue 22: each variant used to be a fresh ~1 s render);
 *   3. while one sequential attacker asks for valid, distinct filter states (`?geo=` subsets of
 *      the countries): pages that must be rendered, bounded by the render limit.
 *
 * Goal (issue 22): under attack 2, the control client's p95 stays under 50 ms. The machine may
 * be shared: the load average is printed next to the figures.
 * Options: --seconds=N per phase (default 10), --postgres[=URL].
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFreshDatabase, defaultAdminUrl, type FreshDatabase } from './lib/pg.ts';
import { startServerProcess } from './lib/server.ts';

const arg = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const seconds = Number(arg('seconds')?.split('=')[1] ?? 10);
const pgArg = arg('postgres');
const page = '/dashboards/migration-perceptions/en/';

/** The `q` quantile of `xs` (nearest rank). */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

async function get(url: string): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
}

/** Requests `next()` one after another until `until`; the times and statuses of each. */
async function loop(next: () => string, until: number): Promise<{ ms: number[]; statuses: Map<number, number> }> {
  const ms: number[] = [];
  const statuses = new Map<number, number>();
  while (performance.now() < until) {
    const r = await get(next());
    ms.push(r.ms);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
  return { ms, statuses };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

let db: FreshDatabase | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'barometer-bench-attack-'));
const env: Record<string, string> = {
  PORT: '0',
  BAROMETER_DEMO_WORLD: '20',
  BAROMETER_DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
};
if (pgArg) {
  db = await createFreshDatabase(pgArg.includes('=') ? pgArg.split('=').slice(1).join('=') : defaultAdminUrl, 'attack');
  env.DATABASE_URL = db.url;
}
const server = await startServerProcess(env, { timeoutMs: 120_000 });
try {
  const ready = Date.now();
  while (!server.output().includes('demo world ready')) {
    if (Date.now() - ready > 600_000)
      throw new Error(`the demo world was not ready in 10 minutes:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const base = `${server.url}${page}`;
  const warm = await get(base);
  if (warm.status !== 200) throw new Error(`the overview answered ${warm.status}`);
  // The countries the attacker of phase 3 combines: every country of an indicator page's filter form.
  const form = await (await fetch(`${base}indicators/wantsDecrease/`)).text();
  const countries = [...new Set([...form.matchAll(/value="country:([A-Z]{3})"/g)].map((m) => m[1] ?? ''))];
  if (countries.length < 2) throw new Error('the filter form offers fewer than two countries');

  const random = () => Math.random().toString(36).slice(2, 10);
  const someCountries = () =>
    countries
      .filter(() => Math.random() < 0.3)
      .slice(0, 20)
      .map((c) => `geo=country:${c}`)
      .join('&') || `geo=country:${countries[0]}`;

  const phase = async (name: string, attacker?: () => string) => {
    const until = performance.now() + seconds * 1000;
    const [control, attack] = await Promise.all([
      loop(() => base, until),
      attacker ? loop(attacker, until) : Promise.resolve(undefined),
    ]);
    const p = (q: number) => `${quantile(control.ms, q).toFixed(1)} ms`.padStart(10);
    const attackSaid = attack
      ? `; attacker: ${attack.ms.length} requests (${[...attack.statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}), p50 ${quantile(attack.ms, 0.5).toFixed(1)} ms`
      : '';
    console.log(
      `  ${name.padEnd(44)} control p50 ${p(0.5)}  p95 ${p(0.95)}  (${control.ms.length} requests${attackSaid})  load ${load()}`,
    );
    return quantile(control.ms, 0.95);
  };

  console.log(
    `bench:dashboards-attack (${pgArg ? 'PostgreSQL' : 'PGlite'}; ${seconds} s a phase; control client: GET ${page}; load average 1/5/15 min: ${load()})`,
  );
  await phase('alone (baseline)');
  const p95 = await phase('with one ?lang=<random> attacker', () => `${base}?lang=${random()}`);
  await phase('with one attacker of valid ?geo= states', () => `${base}?${someCountries()}`);
  console.log(`  goal: control p95 under the ?lang= attack < 50 ms: ${p95 < 50 ? 'PASS' : 'FAIL'}`);
} finally {
  await server.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
