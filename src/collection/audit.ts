/** Writes to the append-only audit log (inside the caller's transaction when given one). */
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
