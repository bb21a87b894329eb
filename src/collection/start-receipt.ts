/**
 * What a keyed session start keeps so that its retry can be answered: the
 * session id, and the secret sealed with the client's Idempotency-Nonce. Only a retry that carries
 * the same nonce can open it, so knowing the key alone (`retry-<timestamp>` is the kind people
 * choose) gets no one the session, and the database never holds the secret in the clear.
 */
import { hash } from 'node:crypto';
import { z } from 'zod';
import { AppError, ConflictError } from '../errors.ts';
import { seal, unseal } from './secrets.ts';

/** Nonces are opaque strings chosen by the client, long enough not to be guessed. */
export const idempotencyNoncePattern = /^[A-Za-z0-9._:-]{16,200}$/;
const nonceRule = '16 to 200 characters of A-Z a-z 0-9 . _ : -';

/** The stored result of a keyed start (older rows also hold a `secret`, which is never replayed). */
export const StartReceipt = z.object({ sessionId: z.string().uuid(), sealed: z.string().optional() });
export type StartReceipt = z.infer<typeof StartReceipt>;

/** The request's nonce after checking its form (undefined without one); 400 naming the header otherwise. */
export function checkedNonce(nonce: string | undefined): string | undefined {
  if (nonce === undefined || idempotencyNoncePattern.test(nonce)) return nonce;
  throw new AppError('validation_failed', `header.idempotency-nonce: ${nonceRule}`, [
    { path: 'header.idempotency-nonce', message: `must be ${nonceRule}` },
  ]);
}

function keyOf(nonce: string): Buffer {
  return hash('sha256', `barometer start replay|${nonce}`, 'buffer');
}

/** The receipt of a start: the secret sealed (AES-256-GCM) with the nonce, or no secret at all without one. */
export function startReceipt(sessionId: string, secret: string, nonce: string | undefined): StartReceipt {
  return nonce === undefined ? { sessionId } : { sessionId, sealed: seal(keyOf(nonce), sessionId, secret) };
}

/** The secret of a replayed start for the client that made it; 409 saying how to resume for anyone else. */
export function replayedSecret(receipt: StartReceipt, nonce: string | undefined): string {
  const secret =
    receipt.sealed === undefined || nonce === undefined
      ? undefined
      : unseal(keyOf(nonce), receipt.sessionId, receipt.sealed);
  if (secret !== undefined) return secret;
  throw new ConflictError(
    'replay_refused',
    'this Idempotency-Key already started a session; a retry gets it back only with the Idempotency-Nonce ' +
      'the first request sent. To resume, present the secret the start returned (X-Session-Secret) to ' +
      'GET /v1/sessions/{id} or open the resume link; otherwise start again with a new key.',
    [{ path: 'header.idempotency-nonce', message: 'does not match the nonce of the request that used this key' }],
  );
}
