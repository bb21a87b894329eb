/**
 * Balance of the message experiment's arms when several server processes, and restarts, serve one
 * wave: a second process is the application's modules loaded afresh (vi.resetModules), so it shares
 * the database and nothing else. Kept in its own file: the reset modules must not serve other tests
 * (within this file every process, A included, is loaded afresh).
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import { rowsOf } from '../../db/index.ts';
import { readPositions } from '../../src/collection/assignment.ts';
import type { App } from '../../src/app.ts';
import { permutedBlockArm } from '../../src/instrument/index.ts';
import { silentLogger } from '../../src/log.ts';
import type { OpenWave } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';
import { assignedRespondent, experiment, type RecordedArm } from '../helpers/experiments.ts';

describeEachDb('message experiment assignment across processes', (ctx) => {
  let wave: OpenWave;
  beforeEach(async () => {
    // Process A, with the definitions loaded, from modules of its own too: the definitions are
    // checked against the module instance that loads them, and a test before may have reset them.
    vi.resetModules();
    const helpers = await import('../helpers/collection.ts');
    wave = await helpers.openFlagshipWave(ctx.handle);
  });

  /** A second server process on the same database: the application's modules loaded afresh (no shared memory). */
  const otherProcess = async (): Promise<App> => {
    vi.resetModules();
    const fresh = await import('../../src/app.ts');
    return fresh.createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, rateLimit: 0 });
  };

  it('balances the arms within each country across processes and restarts, from positions kept in the database', async () => {
    // Two processes serving the wave at once, arrivals alternating between them and interleaved
    // across two countries; then process B "restarts" (a third fresh process takes its place).
    const a = wave.app;
    let b = await otherProcess();
    const seen: Record<string, { arm: unknown; recorded: RecordedArm }[]> = {
      gbr: [],
      fra: [],
    };
    for (let i = 0; i < 24; i++) {
      if (i === 12) b = await otherProcess();
      const country = i % 3 === 0 ? 'fra' : i < 18 ? 'gbr' : 'fra';
      seen[country]?.push(await assignedRespondent(ctx.handle.db, i % 2 === 0 ? a : b, wave.waveId, country));
    }
    for (const code of ['gbr', 'fra']) {
      const list = seen[code] ?? [];
      expect(list).toHaveLength(12);
      const counts: Record<string, number> = {};
      for (const x of list) counts[String(x.arm)] = (counts[String(x.arm)] ?? 0) + 1;
      // Two complete blocks of six (three arms, two slots each): exactly four of each arm.
      expect(counts).toEqual({ story: 4, fact: 4, control: 4 });
      // Every position 0..11 handed out once, in arrival order, whichever process served the arrival.
      expect(list.map((x) => x.recorded.position)).toEqual([...Array(12).keys()]);
      for (const x of list) {
        expect(x.recorded.stratum).toBe(code);
        expect(x.arm).toBe(x.recorded.arm);
        expect(permutedBlockArm(experiment, { wave: 'mp-2026', stratum: code, position: x.recorded.position })).toBe(
          x.arm,
        );
      }
    }
    // Migration 0005 starts the counters of a database that had assignments after the positions
    // recorded in its sessions: on this database, its query gives the counters the claims left.
    const migration = readFileSync(
      new URL('../../db/migrations/0005_experiment_positions.sql', import.meta.url),
      'utf8',
    );
    const seeding = /SELECT[\s\S]+?(?=;)/.exec(migration)?.[0] ?? 'missing';
    const seeded = rowsOf<{ experiment: string; stratum: string; next: number | string }>(
      await ctx.handle.db.execute(
        sql.raw(`select experiment, stratum, next from (${seeding}) as t(wave_id, experiment, stratum, next)`),
      ),
    );
    expect(Object.fromEntries(seeded.map((r) => [`${r.experiment}\n${r.stratum}`, Number(r.next)]))).toEqual(
      Object.fromEntries(await readPositions(ctx.handle.db, wave.waveId)),
    );
    expect(Object.fromEntries(await readPositions(ctx.handle.db, wave.waveId))).toEqual({
      'MSG_ARM\ngbr': 12,
      'MSG_ARM\nfra': 12,
    });
  });
});
