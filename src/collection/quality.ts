/**
 * The quality check of a wave, stored: `checkWaveQuality` flags every submitted response
 * (quality-checks.ts) and writes the flags beside it (`response_quality`, keeping who excluded
 * what); `waveQuality` reads them per country; `setExclusion` marks a response excluded from
 * weighting runs, or includes it again, audited.
 */
import { and, eq, sql } from 'drizzle-orm';
import { audit, rowsOf, schema, type Database } from '../../db/index.ts';
import type { QualityFlag } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { type QualityCheck, type QualityThresholds } from '../instrument/index.ts';
import { qualityFlags, type CheckedResponse } from './quality-checks.ts';
import { loadInstrument } from './waves.ts';

/** Flags every submitted response of the wave and stores the flags; returns how many responses carry one. */
export async function checkWaveQuality(
  db: Database,
  waveId: string,
  thresholds: QualityThresholds,
): Promise<{ checked: number; flagged: number; medianSeconds: number | null }> {
  const rows = await db
    .select({
      id: schema.responses.id,
      answers: schema.responses.answers,
      instrumentId: schema.responses.instrumentId,
      seconds: sql<number>`extract(epoch from ${schema.responses.submittedAt} - ${schema.responses.startedAt})::float8`,
      deviceHash: schema.sessions.deviceHash,
    })
    .from(schema.responses)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.responses.sessionId))
    .where(eq(schema.responses.waveId, waveId));
  const responses: CheckedResponse[] = [];
  for (const r of rows)
    responses.push({
      id: r.id,
      answers: r.answers,
      seconds: Number(r.seconds),
      deviceHash: r.deviceHash,
      instrument: (await loadInstrument(db, r.instrumentId)).instrument,
    });
  const { flags, medianSeconds } = qualityFlags(responses, thresholds);
  const entries = [...flags];
  for (let from = 0; from < entries.length; from += 1000) {
    const part = entries.slice(from, from + 1000);
    await db
      .insert(schema.responseQuality)
      .values(part.map(([responseId, f]) => ({ responseId, waveId, flags: f })))
      .onConflictDoUpdate({
        target: schema.responseQuality.responseId,
        set: { flags: sql`excluded.flags`, checkedAt: sql`now()` },
      });
  }
  return { checked: entries.length, flagged: entries.filter(([, f]) => f.length > 0).length, medianSeconds };
}

export interface FlaggedResponse {
  readonly responseId: number;
  readonly country: string | null;
  readonly flags: readonly QualityFlag[];
  readonly excluded: boolean;
}

export interface CountryQuality {
  readonly country: string | null;
  readonly checked: number;
  readonly flagged: number;
  readonly excluded: number;
  readonly byCheck: Readonly<Record<QualityCheck, number>>;
}

const noFlags = (): Record<QualityCheck, number> => ({
  speeder: 0,
  straight_lining: 0,
  duplicate_device: 0,
  duplicate_answers: 0,
  item_nonresponse: 0,
});

/** The stored flags of a wave per country (the answer to `countryQuestion`), and every flagged or excluded response. */
export async function waveQuality(
  db: Database,
  waveId: string,
  countryQuestion: string | undefined,
): Promise<{ countries: CountryQuality[]; flagged: FlaggedResponse[] }> {
  const rows = rowsOf<{ id: number | string; country: string | null; flags: QualityFlag[]; excluded: boolean }>(
    await db.execute(sql`select q.response_id as id, ${countryQuestion === undefined ? sql`null` : sql`upper(r.answers->>${countryQuestion})`} as country,
        q.flags, q.excluded_at is not null as excluded
      from response_quality q join responses r on r.id = q.response_id
      where q.wave_id = ${waveId} order by q.response_id`),
  );
  const byCountry = new Map<string | null, CountryQuality & { byCheck: Record<QualityCheck, number> }>();
  const flagged: FlaggedResponse[] = [];
  for (const r of rows) {
    let c = byCountry.get(r.country);
    if (!c) {
      c = {
        country: r.country,
        checked: 0,
        flagged: 0,
        excluded: 0,
        byCheck: noFlags(),
      };
      byCountry.set(r.country, c);
    }
    const counts = {
      ...c,
      checked: c.checked + 1,
      flagged: c.flagged + (r.flags.length > 0 ? 1 : 0),
      excluded: c.excluded + (r.excluded ? 1 : 0),
    };
    for (const f of r.flags) counts.byCheck[f.check] += 1;
    byCountry.set(r.country, counts);
    if (r.flags.length > 0 || r.excluded)
      flagged.push({ responseId: Number(r.id), country: r.country, flags: r.flags, excluded: r.excluded });
  }
  const countries = [...byCountry.values()].sort((a, b) => (a.country ?? '~').localeCompare(b.country ?? '~'));
  return { countries, flagged };
}

/** Excludes a checked response of the wave from weighting runs (or includes it again), audited. */
export async function setExclusion(
  db: Database,
  change: { waveId: string; responseId: number; excluded: boolean },
  who: { actor: string; requestId?: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(schema.responseQuality)
      .set(change.excluded ? { excludedAt: sql`now()`, excludedBy: who.actor } : { excludedAt: null, excludedBy: null })
      .where(
        and(eq(schema.responseQuality.responseId, change.responseId), eq(schema.responseQuality.waveId, change.waveId)),
      )
      .returning({ id: schema.responseQuality.responseId });
    if (updated.length === 0)
      throw new AppError(
        'not_found',
        `response ${change.responseId} is not a checked response of this wave (run the quality check first)`,
      );
    await audit(tx, {
      ...who,
      action: change.excluded ? 'response.exclude' : 'response.include',
      targetType: 'response',
      targetId: String(change.responseId),
      details: { waveId: change.waveId },
    });
  });
}
