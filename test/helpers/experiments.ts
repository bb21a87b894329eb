/** Respondents taken to the flagship's message experiment, and the arm they were assigned. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Database } from '../../db/index.ts';
import type { App } from '../../src/app.ts';
import { waveInstrument, type Experiment } from '../../src/instrument/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { Respondent } from './collection.ts';

function messageExperiment(): Experiment {
  const found = waveInstrument(flagship, 'mp-2026').blocks.find((b) => b.experiment)?.experiment;
  if (!found) throw new Error('the flagship has no message experiment');
  return found;
}

/** The flagship's message experiment (wave mp-2026). */
export const experiment = messageExperiment();

/** One recorded assignment of the flagship's experiment (paradata `assignments.MSG_ARM`). */
export const Recorded = z.object({
  MSG_ARM: z.object({ arm: z.string(), stratum: z.string(), position: z.number(), at: z.string() }),
});
export type RecordedArm = z.infer<typeof Recorded>['MSG_ARM'];

/** A respondent in `country` of the flagship's open wave, through the page that assigns the arm (leaving `background`). */
export async function assignedRespondent(
  db: Database,
  app: App,
  waveId: string,
  country: string,
): Promise<{ arm: unknown; recorded: RecordedArm }> {
  const r = new Respondent(app, waveId);
  await r.start();
  let left = false;
  while (r.page && !left) {
    left = r.page.blockId === 'background';
    const codes = new Set(r.page.questions.map((q) => q.code));
    await r.answerPage(
      Object.fromEntries(Object.entries({ COUNTRY: country, CAMPAIGN_SEEN: 'no' }).filter(([k]) => codes.has(k))),
    );
  }
  const [row] = await db
    .select({ answers: schema.sessions.answers, paradata: schema.sessions.paradata })
    .from(schema.sessions)
    .where(eq(schema.sessions.id, r.sessionId));
  const recorded = Recorded.parse(z.object({ assignments: z.unknown() }).parse(row?.paradata).assignments).MSG_ARM;
  return { arm: z.record(z.string(), z.unknown()).parse(row?.answers).MSG_ARM, recorded };
}
