/** Starting a session: consent, invitation or open link, one per device, the first page; a keyed start's retry answered from its receipt. */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import { presentationOrder, type PresentationOrder } from '../instrument/presentation.ts';
import type { InterviewerMode } from '../instrument/modes.ts';
import { checkedKey, replayOf, type WriteResult } from './idempotency.ts';
import { chooseLanguage, deviceClass } from './language.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { WaveInstrument } from './waves.ts';
import { openWaveInstrument, sessionCacheOf, sessionRow } from './session-cache.ts';
import { SessionCreated, Paradata } from './schemas.ts';
import { languageDir, stateOf } from './session-state.ts';
import { checkedNonce, replayedSecret, StartReceipt, startReceipt } from './start-receipt.ts';

/** A new session as the start answers it: in progress, no answers, on its first page. */
function createdBody(
  wi: WaveInstrument,
  s: { sessionId: string; secret: string; waveId: string; language: string; order: PresentationOrder },
): SessionCreated {
  return {
    sessionId: s.sessionId,
    secret: s.secret,
    waveId: s.waveId,
    status: 'in_progress',
    language: s.language,
    dir: languageDir(wi.instrument, s.language),
    answers: {},
    ...stateOf(wi, s.order, {}, s.language, null),
  };
}

/**
 * The first answer to a start, again, for a retry with its key: the session's language and
 * order are stored with it and the wave's instrument is frozen, so the page renders as it did.
 */
async function replayedStart(
  db: Database,
  wi: WaveInstrument,
  waveId: string,
  receipt: StartReceipt,
  nonce: string | undefined,
): Promise<SessionCreated> {
  const secret = replayedSecret(receipt, nonce);
  const [hit] = await sessionRow(db, receipt.sessionId);
  if (!hit) throw new Error(`the session ${receipt.sessionId} of a stored start is missing`);
  const order = hit.session.presentation;
  return createdBody(wi, {
    sessionId: receipt.sessionId,
    secret,
    waveId,
    language: hit.session.language,
    order,
  });
}

export interface StartInput {
  readonly waveId: string;
  readonly language?: string | undefined;
  readonly acceptLanguage?: string | undefined;
  readonly invitation?: string | undefined;
  readonly userAgent?: string | undefined;
  /** Device cookie value, for waves limited to one response per device. */
  readonly deviceId?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  /** An interviewer-administered start (interviewer mode): its mode and the interviewer's id. */
  readonly interviewer?: { readonly mode: InterviewerMode; readonly id: string } | undefined;
  /** The client's Idempotency-Nonce: a retry with the key gets the secret back only with the same nonce. */
  readonly idempotencyNonce?: string | undefined;
  readonly requestHash: string;
}

/** Starts a session on an open wave; consent has been given (the API refuses a body without it). */
export async function startSession(db: Database, input: StartInput): Promise<WriteResult<SessionCreated>> {
  const cache = sessionCacheOf(db);
  // The wave checks come first, even before a replay: a replayed start on a wave closed since is refused.
  const wi = await openWaveInstrument(db, input.waveId);
  const key = checkedKey(input.idempotencyKey);
  const nonce = checkedNonce(input.idempotencyNonce);
  const scope = `start:${input.waveId}`;
  const lang = chooseLanguage(wi.instrument, input.language, input.acceptLanguage);
  // An interviewer's device fields many interviews: only a respondent's own device is limited to one.
  const deviceHash =
    input.deviceId !== undefined && input.invitation === undefined && input.interviewer === undefined
      ? hashSecret(`${input.waveId}:${input.deviceId}`)
      : null;
  const sessionId = randomUUID();
  const secret = newSecret('s_');
  const order = presentationOrder(wi.instrument, sessionId);
  const paradata: Paradata = { pages: [] };
  const now = new Date();
  const body = createdBody(wi, { sessionId, secret, waveId: input.waveId, language: lang, order });
  const secretHash = hashSecret(secret);
  const device = deviceClass(input.userAgent);
  const row = {
    id: sessionId,
    wave_id: input.waveId,
    secret_hash: secretHash,
    invitation_hash: input.invitation === undefined ? null : hashSecret(input.invitation),
    language: lang,
    presentation: order,
    paradata,
    device_class: device,
    device_hash: deviceHash,
    mode: input.interviewer?.mode ?? 'web',
    interviewer_id: input.interviewer?.id ?? null,
    at: now.toISOString(),
    scope,
    key,
    request_hash: input.requestHash,
    // The stored result of a keyed start: what a retry cannot re-derive (the page view is rendered
    // again), the secret sealed with the client's nonce (start-receipt.ts).
    body: startReceipt(sessionId, secret, nonce),
  };
  if ((await cache.write({ kind: 'start', row })) !== null) {
    cache.keep({
      id: sessionId,
      waveId: input.waveId,
      instrumentId: wi.instrumentId,
      secretHash,
      status: 'in_progress',
      waveStatus: 'open',
      language: lang,
      deviceClass: device,
      mode: input.interviewer?.mode ?? 'web',
      interviewerId: input.interviewer?.id ?? null,
      startedAt: now,
      endedAt: null,
      order,
      answers: {},
      paradata,
      version: 0,
    });
    return { status: 201, body };
  }
  // Not written: say why, from the committed state, in the order the API has always answered.
  await openWaveInstrument(db, input.waveId, true);
  const replay = await replayOf(db, { scope, key, requestHash: input.requestHash }, (stored) =>
    StartReceipt.parse(stored),
  );
  if (replay) return { ...replay, body: await replayedStart(db, wi, input.waveId, replay.body, nonce) };
  if (input.invitation !== undefined) {
    const [invitation] = await db
      .select({ usedAt: schema.invitations.usedAt })
      .from(schema.invitations)
      .where(
        and(
          eq(schema.invitations.tokenHash, hashSecret(input.invitation)),
          eq(schema.invitations.waveId, input.waveId),
        ),
      );
    if (!invitation)
      throw new AppError('forbidden', 'unknown invitation for this wave', [
        { path: 'body.invitation', message: 'not a valid invitation' },
      ]);
    if (invitation.usedAt !== null)
      throw new ConflictError('invitation_used', 'this invitation has already been used', [
        { path: 'body.invitation', message: 'already used' },
      ]);
  }
  if (deviceHash !== null) {
    const [prior] = await db
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(
        and(
          eq(schema.sessions.waveId, input.waveId),
          eq(schema.sessions.deviceHash, deviceHash),
          eq(schema.sessions.status, 'submitted'),
        ),
      )
      .limit(1);
    if (prior)
      throw new ConflictError(
        'already_submitted',
        'a response from this device has already been submitted for this wave',
      );
  }
  throw new ConflictError('in_progress', 'the session could not be started because of a concurrent request; retry');
}
