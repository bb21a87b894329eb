/** Reads the latest entries of the append-only audit log (db/audit.ts writes them). */
import { desc } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';

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
