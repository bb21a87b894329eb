/**
 * The database schema: the single source of truth for table shapes and their
 * TypeScript types. `npm run db:generate` turns changes here into SQL
 * migrations under db/migrations, which are committed and applied at start-up.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  doublePrecision,
  primaryKey,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  date,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { Answers, Instrument, PresentationOrder, Wave } from '../src/instrument/index.ts';
import { RESPONSE_MODES } from '../src/instrument/index.ts';
import { oneOf } from './schema-check.ts';
import type { Paradata, ResponseParadata } from './paradata-shapes.ts';
import type { StoredDistributionPoint, StoredIndicator, StoredQuestion, StoredSeriesPoint } from './series-shapes.ts';
import type { CountryAsStored, RunInput, RunParametersAsStored, WeightingWarning } from './weighting-run-shapes.ts';

/** A study: one tracker (e.g. migration perceptions), defined in survey-definitions/<slug>/. */
export const studies = pgTable('studies', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One version of an instrument of a study. The definition is stored as loaded
 * from survey-definitions/ so that a response can always be interpreted with
 * the exact instrument it answered. `fingerprint` is the content hash; once a
 * wave opens with the version, `frozenAt` is set and the row may not change.
 */
export const instruments = pgTable(
  'instruments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    version: text('version').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The instrument as `defineInstrument` made it (read back through `Instrument.parse` and `defineInstrument`). */
    definition: jsonb('definition').$type<Instrument>().notNull(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('instruments_study_code_version').on(t.studyId, t.code, t.version)],
);

export const waveStatuses = ['draft', 'open', 'closed'] as const;
export type WaveStatus = (typeof waveStatuses)[number];

/** A wave: one fielding of an instrument version (e.g. the 2026 round). */
export const waves = pgTable(
  'waves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'restrict' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    status: text('status', { enum: waveStatuses }).notNull().default('draft'),
    fieldStart: date('field_start'),
    fieldEnd: date('field_end'),
    definition: jsonb('definition').$type<Wave>().notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('waves_study_code').on(t.studyId, t.code),
    check('waves_status_valid', oneOf(t.status, waveStatuses)),
  ],
);

/**
 * Single-use invitation tokens for a wave. Only the hash of the token is kept;
 * who it was sent to lives in `invitation_contacts`, apart from any answer.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('invitations_wave').on(t.waveId)],
);

/** Contact details of invitees: never joined into exports of answers. */
export const invitationContacts = pgTable('invitation_contacts', {
  invitationId: uuid('invitation_id')
    .primaryKey()
    .references(() => invitations.id, { onDelete: 'cascade' }),
  contact: text('contact').notNull(),
});

