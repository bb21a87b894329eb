/**
 * The database schema: the single source of truth for table shapes and their
 * TypeScript types. `npm run db:generate` turns changes here into SQL
 * migrations under db/migrations, which are committed and applied at start-up.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
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
} from 'drizzle-orm/pg-core';

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
    definition: jsonb('definition').notNull(),
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
    definition: jsonb('definition').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('waves_study_code').on(t.studyId, t.code),
    check('waves_status_valid', sql`${t.status} in ('draft', 'open', 'closed')`),
  ],
);

/** Append-only record of who did what: every researcher action and every refusal worth keeping. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    requestId: text('request_id'),
    details: jsonb('details'),
  },
  (t) => [index('audit_log_target').on(t.targetType, t.targetId), index('audit_log_at').on(t.at)],
);
