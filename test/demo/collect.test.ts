import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { collectDemo, DemoError } from '../../src/demo/build.ts';
import { migLevelCounts } from '../../src/demo/report.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';

const world = simulatedWorld(study);

describeEachDb('simulated respondents answer through the collection service', (ctx) => {
  it(
    'opens each wave, stores validated responses and break-offs, closes the past waves and leaves 2026 open',
    { timeout: 300_000 },
    async () => {
      const { db } = ctx.handle;
      await bootstrapDefinitions(db, definitionsDir, { openDemo: false });
      const waves = await collectDemo(db, world, {
        size: { scale: 0.02, countries: ['MLT', 'ISL'] },
        seed: 'collect-test',
        concurrency: 16,
      });
      expect(waves.map((w) => [w.wave, w.status])).toEqual([
        ['mp-2022', 'closed'],
        ['mp-2024', 'closed'],
        ['mp-2026', 'open'],
      ]);
      for (const w of waves) {
        // 2 countries × round(20 / 0.94) = 21 starters each.
        expect(w.submitted + w.breakOffs).toBe(42);
        const [responses] = await db
          .select({ n: count() })
          .from(schema.responses)
          .where(eq(schema.responses.waveId, w.waveId));
        expect(responses?.n).toBe(w.submitted);
        const counts = await migLevelCounts(db, w.waveId);
        expect([...counts.keys()].sort()).toEqual(['ISL', 'MLT']);
        for (const c of counts.values())
          for (const answer of c.keys())
            expect(['decreased', 'present_level', 'increased', 'dont_know', 'refused']).toContain(answer);
        const sessions = await db
          .select({ status: schema.sessions.status })
          .from(schema.sessions)
          .where(eq(schema.sessions.waveId, w.waveId));
        const stopped = sessions.filter(
          (s) => s.status === (w.status === 'closed' ? 'break_off' : 'in_progress'),
        ).length;
        expect(stopped).toBe(w.breakOffs);
      }
      const [row] = await db
        .select({ answers: schema.responses.answers, language: schema.responses.language })
        .from(schema.responses)
        .limit(1);
      expect(row?.answers).toMatchObject({
        CONSENT: true,
        COUNTRY: expect.stringMatching(/^(mlt|isl)$/),
        SEX: expect.stringMatching(/^(female|male)$/),
      });
      expect(row?.language).toBe('en');
      // 2026 fields instrument v3: every submitted response has the slogans, the assigned arm and the outcome.
      const w2026 = waves.find((w) => w.wave === 'mp-2026');
      const rows2026 = await db
        .select({ answers: schema.responses.answers })
        .from(schema.responses)
        .where(eq(schema.responses.waveId, w2026?.waveId ?? ''));
      expect(rows2026.length).toBe(w2026?.submitted);
      for (const { answers } of rows2026) {
        const a = answers as Record<string, unknown>;
        expect(['story', 'fact', 'control']).toContain(a.MSG_ARM);
        expect(a.MSG_BETTER_PLACE).toBeDefined();
        expect(a.SLOGAN_SEEN).toBeDefined();
        expect(a.SLOGAN_WHERE).toBeDefined();
      }
      expect(new Set(rows2026.map((r) => (r.answers as Record<string, unknown>).MSG_ARM)).size).toBe(3);
    },
  );

  it('refuses a database where a flagship wave has opened, before writing anything', async () => {
    const { db } = ctx.handle;
    await bootstrapDefinitions(db, definitionsDir, { openDemo: true });
    await expect(collectDemo(db, world, { size: { scale: 0.01 }, seed: 'x', concurrency: 4 })).rejects.toThrow(
      DemoError,
    );
    const [sessions] = await db.select({ n: count() }).from(schema.sessions);
    expect(sessions?.n).toBe(0);
    const opened = await db.select({ code: schema.waves.code, status: schema.waves.status }).from(schema.waves);
    expect(opened.filter((w) => w.status !== 'draft').map((w) => w.code)).toEqual(['mp-2026']);
  });
});