export const sessionStatuses = ['in_progress', 'submitted', 'break_off'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/**
 * A respondent's session: partial answers saved page by page until submit.
 * The secret the respondent holds is stored as a SHA-256 hash.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    secretHash: text('secret_hash').notNull(),
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'restrict' }),
    status: text('status', { enum: sessionStatuses }).notNull().default('in_progress'),
    language: text('language').notNull(),
    /** The presentation order shown (blocks, questions, options, items), from the session seed. */
    presentation: jsonb('presentation').$type<PresentationOrder>().notNull(),
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    /** Block id → seconds spent, and the sequence of page submissions. */
    paradata: jsonb('paradata')
      .$type<Paradata>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    deviceClass: text('device_class').notNull(),
    /** How the interview is collected (src/instrument/modes.ts); never changes after the insert. */
    mode: text('mode', { enum: RESPONSE_MODES }).notNull().default('web'),
    /** The interviewer of a phone or face-to-face interview (an interviewer token's id, or a field id); never public. */
    interviewerId: text('interviewer_id'),
    /** The id a field submission carries (ODK `instanceID`, Kobo `_uuid`): importing it again adds nothing. */
    externalId: text('external_id'),
    /** Hash of the device cookie for open links limited to one response per device. */
    deviceHash: text('device_hash'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /**
     * Row version, raised by a trigger on every update (migration 0002). Writes name the version
     * they read (optimistic concurrency): a write based on a stale read changes nothing.
     */
    version: integer('version').notNull().default(0),
  },
  // Only columns that never change after the insert are indexed, and the partial indexes leave out
  // the rows without a value: a save or a submit then updates no index (a HOT update, given the
  // free space migration 0003 leaves in each page), and an open-link start inserts into two.
  (t) => [
    index('sessions_wave').on(t.waveId, t.id),
    uniqueIndex('sessions_invitation')
      .on(t.invitationId)
      .where(sql`${t.invitationId} is not null`),
    index('sessions_wave_device')
      .on(t.waveId, t.deviceHash)
      .where(sql`${t.deviceHash} is not null`),
    uniqueIndex('sessions_wave_external')
      .on(t.waveId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    check('sessions_status_valid', oneOf(t.status, sessionStatuses)),
    check('sessions_mode_valid', oneOf(t.mode, RESPONSE_MODES)),
  ],
);

/**
 * The next free position of each message-experiment stratum (wave × experiment × stratum): the
 * persistent counter permuted-block assignment draws from (src/collection/assignment.ts). Claiming a
 * position is one atomic upsert, so every process serving the wave, before and after a restart,
 * takes positions from the same sequence.
 */
export const experimentPositions = pgTable(
  'experiment_positions',
  {
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    experiment: text('experiment').notNull(),
    stratum: text('stratum').notNull(),
    next: integer('next').notNull(),
  },
  (t) => [primaryKey({ columns: [t.waveId, t.experiment, t.stratum] })],
);

/**
 * A submitted response: immutable (a trigger refuses UPDATE and DELETE), one
 * per session, with the instrument version and fingerprint it answered.
 */
export const responses = pgTable(
  'responses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .unique()
      .references(() => sessions.id, { onDelete: 'restrict' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    instrumentVersion: text('instrument_version').notNull(),
    fingerprint: text('fingerprint').notNull(),
    language: text('language').notNull(),
    /** The session's mode and interviewer, copied at submit (the interviewer id is never in public outputs). */
    mode: text('mode', { enum: RESPONSE_MODES }).notNull().default('web'),
    interviewerId: text('interviewer_id'),
    answers: jsonb('answers').$type<Answers>().notNull(),
    presentation: jsonb('presentation').$type<PresentationOrder>().notNull(),
    paradata: jsonb('paradata').$type<ResponseParadata>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('responses_wave').on(t.waveId, t.id), check('responses_mode_valid', oneOf(t.mode, RESPONSE_MODES))],
);

/**
 * The first result of every write sent with an `Idempotency-Key`: a retry with
 * the same key (and the same request) is answered from here and writes nothing.
 * Saved in the same transaction as the write it describes.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    /** The reply of the write the scope names; its reader parses it with that write's reply schema (replayOf). */
    body: jsonb('body').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('idempotency_scope_key').on(t.scope, t.key)],
);

/**
 * A weighting run of one wave: the parameters and definition it used (and their fingerprint),
 * the input response set, per-country diagnostics (convergence, Kish design effect, effective n,
 * weight distribution, share trimmed, and the raking structure the variance needs) and the
 * warnings raised. Written once; the weights are in `response_weights`.
 */
export const weightingRuns = pgTable(
  'weighting_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    parameters: jsonb('parameters').$type<RunParametersAsStored>().notNull(),
    definitionFingerprint: text('definition_fingerprint').notNull(),
    /** Responses read, weighted and left out (with why), and the hash of the response ids read. */
    input: jsonb('input').$type<RunInput>().notNull(),
    /** sha256 of the weights (float64, in response id order): equal hashes mean bit-identical weights. */
    weightsHash: text('weights_hash').notNull(),
    countries: jsonb('countries').$type<CountryAsStored[]>().notNull(),
    warnings: jsonb('warnings').$type<WeightingWarning[]>().notNull(),
  },
  (t) => [index('weighting_runs_wave').on(t.waveId, t.createdAt)],
);

/**
 * The weight of each weighted response in a run; `rakedWeight` is before trimming, `cell` the joint
 * raking cell. No foreign keys: checked row by row they took 3.9 of the 4.7 s that storing 450,000
 * weights took on PostgreSQL (docs/pipeline.md; migration 0006). The rows are written only by `runWeighting`, in the
 * transaction that creates their run, for responses it has just read, and neither runs nor
 * responses are ever deleted; readers join the responses they need.
 */
