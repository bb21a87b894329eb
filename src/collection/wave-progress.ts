/**
 * The fieldwork of a wave as researchers follow it: status, field period, instrument version,
 * completes per country against `targetCompletes`, and (for one wave) completes by day,
 * break-offs and the page they stopped after, the median interview length and the response rate
 * of each invitation batch. The `barometer waves` command and the console's waves pages read it.
 */
import { eq, sql } from 'drizzle-orm';
import { rowsOf, schema, type Database } from '../../db/index.ts';
import { Wave } from '../instrument/waves.ts';
import { resolveWaveRef } from './wave-ref.ts';
import { waveCounts } from './wave-summaries.ts';

export interface CountryProgress {
  readonly iso3: string;
  readonly name: string;
  readonly completes: number;
  readonly target: number;
}

export interface WaveOverview {
  readonly id: string;
  readonly study: string;
  readonly code: string;
  readonly status: 'draft' | 'open' | 'closed';
  readonly fieldStart: string | null;
  readonly fieldEnd: string | null;
  readonly instrumentVersion: string;
  readonly completes: number;
  readonly target: number;
  readonly inProgress: number;
  readonly breakOffs: number;
  /** Completes per country of the wave (empty when the study's country question is not known here). */
  readonly countries: readonly CountryProgress[];
  /** Submitted responses whose country is none of the wave's. */
  readonly otherCountry: number;
}

/** The country question of each study, by slug (from the loaded definitions). */
export type CountryQuestions = ReadonlyMap<string, string>;

/** Every wave (of `study` when given), ordered by study and year. */
export async function waveOverviews(
  db: Database,
  countryQuestions: CountryQuestions,
  filter: { readonly study?: string; readonly waveId?: string } = {},
): Promise<WaveOverview[]> {
  const rows = await db
    .select({
      id: schema.waves.id,
      study: schema.studies.slug,
      code: schema.waves.code,
      status: schema.waves.status,
      fieldStart: schema.waves.fieldStart,
      fieldEnd: schema.waves.fieldEnd,
      definition: schema.waves.definition,
      instrumentVersion: schema.instruments.version,
      ...waveCounts,
    })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .innerJoin(schema.instruments, eq(schema.instruments.id, schema.waves.instrumentId))
    .where(
      filter.waveId !== undefined
        ? eq(schema.waves.id, filter.waveId)
        : filter.study !== undefined
          ? eq(schema.studies.slug, filter.study)
          : undefined,
    )
    .orderBy(schema.studies.slug, schema.waves.year, schema.waves.code);
  const out: WaveOverview[] = [];
  for (const r of rows) {
    const definition = Wave.safeParse(r.definition);
    const planned = definition.success ? definition.data.countries : [];
    const question = countryQuestions.get(r.study);
    const counts = question === undefined ? new Map<string, number>() : await completesByCountry(db, r.id, question);
    const countries =
      question === undefined
        ? []
        : planned.map((c) => ({
            iso3: c.iso3,
            name: c.name,
            completes: counts.get(c.iso3) ?? 0,
            target: c.targetCompletes,
          }));
    const completes = Number(r.responses);
    const inCountries = countries.reduce((a, c) => a + c.completes, 0);
    out.push({
      id: r.id,
      study: r.study,
      code: r.code,
      status: r.status,
      fieldStart: r.fieldStart,
      fieldEnd: r.fieldEnd,
      instrumentVersion: r.instrumentVersion,
      completes,
      target: planned.reduce((a, c) => a + c.targetCompletes, 0),
      inProgress: Number(r.inProgress),
      breakOffs: Number(r.breakOffs),
      countries,
      otherCountry: question === undefined ? 0 : completes - inCountries,
    });
  }
  return out;
}

/** Submitted responses of a wave per country (the answer to `question`, upper-cased). */
async function completesByCountry(db: Database, waveId: string, question: string): Promise<Map<string, number>> {
  const rows = rowsOf<{ country: string | null; n: number | string }>(
    await db.execute(sql`select upper(answers->>${question}) as country, count(*)::int as n
      from responses where wave_id = ${waveId} group by 1`),
  );
  return new Map(rows.flatMap((r) => (r.country === null ? [] : [[r.country, Number(r.n)] as const])));
}

export interface WaveFieldwork {
  readonly wave: WaveOverview;
  /** Completes per day of submission (UTC), in date order. */
  readonly byDay: readonly { readonly day: string; readonly completes: number }[];
  /** Break-offs / (break-offs + completes), or null before any session ended. */
  readonly breakOffRate: number | null;
  /** Break-offs by the last page they saved (`null`: none saved). */
  readonly breakOffPages: readonly { readonly page: string | null; readonly count: number }[];
  /** The median seconds from start to submit, or null without responses. */
  readonly medianSeconds: number | null;
  /** Invitations issued together (one request), with how many were used and completed. */
  readonly invitationBatches: readonly {
    readonly issuedAt: string;
    readonly issued: number;
    readonly started: number;
    readonly completes: number;
  }[];
}

/** The fieldwork figures of the wave `ref` (its code or id). */
export async function waveFieldwork(
  db: Database,
  countryQuestions: CountryQuestions,
  ref: string,
): Promise<WaveFieldwork> {
  const waveId = await resolveWaveRef(db, ref);
  const [wave] = await waveOverviews(db, countryQuestions, { waveId });
  if (!wave) throw new Error(`wave ${waveId} vanished`);
  const byDay = rowsOf<{ day: string; n: number | string }>(
    await db.execute(sql`select to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
      from responses where wave_id = ${waveId} group by 1 order by 1`),
  ).map((r) => ({ day: r.day, completes: Number(r.n) }));
  const breakOffPages = rowsOf<{ page: string | null; n: number | string }>(
    await db.execute(sql`select paradata->'pages'->-1->>'block' as page, count(*)::int as n
      from sessions where wave_id = ${waveId} and status = 'break_off' group by 1 order by 2 desc, 1`),
  ).map((r) => ({ page: r.page, count: Number(r.n) }));
  const [median] = rowsOf<{ seconds: number | string | null }>(
    await db.execute(sql`select percentile_cont(0.5) within group (order by extract(epoch from submitted_at - started_at)) as seconds
      from responses where wave_id = ${waveId}`),
  );
  const batches = rowsOf<{
    issued_at: string | Date;
    issued: number | string;
    started: number | string;
    completes: number | string;
  }>(
    await db.execute(sql`select i.created_at as issued_at, count(*)::int as issued,
        count(s.id)::int as started, count(r.id)::int as completes
      from invitations i left join sessions s on s.invitation_id = i.id left join responses r on r.session_id = s.id
      where i.wave_id = ${waveId} group by i.created_at order by i.created_at`),
  );
  const ended = wave.breakOffs + wave.completes;
  return {
    wave,
    byDay,
    breakOffRate: ended === 0 ? null : wave.breakOffs / ended,
    breakOffPages,
    medianSeconds: median?.seconds === null || median?.seconds === undefined ? null : Number(median.seconds),
    invitationBatches: batches.map((b) => ({
      issuedAt: new Date(b.issued_at).toISOString(),
      issued: Number(b.issued),
      started: Number(b.started),
      completes: Number(b.completes),
    })),
  };
}
