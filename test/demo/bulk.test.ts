import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rowsOf, type Database } from '../../db/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { collectDemo } from '../../src/demo/build.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import { presentationOrder, waveInstrument } from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeEachDb, truncateAll } from '../helpers/db.ts';

/**
 * The bulk path writes the rows the collection service writes. The same seeded respondents (two
 * countries × about 21 starters × 3 waves, realistic scenario: refusals, break-offs, the message
 * experiment's arms) answer once through the service (one flow at a time, so the experiment
 * positions are claimed in the planned order) and once in bulk; then every table they write is
 * compared row by row, column by column. What is not compared, and why:
 * - ids (a session's, a response's, and the wave and instrument rows', made anew by each bootstrap:
 *   compared through the wave code and instrument version instead);
 * - the session secret's hash (a fresh random secret per session);
 * - times (`consented_at`, `started_at`, `updated_at`, `ended_at`, `submitted_at`, paradata's `at`,
 *   `serverSeconds`, `startedAt`, `submittedAt`): the service's clock against the bulk path's
 *   simulated one;
 * - the presentation order, which is derived from the session id: checked instead to be
 *   `presentationOrder(instrument, id)` on both paths.
 */
const world = simulatedWorld(study, undefined, 'realistic');
const size = { scale: 0.02, countries: ['MLT', 'ZAF'] };
const TIMES = new Set(['at', 'serverSeconds', 'startedAt', 'submittedAt']);

/** A JSON value without its time fields. */
function untimed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untimed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !TIMES.has(k))
      .map(([k, v]) => [k, untimed(v)]),
  );
}

async function written(db: Database) {
  const sessions = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select s.*, w.code as wave_code from sessions s join waves w on w.id = s.wave_id
       order by w.code, s.started_at`),
  );
  const responses = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select r.*, w.code as wave_code, i.version as instrument_row_version, s.started_at as session_started
        from responses r join waves w on w.id = r.wave_id join instruments i on i.id = r.instrument_id
        join sessions s on s.id = r.session_id
       order by w.code, s.started_at`),
  );
  const positions = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select w.code as wave_code, p.experiment, p.stratum, p.next from experiment_positions p join waves w on w.id = p.wave_id
       order by 1, 2, 3`),
  );
  for (const s of sessions)
    expect(s.presentation).toEqual(presentationOrder(waveInstrument(study, String(s.wave_code)), String(s.id)));
  const omitSession = [
    'id',
    'wave_id',
    'secret_hash',
    'presentation',
    'consented_at',
    'started_at',
    'updated_at',
    'ended_at',
  ];
  const omitResponse = [
    'id',
    'session_id',
    'wave_id',
    'instrument_id',
    'presentation',
    'started_at',
    'submitted_at',
    'session_started',
  ];
  const keep = (row: Record<string, unknown>, omit: readonly string[]) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([k]) => !omit.includes(k))
        .map(([k, v]) => [k, k === 'paradata' ? untimed(v) : v]),
    );
  return {
    sessions: sessions.map((s) => ({ ...keep(s, omitSession), ended: s.ended_at !== null })),
    responses: responses.map((r) => keep(r, omitResponse)),
    positions,
    columns: { sessions: Object.keys(sessions[0] ?? {}), responses: Object.keys(responses[0] ?? {}) },
  };
}

describeEachDb('the demo bulk path', (ctx) => {
  it(
    'writes the same sessions, responses and experiment positions as the collection service',
    { timeout: 600_000 },
    async () => {
      const { db } = ctx.handle;
      await bootstrapDefinitions(db, definitionsDir, { openDemo: false });
      const viaService = await collectDemo(db, world, { size, seed: 'bulk-test', concurrency: 1, through: 'service' });
      const service = await written(db);
      await truncateAll(ctx.handle);
      await bootstrapDefinitions(db, definitionsDir, { openDemo: false });
      const viaBulk = await collectDemo(db, world, { size, seed: 'bulk-test', concurrency: 1, through: 'bulk' });
      const bulk = await written(db);

      expect(viaBulk.map((w) => [w.wave, w.submitted, w.breakOffs, w.status])).toEqual(
        viaService.map((w) => [w.wave, w.submitted, w.breakOffs, w.status]),
      );
      // Something to compare: every wave has responses and break-offs, 2026 has assigned arms.
      expect(service.sessions.length).toBe(3 * 42);
      expect(viaService.every((w) => w.breakOffs > 0 && w.submitted > 30)).toBe(true);
      expect(service.positions.length).toBeGreaterThan(0);
      expect(bulk.columns).toEqual(service.columns);
      expect(bulk.sessions).toEqual(service.sessions);
      expect(bulk.responses).toEqual(service.responses);
      expect(bulk.positions).toEqual(service.positions);

      // What `npm start` runs: the respondents walked in a worker thread while this one inserts.
      await truncateAll(ctx.handle);
      await bootstrapDefinitions(db, definitionsDir, { openDemo: false });
      const inWorker = { size, seed: 'bulk-test', concurrency: 1, through: 'bulk', generateIn: 'worker' } as const;
      const viaWorker = await collectDemo(db, world, inWorker);
      const worker = await written(db);
      expect(viaWorker).toEqual(viaBulk.map((w, i) => ({ ...w, waveId: viaWorker[i]?.waveId })));
      expect(worker.sessions).toEqual(service.sessions);
      expect(worker.responses).toEqual(service.responses);
      expect(worker.positions).toEqual(service.positions);
    },
  );
});
