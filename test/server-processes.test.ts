/**
 * Several server processes on one PostgreSQL database (how Barometer grows past one process:
 * stateless servers behind a load balancer, PostgreSQL holding all state). Two real server
 * processes (test/helpers/slow-server.ts: the production start-up) share one database:
 *
 * - one respondent's requests alternate between them (start on A, pages saved on B and A,
 *   submit on A): each process's session cache is only a hint that every write checks;
 * - the session-start limit is per process (README: N processes allow N × BAROMETER_RATE_LIMIT
 *   a minute to one client): through both, exactly twice the limit is accepted, then both refuse;
 * - a new weighting run made current on A is what B's dashboards serve next, without a restart
 *   (B's caches are keyed by the current runs it reads from the database on each request).
 *
 * PostgreSQL only: two processes cannot open one embedded PGlite folder.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/index.ts';
import { bootstrapDefinitions } from '../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../src/demo/index.ts';
import { definitionsDir, ok, Respondent, Submitted, tokenFor, type Requester } from './helpers/collection.ts';
import { createScratchDb, type ScratchDb } from './helpers/db.ts';
import { spawnTs, type Spawned } from './helpers/process.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const LIMIT = 3;

describe.skipIf(postgresUrl === undefined)('two server processes on one PostgreSQL database', () => {
  let scratch: ScratchDb;
  const processes: Spawned[] = [];
  let a = '';
  let b = '';
  let waveId = '';

  const start = async (url: string): Promise<string> => {
    const proc = spawnTs('test/helpers/slow-server.ts', [], {
      DATABASE_URL: url,
      BAROMETER_DEFINITIONS: definitionsDir,
      BAROMETER_RATE_LIMIT: String(LIMIT),
      LOG_LEVEL: 'warn',
    });
    processes.push(proc);
    const [, listening] = await proc.waitFor(/LISTENING (\S+)/, 90_000);
    return listening ?? '';
  };

  beforeAll(async () => {
    scratch = await createScratchDb('postgres');
    if (!scratch.url) throw new Error('no URL for the scratch database');
    // A small demo world: two countries, three waves, weighted and materialised.
    await bootstrapDefinitions(scratch.handle.db, definitionsDir, { openDemo: false });
    await buildDemoWorld(scratch.handle.db, { size: { scale: 0.05, countries: ['GBR', 'DEU'] }, seed: 'two' });
    a = await start(scratch.url);
    b = await start(scratch.url);
    const [open] = rowsOf<{ id: string }>(
      await scratch.handle.db.execute(sql`select id from waves where code = 'mp-2026' and status = 'open'`),
    );
    waveId = open?.id ?? '';
  }, 600_000);
  afterAll(async () => {
    for (const p of processes) {
      if (process.env.SHOW_SERVER_OUTPUT) console.log(p.output());
      p.child.kill('SIGTERM');
      await p.exited;
    }
    await scratch?.dispose();
  });

  /** Requests to whichever server `target()` names (a load balancer's choice). */
  const balanced = (target: () => string): Requester => ({
    request: (input: RequestInfo | URL, init?: RequestInit) => fetch(`${target()}${String(input)}`, init),
  });

  it('serves one respondent whose requests alternate between the processes: start on A, save on B and A, submit on A', async () => {
    let at = a;
    const r = new Respondent(
      balanced(() => at),
      waveId,
    );
    await r.start();
    let pages = 0;
    while (r.page) {
      at = pages % 2 === 0 ? b : a;
      await r.answerPage();
      pages += 1;
    }
    expect(pages).toBeGreaterThan(2);
    at = a;
    await ok(await r.submit(), 201, Submitted);
    const [stored] = rowsOf<{ n: string | number; status: string }>(
      await scratch.handle.db.execute(
        sql`select count(r.id) as n, s.status from sessions s left join responses r on r.session_id = s.id where s.id = ${r.sessionId} group by s.status`,
      ),
    );
    expect([Number(stored?.n), stored?.status]).toEqual([1, 'submitted']);
    // A second submit through B meets the submitted session, whatever B remembered of it.
    at = b;
    expect((await r.submit()).status).toBe(409);
  });

  it('limits session starts per process: through both, twice the limit is accepted from one client, then both refuse', async () => {
    // The same client as the respondent above, whose start on A took one of A's tokens.
    const startAt = async (server: string) =>
      (
        await fetch(`${server}/v1/waves/${waveId}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ consent: true }),
        })
      ).status;
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push(await startAt(i % 2 === 0 ? b : a));
    // B: LIMIT accepted; A: LIMIT − 1 (the respondent's start was the first); then both refuse.
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect([await startAt(a), await startAt(b)]).toEqual([429, 429]);
  });

  it("serves, from B's dashboards, the weighting run A has just made current", async () => {
    const runsIn = async (server: string) => {
      const csv = await (await fetch(`${server}/dashboards/migration-perceptions/series/wantsDecrease.csv`)).text();
      const [header = '', ...rows] = csv.trim().split(/\r?\n/);
      const cols = header.split(',');
      const wave = cols.indexOf('wave');
      const run = cols.indexOf('weighting_run');
      return new Set(
        rows
          .map((l) => l.split(','))
          .filter((c) => c[wave] === 'mp-2024')
          .map((c) => c[run]),
      );
    };
    const before = await runsIn(b);
    expect(before.size).toBe(1);
    const page = `${b}/dashboards/migration-perceptions/en/?indicator=wantsDecrease`;
    expect((await fetch(page)).status).toBe(200);

    // Wave mp-2024 weighted again (the same responses: a new run, made current and materialised).
    const [closed] = rowsOf<{ id: string }>(
      await scratch.handle.db.execute(sql`select id from waves where code = 'mp-2024'`),
    );
    const token = await tokenFor(scratch.handle, 'researcher');
    const created = await fetch(`${a}/v1/research/waves/${closed?.id ?? ''}/weighting-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.status).toBe(201);
    const { run } = (await created.json()) as { run: { id: string } };
    expect(before.has(run.id)).toBe(false);

    // B reads the new current run at once: the series and the pages built from them.
    expect([...(await runsIn(b))]).toEqual([run.id]);
    const html = await (await fetch(page)).text();
    expect(html).toContain('<svg');
  });
});
