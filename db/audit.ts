/** The one writer of the append-only audit log, inside the caller's transaction when given one. */
import type { Database, Tx } from './database.ts';
import { auditLog } from './schema.ts';

export interface AuditEntry {
  /** Who: `token:<name>`, `cli`, `system`. */
  readonly actor: string;
  /** What, as `noun.verb`: `wave.open`, `instrument.change_refused`, `export.csv`, `weighting.run`. */
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;
}

/** Appends one entry to the audit log. */
export async function audit(db: Database | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? null,
  });
}
