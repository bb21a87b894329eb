/**
 * Idempotent writes. A write sent with an `Idempotency-Key` stores its first
 * result in the same statement as the write itself (writes.ts), so a retry —
 * even one racing the first attempt — is answered from that result and writes nothing.
 */
import { hash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';

export type { Tx } from '../../db/index.ts';

export interface WriteResult<T> {
  readonly status: 200 | 201;
  readonly body: T;
  /** True when this result was replayed from an earlier request with the same key. */
  readonly replayed?: boolean;
}

/** Keys are opaque strings chosen by the client. */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,200}$/;

export function requestHash(method: string, path: string, body: unknown): string {
  return hash('sha256', `${method} ${path}\n${JSON.stringify(body ?? null)}`, 'hex');
}

/** The request's key after checking its form (null without one); 400 naming the header otherwise. */
export function checkedKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (!idempotencyKeyPattern.test(key)) {
    throw new AppError('validation_failed', 'header.idempotency-key: 8 to 200 characters of A-Z a-z 0-9 . _ : -', [
      { path: 'header.idempotency-key', message: 'must be 8 to 200 characters of A-Z a-z 0-9 . _ : -' },
    ]);
  }
  return key;
}

/**
 * The stored result of an earlier request with this scope and key, to answer a retry with; 422
 * when the key was used for a different request; undefined when the key is unused (or absent).
 * Results are stored by the write itself, in the same statement (writes.ts), so a key is never
 * seen without its result.
 */
export async function replayOf<T>(
  db: Database,
  idempotency: { scope: string; key: string | null; requestHash: string },
  parse: (stored: unknown) => T,
): Promise<WriteResult<T> | undefined> {
  const { scope, key } = idempotency;
  if (key === null) return undefined;
  const [prior] = await db
    .select()
    .from(schema.idempotencyKeys)
    .where(and(eq(schema.idempotencyKeys.scope, scope), eq(schema.idempotencyKeys.key, key)));
  if (!prior) return undefined;
  if (prior.requestHash !== idempotency.requestHash) {
    throw new AppError('unprocessable', 'this Idempotency-Key was already used for a different request', {
      path: 'header.idempotency-key',
    });
  }
  return { status: prior.status === 201 ? 201 : 200, body: parse(prior.body), replayed: true };
}
