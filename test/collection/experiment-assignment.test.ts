import { beforeEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { createScratchDb, describeEachDb } from '../helpers/db.ts';
import { ok, openFlagshipWave, Respondent, Submitted, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';
import { assignedRespondent, Recorded } from '../helpers/experiments.ts';

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

  it('is reproducible: the same arrivals on another database get the same arms (the seed, not the process, decides)', async () => {
    const first: unknown[] = [];
    for (let i = 0; i < 6; i++) first.push((await assignedRespondent(ctx.handle.db, wave.app, wave.waveId, 'deu')).arm);
    const other = await createScratchDb(ctx.kind);
    try {
      const again = await openFlagshipWave(other.handle);
      const second: unknown[] = [];
      for (let i = 0; i < 6; i++)
        second.push((await assignedRespondent(other.handle.db, again.app, again.waveId, 'deu')).arm);
      expect(second).toEqual(first);
      // One complete block: each of the three arms twice.
      expect([...first].sort()).toEqual(['control', 'control', 'fact', 'fact', 'story', 'story']);
    } finally {
      await other.dispose();
    }
  });

  it('records the arm in the submitted response, and shows an arm page to that arm only', async () => {
    for (let i = 0; i < 6; i++) {
      const { pages, arm, recorded } = await respondent('gbr');
      expect(arm).toBe(recorded.arm);
      expect(recorded.position).toBe(i);
      // The story and the fact are pages of their arms only; the control arm goes straight to the outcome.
      expect(pages.includes('message')).toBe(arm !== 'control');
      expect(pages.indexOf('message_outcome')).toBeGreaterThan(pages.indexOf('background'));
    }
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
