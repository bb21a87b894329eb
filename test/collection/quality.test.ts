import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema, type DbHandle } from '../../db/index.ts';
import { latestAuditEntries } from '../../src/collection/audit.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { exportResponsesCsv } from '../../src/collection/export.ts';
import { exportResponsesFile } from '../../src/collection/export-file.ts';
import { readSav } from '../../src/formats/sav-read.ts';
import { checkWaveQuality, setExclusion, waveQuality } from '../../src/collection/quality.ts';
import { weightableResponses } from '../../src/indicators/store.ts';
import { QualityThresholds, type Answers } from '../../src/instrument/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';

const thresholds = QualityThresholds.parse({ speeders: { minResponses: 5 }, straightLining: { minItems: 3 } });

/** A clean, complete set of answers of the flagship (varied by `n`). */
function answers(n: number, overrides: Answers = {}): Answers {
  const pick = <T>(list: readonly T[]): T => list[n % list.length] as T;
  return {
    CONSENT: true,
    COUNTRY: pick(['fra', 'egy']),
    AGE: 20 + n,
    SEX: pick(['female', 'male']),
    MIG_LEVEL: pick(['increased', 'decreased', 'present_level']),
    MIG_JOBS: pick(['jobs_wanted', 'jobs_not_wanted']),
    MAI_LIVE: pick(['good', 'bad', 'depends']),
    MAI_NEIGHBOR: pick(['bad', 'good']),
    KNOWS_MIGRANTS: pick(['yes', 'no']),
    SLOGAN_SEEN: { I_AM_A_MIGRANT_TOO: 'yes', MIGRATION_MEANS: 'no', OPEN_HANDS: pick(['yes', 'not_sure']) },
    EDUCATION: pick(['secondary', 'tertiary']),
    ...overrides,
  };
}

const presentation = { seed: 'test', blocks: [], questions: {}, options: {}, items: {} };

/** Stores a submitted response as the service would: its session, then the response, `seconds` apart. */
async function stored(handle: DbHandle, waveId: string, a: Answers, seconds: number, device: string | null) {
  const [wave] = await handle.db.select().from(schema.waves).where(eq(schema.waves.id, waveId));
  if (!wave) throw new Error('no wave');
  const [instrument] = await handle.db
    .select()
    .from(schema.instruments)
    .where(eq(schema.instruments.id, wave.instrumentId));
  if (!instrument) throw new Error('no instrument');
  const sessionId = randomUUID();
  const started = new Date(Date.UTC(2026, 2, 2, 10, 0, 0));
  const submitted = new Date(started.getTime() + seconds * 1000);
  await handle.db.insert(schema.sessions).values({
    id: sessionId,
    waveId,
    secretHash: 'x',
    status: 'submitted',
    language: 'en',
    presentation,
    answers: a,
    deviceClass: 'desktop',
    deviceHash: device,
    startedAt: started,
    endedAt: submitted,
  });
  const [row] = await handle.db
    .insert(schema.responses)
    .values({
      sessionId,
      waveId,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      fingerprint: instrument.fingerprint,
      language: 'en',
      answers: a,
      presentation,
      paradata: {
        pages: [],
        deviceClass: 'desktop',
        startedAt: started.toISOString(),
        submittedAt: submitted.toISOString(),
      },
      startedAt: started,
      submittedAt: submitted,
    })
    .returning({ id: schema.responses.id });
  if (!row) throw new Error('no response');
  return row.id;
}

