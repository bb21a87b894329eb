/** Who may act, and what they did: researcher and interviewer API tokens, and the audit log. */
import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { oneOf } from './schema-check.ts';

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
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_target').on(t.targetType, t.targetId), index('audit_log_at').on(t.at)],
);

/**
 * `interviewer`: opens a wave's pages in interviewer mode (phone or face to face), and nothing of
 * the researcher API; the token's id is the interviewer id recorded with each interview.
 */
export const tokenRoles = ['admin', 'researcher', 'viewer', 'interviewer'] as const;
export type TokenRole = (typeof tokenRoles)[number];

/** Researcher API tokens. Only a SHA-256 hash of the secret is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: tokenRoles }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /**
     * A per-interviewer link's wave (src/collection/interviewer-links.ts): the token then opens
     * interviews in that wave only. Only an interviewer token has one.
     */
    waveId: uuid('wave_id'),
  },
  (t) => [
    check('api_tokens_role_valid', oneOf(t.role, tokenRoles)),
    check('api_tokens_wave_interviewer', sql`${t.waveId} is null or ${t.role} = 'interviewer'`),
  ],
);