export const responseWeights = pgTable(
  'response_weights',
  {
    runId: uuid('run_id').notNull(),
    responseId: bigint('response_id', { mode: 'number' }).notNull(),
    country: text('country').notNull(),
    weight: doublePrecision('weight').notNull(),
    rakedWeight: doublePrecision('raked_weight').notNull(),
    cell: integer('cell').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.responseId] })],
);

/** The current weighting run of each wave (changing it is audited). */
export const currentWeightingRuns = pgTable('current_weighting_runs', {
  waveId: uuid('wave_id')
    .primaryKey()
    .references(() => waves.id, { onDelete: 'restrict' }),
  runId: uuid('run_id')
    .notNull()
    .references(() => weightingRuns.id, { onDelete: 'restrict' }),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What the materialised series of a wave were computed from: the weighting run, the fingerprint
 * of the study's indicator definitions, the question definitions of the wave's instrument (for
 * series breaks) and the indicators' descriptions. Series are recomputed only when these change.
 */
export const seriesWaves = pgTable('series_waves', {
  waveId: uuid('wave_id')
    .primaryKey()
    .references(() => waves.id, { onDelete: 'restrict' }),
  studyId: uuid('study_id')
    .notNull()
    .references(() => studies.id, { onDelete: 'restrict' }),
  runId: uuid('run_id')
    .notNull()
    .references(() => weightingRuns.id, { onDelete: 'restrict' }),
  definitionsFingerprint: text('definitions_fingerprint').notNull(),
  questions: jsonb('questions').$type<Record<string, StoredQuestion>>().notNull(),
  indicators: jsonb('indicators').$type<StoredIndicator[]>().notNull(),
  materialisedAt: timestamp('materialised_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One materialised estimate (a `SeriesPoint`, unsuppressed) with the columns readers filter on. */
export const indicatorSeries = pgTable(
  'indicator_series',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    studyId: uuid('study_id').notNull(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => seriesWaves.waveId, { onDelete: 'cascade' }),
    indicator: text('indicator').notNull(),
    geoKind: text('geo_kind').notNull(),
    geoCode: text('geo_code').notNull(),
    region: text('region').notNull(),
    subgroupVariable: text('subgroup_variable').notNull(),
    subgroupLevel: text('subgroup_level').notNull(),
    point: jsonb('point').$type<StoredSeriesPoint>().notNull(),
  },
  (t) => [index('indicator_series_lookup').on(t.studyId, t.indicator, t.waveId)],
);

/** One materialised answer distribution (a `DistributionPoint`, unsuppressed). */
export const indicatorDistributions = pgTable(
  'indicator_distributions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    studyId: uuid('study_id').notNull(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => seriesWaves.waveId, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    geoKind: text('geo_kind').notNull(),
    geoCode: text('geo_code').notNull(),
    region: text('region').notNull(),
    point: jsonb('point').$type<StoredDistributionPoint>().notNull(),
  },
  (t) => [index('indicator_distributions_lookup').on(t.studyId, t.question, t.waveId)],
);
export * from './schema-access.ts';
export * from './schema-campaigns.ts';

/** What a quality check found in a response (src/collection/quality.ts). */
export interface QualityFlag {
  readonly check: 'speeder' | 'straight_lining' | 'duplicate_device' | 'duplicate_answers' | 'item_nonresponse';
  /** What was measured, for a person: "142 s, median 610 s", "grid TRUST: 6 items", "same answers as response 12". */
  readonly detail: string;
}

/**
 * The quality flags of a response, written by the wave's quality check (responses themselves never
 * change), and whether a researcher excluded it (audited): an excluded response is left out of
 * weighting runs. One row per checked response.
 */
export const responseQuality = pgTable(
  'response_quality',
  {
    responseId: bigint('response_id', { mode: 'number' })
      .primaryKey()
      .references(() => responses.id, { onDelete: 'restrict' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'restrict' }),
    flags: jsonb('flags').$type<QualityFlag[]>().notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    excludedAt: timestamp('excluded_at', { withTimezone: true }),
    excludedBy: text('excluded_by'),
  },
  (t) => [index('response_quality_wave').on(t.waveId, t.responseId)],
);