describeEachDb('quality checks', (ctx) => {
  let waveId = '';
  beforeEach(async () => {
    const result = await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: true });
    if (!result.openedDemo) throw new Error('no demo wave');
    waveId = result.openedDemo.id;
  });

  it('flags a speeder, a straight-liner, duplicates and item non-response, never a clean response; exclusions leave weighting, audited, and export as columns', async () => {
    const clean = [];
    for (let n = 0; n < 5; n++) clean.push(await stored(ctx.handle, waveId, answers(n), 600 + 10 * n, `device-${n}`));
    const speeder = await stored(ctx.handle, waveId, answers(5), 150, 'device-5');
    const straight = await stored(
      ctx.handle,
      waveId,
      answers(6, { SLOGAN_SEEN: { I_AM_A_MIGRANT_TOO: 'no', MIGRATION_MEANS: 'no', OPEN_HANDS: 'no' } }),
      590,
      null,
    );
    const sameAnswers = await stored(ctx.handle, waveId, answers(0), 605, null);
    const sameDevice = await stored(ctx.handle, waveId, answers(7), 615, 'device-1');
    const dk = { missing: 'dont_know' };
    const nonResponse = await stored(
      ctx.handle,
      waveId,
      answers(8, {
        MIG_LEVEL: dk,
        MIG_JOBS: dk,
        MAI_LIVE: dk,
        MAI_NEIGHBOR: dk,
        KNOWS_MIGRANTS: dk,
        EDUCATION: dk,
        SEX: 'refused',
      }),
      640,
      null,
    );

    const summary = await checkWaveQuality(ctx.handle.db, waveId, thresholds);
    expect(summary).toMatchObject({ checked: 10, flagged: 5, medianSeconds: 612.5 });
    const { countries, flagged } = await waveQuality(ctx.handle.db, waveId, 'COUNTRY');
    const checks = new Map(flagged.map((f) => [f.responseId, f.flags.map((x) => x.check)]));
    expect(checks.get(speeder)).toEqual(['speeder']);
    expect(checks.get(straight)).toEqual(['straight_lining']);
    expect(checks.get(sameAnswers)).toEqual(['duplicate_answers']);
    expect(checks.get(sameDevice)).toEqual(['duplicate_device']);
    expect(checks.get(nonResponse)).toEqual(['item_nonresponse']);
    for (const id of clean) expect(checks.has(id)).toBe(false);
    expect(flagged.find((f) => f.responseId === speeder)?.flags[0]?.detail).toBe('150 s, median 613 s');
    expect(countries.map((c) => [c.country, c.checked, c.flagged])).toEqual([
      ['EGY', 4, 2],
      ['FRA', 6, 3],
    ]);

    // Checking again stores the same flags, once per response.
    await checkWaveQuality(ctx.handle.db, waveId, thresholds);
    expect((await ctx.handle.db.select().from(schema.responseQuality)).length).toBe(10);

    await setExclusion(ctx.handle.db, { waveId, responseId: speeder, excluded: true }, { actor: 'token:ana' });
    expect((await weightableResponses(ctx.handle.db, waveId)).map((r) => r.id)).not.toContain(speeder);
    expect((await weightableResponses(ctx.handle.db, waveId)).length).toBe(9);
    const [entry] = await latestAuditEntries(ctx.handle.db, 1);
    expect(entry).toMatchObject({ actor: 'token:ana', action: 'response.exclude', targetId: String(speeder) });
    await expect(
      setExclusion(ctx.handle.db, { waveId, responseId: 999_999, excluded: true }, { actor: 'token:ana' }),
    ).rejects.toThrow(/response 999999 is not a checked response/);

    let csv = '';
    for await (const chunk of exportResponsesCsv(ctx.handle.db, waveId)) csv += chunk;
    const [header, ...lines] = csv.trim().split('\r\n');
    const columns = header?.split(',') ?? [];
    const at = (line: string | undefined, name: string) => line?.split(',')[columns.indexOf(name)];
    const byId = new Map(lines.map((l) => [Number(l.split(',')[0]), l]));
    expect(at(byId.get(speeder), 'quality_flags')).toBe('speeder');
    expect(at(byId.get(speeder), 'quality_excluded')).toBe('1');
    expect(at(byId.get(clean[0] ?? 0), 'quality_flags')).toBe('');
    expect(at(byId.get(clean[0] ?? 0), 'quality_excluded')).toBe('0');

    // The SPSS file carries the same two variables.
    const parts: Uint8Array[] = [];
    for await (const chunk of exportResponsesFile(ctx.handle.db, waveId, 'sav', {})) parts.push(chunk);
    const sav = readSav(Buffer.concat(parts));
    const names = sav.variables.map((v) => v.name);
    const ids = sav.columns[names.indexOf('response_id')];
    const flagsColumn = sav.columns[names.indexOf('quality_flags')];
    const excludedColumn = sav.columns[names.indexOf('quality_excluded')];
    if (!(ids instanceof Float64Array) || !Array.isArray(flagsColumn) || !(excludedColumn instanceof Float64Array))
      throw new Error(`unexpected columns: ${names.join(', ')}`);
    const row = Array.from(ids).indexOf(speeder);
    expect([flagsColumn[row], excludedColumn[row]]).toEqual(['speeder', 1]);

    await setExclusion(ctx.handle.db, { waveId, responseId: speeder, excluded: false }, { actor: 'token:ana' });
    expect((await weightableResponses(ctx.handle.db, waveId)).length).toBe(10);
  });

  it('flags no speeder before the wave has enough responses for a median, and states its defaults', async () => {
    await stored(ctx.handle, waveId, answers(1), 600, null);
    await stored(ctx.handle, waveId, answers(2), 20, null);
    expect((await checkWaveQuality(ctx.handle.db, waveId, thresholds)).flagged).toBe(0);
    expect(QualityThresholds.parse({})).toEqual({
      speeders: { fraction: 1 / 3, minResponses: 10 },
      straightLining: { minItems: 4 },
      duplicates: { device: true, answers: true },
      itemNonResponse: { maxShare: 0.5, minQuestions: 4 },
    });
  });
});
