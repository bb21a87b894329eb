import { beforeEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { readStoredPositions } from '../../src/collection/assignment.ts';
import { permutedBlockArm, waveInstrument, type Experiment } from '../../src/instrument/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { ok, openFlagshipWave, Respondent, Submitted, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';

const experiment: Experiment | undefined = waveInstrument(flagship, 'mp-2026').blocks.find(
  (b) => b.experiment,
)?.experiment;
if (!experiment) throw new Error('the flagship has no message experiment');
const Recorded = z.object({
  MSG_ARM: z.object({ arm: z.string(), stratum: z.string(), position: z.number(), at: z.string() }),
});

describeEachDb('message experiment assignment', (ctx) => {
  let wave: OpenWave;
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle);
  });

  /** A respondent in `country` through every page and submitted; returns the pages seen and the stored response. */
  const respondent = async (country: string) => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    const pages = await r.answerAll({ COUNTRY: country, CAMPAIGN_SEEN: 'no' });
    const { responseId } = await ok(await r.submit(), 201, Submitted);
    const [response] = await ctx.handle.db
      .select()
      .from(schema.responses)
      .where(eq(schema.responses.id, Number(responseId)));
    if (!response) throw new Error('no response');
    const answers = z.record(z.string(), z.unknown()).parse(response.answers);
    const recorded = Recorded.parse(
      z.object({ assignments: z.unknown() }).parse(response.paradata).assignments,
    ).MSG_ARM;
    return { r, pages, arm: answers.MSG_ARM, recorded };
  };

  it('balances the arms within each country (complete permuted blocks), records them, and each is recomputable from the seed', async () => {
    const codes = ['gbr', 'fra'];
    const seen: Record<string, { arm: unknown; recorded: z.infer<typeof Recorded>['MSG_ARM']; pages: string[] }[]> = {
      gbr: [],
      fra: [],
    };
    // Arrivals interleaved across the two countries: 12 in each, two complete blocks of six.
    for (let i = 0; i < 24; i++) {
      const country = i % 3 === 0 ? 'fra' : i < 18 ? 'gbr' : 'fra';
      const { arm, recorded, pages } = await respondent(country);
      seen[country]?.push({ arm, recorded, pages });
    }
    for (const code of codes) {
      const list = seen[code] ?? [];
      expect(list).toHaveLength(12);
      const counts = list.reduce<Record<string, number>>(
        (acc, x) => ({ ...acc, [String(x.arm)]: (acc[String(x.arm)] ?? 0) + 1 }),
        {},
      );
      expect(counts).toEqual({ story: 4, fact: 4, control: 4 });
      // Positions 0..11 in arrival order, each arm the one the seed puts there.
      expect(list.map((x) => x.recorded.position)).toEqual([...Array(12).keys()]);
      for (const x of list) {
        expect(x.recorded.stratum).toBe(code);
        expect(x.arm).toBe(x.recorded.arm);
        expect(permutedBlockArm(experiment, { wave: 'mp-2026', stratum: code, position: x.recorded.position })).toBe(
          x.arm,
        );
        // The story and the fact are pages of their arms only; the control arm goes straight to the outcome.
        expect(x.pages.includes('message')).toBe(x.arm !== 'control');
        expect(x.pages.indexOf('message_outcome')).toBeGreaterThan(x.pages.indexOf('background'));
      }
    }
    // A process that starts afresh continues after the stored positions.
    const stored = await readStoredPositions(ctx.handle.db, wave.waveId);
    expect(stored.code).toBe('mp-2026');
    expect(Object.fromEntries(stored.next)).toEqual({ 'MSG_ARM\ngbr': 12, 'MSG_ARM\nfra': 12 });
  });

  it('is assigned once, on leaving the page before the experiment, and a respondent can neither set nor change it', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    while (r.page && r.page.blockId !== 'background') {
      const codes = new Set(r.page.questions.map((q) => q.code));
      await r.answerPage(
        Object.fromEntries(Object.entries({ COUNTRY: 'gbr', CAMPAIGN_SEEN: 'no' }).filter(([k]) => codes.has(k))),
      );
    }
    expect((await r.state()).answers.MSG_ARM).toBeUndefined();
    await expectError(await r.save('background', { MSG_ARM: 'story' }), 400, 'validation_failed');
    await r.answerPage();
    const arm = (await r.state()).answers.MSG_ARM;
    expect(['story', 'fact', 'control']).toContain(arm);
    // Going back and leaving the page again keeps the arm.
    await ok(await r.save('background', { EMPLOYMENT: 'self_employed' }), 200, z.object({ saved: z.literal(true) }));
    expect((await r.state()).answers.MSG_ARM).toBe(arm);
    const sessions = await ctx.handle.db
      .select({ paradata: schema.sessions.paradata })
      .from(schema.sessions)
      .where(eq(schema.sessions.id, r.sessionId));
    expect(
      Recorded.parse(z.object({ assignments: z.unknown() }).parse(sessions[0]?.paradata).assignments).MSG_ARM.position,
    ).toBe(0);
  });
});
