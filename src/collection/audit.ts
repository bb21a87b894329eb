/** Writes to the append-only audit log (inside the caller's transaction when given one), and reads its latest entries. */
import { desc } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { Tx } from './idempotency.ts';

export interface AuditEntry {
  /** Who: `token:<name>`, `cli`, `system`. */
  readonly actor: string;
  /** What, as `noun.verb`: `wave.open`, `instrument.change_refused`, `export.csv`. */
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;
}

export async function audit(db: Database | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(schema.auditLog).values({
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? null,
  });
}

/** One entry of the audit log as a surface shows it (`at` as an ISO 8601 instant). */
export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly details: unknown;
}

/** The latest `limit` entries of the audit log, newest first. */
export async function latestAuditEntries(db: Database, limit: number): Promise<AuditRecord[]> {
  const rows = await db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    details: r.details,
  }));
}
