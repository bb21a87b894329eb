/**
 * Idempotent writes. A write sent with an `Idempotency-Key` stores its first
 * result in the same transaction as the write itself, so a retry — even one
 * racing the first attempt — is answered from that result and writes nothing.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { ConflictError, ApiError } from '../api/errors.ts';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface WriteResult<T> {
  readonly status: 200 | 201;
  readonly body: T;
  /** True when this result was replayed from an earlier request with the same key. */
  readonly replayed?: boolean;
}

/** Keys are opaque strings chosen by the client. */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,200}$/;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** What `work` returns: the result, and the writes it started but did not wait for. */
export interface WorkResult<T> extends WriteResult<T> {
  /**
   * Writes already sent and not yet awaited. They are awaited together with storing the result
   * under the key (both go out in one round trip) before the transaction commits; if one fails,
   * the whole write rolls back as before.
   */
  readonly pending?: Promise<unknown>;
}

/** Starts a query (or any promise) now, to be awaited later as a `WorkResult`'s `pending`. */
export function started<R>(query: { execute(): Promise<R> }): Promise<R> {
  const p = query.execute();
  p.catch(() => {}); // observed later through `pending`; never an unhandled rejection meanwhile
  return p;
}

/**
 * Runs `read`, then `work`, in one transaction. With a key: the first call stores its result;
 * later calls with the same scope and key return it (or 422 if the request differs).
 * A failed attempt stores nothing, so the client may retry with the same key.
 *
 * `read` issues the work's first statements. It is sent in the same round trip as claiming the
 * key, behind it, so it sees and locks what it would have seen and locked right after the claim;
 * on a replay its result is not used. An error it throws is answered even when the key would
 * have been replayed (and rolls the claim back), so it throws only for checks that must come
 * before a replay; any other check belongs in `work`.
 */
export async function idempotentWrite<T, P>(
  db: Database,
  idempotency: { scope: string; key: string | undefined; requestHash: string },
  read: (tx: Tx) => Promise<P>,
  work: (tx: Tx, read: P) => Promise<WorkResult<T>>,
  parse: (stored: unknown) => T,
): Promise<WriteResult<T>> {
  const { scope, key } = idempotency;
  if (key === undefined) {
    return db.transaction(async (tx) => {
      const result = await work(tx, await read(tx));
      await result.pending;
      return { status: result.status, body: result.body };
    });
  }
  if (!idempotencyKeyPattern.test(key)) {
    throw new ApiError('validation_failed', 'header.idempotency-key: 8 to 200 characters of A-Z a-z 0-9 . _ : -', [
      { path: 'header.idempotency-key', message: 'must be 8 to 200 characters of A-Z a-z 0-9 . _ : -' },
    ]);
  }
  return db.transaction(async (tx) => {
    const claiming = tx
      .insert(schema.idempotencyKeys)
      .values({ scope, key, requestHash: idempotency.requestHash, status: 0, body: {} })
      .onConflictDoNothing()
      .returning({ key: schema.idempotencyKeys.key })
      .execute();
    const reading = read(tx);
    // Both are in flight; wait for both before deciding (neither rejection may go unobserved).
    const [claimed, pre] = await Promise.all([claiming, reading]);
    if (claimed.length === 0) {
      const [prior] = await tx
        .select()
        .from(schema.idempotencyKeys)
        .where(and(eq(schema.idempotencyKeys.scope, scope), eq(schema.idempotencyKeys.key, key)));
      if (!prior) throw new ConflictError('in_progress', 'idempotency key is being used by a request in progress; retry');
      if (prior.requestHash !== idempotency.requestHash) {
        throw new ApiError('unprocessable', 'this Idempotency-Key was already used for a different request', {
          path: 'header.idempotency-key',
        });
      }
      const status = prior.status === 201 ? 201 : 200;
      return { status, body: parse(prior.body), replayed: true };
    }
    const result = await work(tx, pre);
    const storing = tx
      .update(schema.idempotencyKeys)
      .set({ status: result.status, body: result.body })
      .where(and(eq(schema.idempotencyKeys.scope, scope), eq(schema.idempotencyKeys.key, key)))
      .execute();
    await Promise.all([result.pending, storing]);
    return { status: result.status, body: result.body };
  });
}
