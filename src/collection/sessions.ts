/**
 * Respondent sessions: start (with consent, optionally an invitation), save answers page by
 * page, resume, submit. Validation is the instrument's own.
 *
 * How a write reaches the database: the service checks and validates the request against the
 * session as it last saw it (kept in memory per process, or read when it is not), then hands one
 * row to the batch statement of its kind (writes.ts, batch.ts). The statement applies it only if
 * the wave is open, the idempotency key unused and the session still at the version that was
 * read; it is acknowledged only after its batch has committed. When a row is not written the
 * service reads the committed state and answers from it: the stored result for a retried key, a
 * conflict for a closed wave or an ended session, or — when the session merely moved on (another
 * device, another process) — it validates again against the fresh state and retries.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Database } from '../../db/index.ts';
import { AnswersRefused, AppError, ConflictError } from '../errors.ts';
import { validateAnswers, type AnswerError } from '../instrument/answers.ts';
import type { Answers } from '../instrument/codes.ts';
import { questionIndex, type Instrument } from '../instrument/instrument.ts';
import { isPageShown, nextPage, presentationOrder, PresentationOrder, renderPage } from '../instrument/presentation.ts';
import { assignReached, wavePositions, type WavePositions } from './assignment.ts';
import { checkedKey, replayOf, type WriteResult } from './idempotency.ts';
import { chooseLanguage, deviceClass } from './language.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { pageView, progressOf } from './view.ts';
import type { WaveInstrument } from './waves.ts';
import { authorisedSession, openWaveInstrument, sessionCacheOf, sessionRow, type Session } from './session-cache.ts';
import {
  SessionCreated,
  PageSaved,
  Submitted,
  Paradata,
  type SessionState,
  type PageView,
  type Progress,
} from './schemas.ts';
import type { TextDirection } from '../instrument/text.ts';

export { openWaveInstrument } from './session-cache.ts';

function languageDir(instrument: Instrument, lang: string): TextDirection {
  return instrument.languages.find((l) => l.code === lang)?.dir ?? 'ltr';
}

/** Per-question answer errors, refused: one problem per question. */
function invalidAnswers(errors: Readonly<Record<string, AnswerError>>): AnswersRefused {
  return new AnswersRefused(
    Object.entries(errors).map(([question, e]) => ({ question, item: e.item, code: e.code, message: e.message })),
  );
}

function stateOf(
  wi: WaveInstrument,
  order: PresentationOrder,
  answers: Answers,
  lang: string,
  at: string | null,
): { next: string | null; page: PageView | null; progress: Progress } {
  const { instrument } = wi;
  const next = at !== null && isPageShown(instrument, at, answers) ? at : nextPage(instrument, order, answers, null);
  return {
    next,
    page: next === null ? null : pageView(renderPage(instrument, { blockId: next, lang, answers, order })),
    progress: progressOf(instrument, order, answers, next),
  };
}

/** The first page in order that still has a visible unanswered question (where a resumed session continues). */
function resumePage(
  instrument: Instrument,
  order: PresentationOrder,
  answers: Answers,
  done: readonly string[],
): string | null {
  let current: string | null = nextPage(instrument, order, answers, null);
  while (current !== null && done.includes(current)) current = nextPage(instrument, order, answers, current);
  return current;
}

/** What a keyed start stores for its retries: the new session and its secret (shown once, so kept for the retry). */
const StartReceipt = z.object({ sessionId: z.string().uuid(), secret: z.string() });
type StartReceipt = z.infer<typeof StartReceipt>;

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
): Promise<SessionCreated> {
  const [hit] = await sessionRow(db, receipt.sessionId);
  if (!hit) throw new Error(`the session ${receipt.sessionId} of a stored start is missing`);
  const order = PresentationOrder.parse(hit.session.presentation);
  return createdBody(wi, {
    sessionId: receipt.sessionId,
    secret: receipt.secret,
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
  readonly requestHash: string;
}

/** Starts a session on an open wave; consent has been given (the API refuses a body without it). */
export async function startSession(db: Database, input: StartInput): Promise<WriteResult<SessionCreated>> {
  const cache = sessionCacheOf(db);
  // The wave checks come first, even before a replay: a replayed start on a wave closed since is refused.
  const wi = await openWaveInstrument(db, input.waveId);
  const key = checkedKey(input.idempotencyKey);
  const scope = `start:${input.waveId}`;
  const lang = chooseLanguage(wi.instrument, input.language, input.acceptLanguage);
  const deviceHash =
    input.deviceId !== undefined && input.invitation === undefined
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
    at: now.toISOString(),
    scope,
    key,
    request_hash: input.requestHash,
    // The stored result of a keyed start: what a retry cannot re-derive (the page view is rendered again).
    body: { sessionId, secret } satisfies StartReceipt,
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
      startedAt: now,
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
  if (replay) return { ...replay, body: await replayedStart(db, wi, input.waveId, replay.body) };
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

export async function getSession(
  db: Database,
  input: { sessionId: string; secret: string | undefined; language?: string | undefined; page?: string | undefined },
): Promise<Omit<SessionState, 'answers'> & { answers: Answers; instrument: Instrument; order: PresentationOrder }> {
  const { s, wi } = await authorisedSession(db, input.sessionId, input.secret, true);
  const lang = input.language ? chooseLanguage(wi.instrument, input.language, undefined) : s.language;
  const done = s.paradata.pages.map((p) => p.block);
  let at: string | null = input.page ?? resumePage(wi.instrument, s.order, s.answers, done);
  if (input.page !== undefined && !s.order.blocks.includes(input.page))
    throw new AppError('not_found', `no page ${input.page}`);
  if (s.status !== 'in_progress') at = null;
  const state =
    s.status === 'in_progress'
      ? stateOf(wi, s.order, s.answers, lang, at)
      : { next: null, page: null, progress: progressOf(wi.instrument, s.order, s.answers, null) };
  return {
    sessionId: s.id,
    waveId: s.waveId,
    status: s.status,
    language: lang,
    dir: languageDir(wi.instrument, lang),
    answers: s.answers,
    ...state,
    instrument: wi.instrument,
    order: s.order,
  };
}

export interface SavePageInput {
  readonly sessionId: string;
  readonly secret: string | undefined;
  readonly blockId: string;
  readonly answers: Readonly<Record<string, unknown>>;
  /** Seconds on the page as measured by the client, if it measured. */
  readonly seconds?: number | undefined;
  /** When true (leaving the page with "next"), required questions of the page must be answered. */
  readonly complete: boolean;
  readonly idempotencyKey?: string | undefined;
  readonly requestHash: string;
}

/** Refuses a write to a session that has ended or whose wave is not open. */
function assertWritable(s: Session, what: 'save' | 'submit'): void {
  if (s.status === 'submitted')
    throw new ConflictError(
      'already_submitted',
      what === 'submit'
        ? 'this session has already been submitted'
        : 'session is submitted; answers can no longer change',
    );
  if (s.status !== 'in_progress')
    throw new ConflictError(
      'session_ended',
      `session is ${s.status}${what === 'submit' ? '' : '; answers can no longer change'}`,
    );
  if (s.waveStatus !== 'open') throw new ConflictError('wave_not_open', 'the wave is closed');
}

/**
 * The page's answers merged into the session's and validated, the experiment arms the respondent
 * reaches by leaving the page (assignment.ts), the new paradata, and the reply.
 */
function planSave(
  s: Session,
  wi: WaveInstrument,
  input: SavePageInput,
  now: Date,
  positions: WavePositions | undefined,
): { answers: Answers; paradata: Paradata; body: PageSaved } {
  assertWritable(s, 'save');
  const { instrument } = wi;
  const block = instrument.blocks.find((b) => b.id === input.blockId);
  if (!block) throw new AppError('not_found', `no page ${input.blockId}`);
  const onPage = new Set(block.questions.map((q) => q.code));
  const foreign: Record<string, AnswerError> = {};
  for (const code of Object.keys(input.answers)) {
    if (!onPage.has(code)) {
      foreign[code] = questionIndex(instrument).has(code)
        ? { code: 'unknown_question', message: `${code} is not on page ${input.blockId}` }
        : { code: 'unknown_question', message: `${instrument.id}@${instrument.version} has no question ${code}` };
    }
  }
  if (Object.keys(foreign).length > 0) throw invalidAnswers(foreign);
  if (!isPageShown(instrument, input.blockId, s.answers)) {
    throw new AppError('unprocessable', `page ${input.blockId} is not shown given the earlier answers`);
  }

  const merged: Record<string, unknown> = { ...s.answers };
  for (const [code, value] of Object.entries(input.answers)) {
    if (value === null) delete merged[code];
    else merged[code] = value;
  }
  // Answers elsewhere that a changed answer now hides are no longer asked: drop them.
  let result = validateAnswers(instrument, merged, { mode: 'partial' });
  for (let guard = 0; !result.ok && guard < 50; guard++) {
    const stale = Object.entries(result.errors).filter(
      ([code, e]) => e.code === 'hidden_question' && !onPage.has(code),
    );
    if (stale.length === 0) break;
    for (const [code] of stale) delete merged[code];
    result = validateAnswers(instrument, merged, { mode: 'partial' });
  }
  if (!result.ok) throw invalidAnswers(result.errors);
  if (input.complete) {
    const missing: Record<string, AnswerError> = {};
    const page = renderPage(instrument, {
      blockId: input.blockId,
      lang: s.language,
      answers: result.answers,
      order: s.order,
    });
    for (const q of page.questions) {
      if (q.required && q.kind !== 'info' && result.answers[q.code] === undefined)
        missing[q.code] = { code: 'required', message: `${q.code} must be answered` };
    }
    if (Object.keys(missing).length > 0) throw invalidAnswers(missing);
  }

  const last = s.paradata.pages.at(-1)?.at ?? s.startedAt.toISOString();
  const serverSeconds = Math.max(0, Math.round((now.getTime() - new Date(last).getTime()) / 100) / 10);
  const reached = input.complete
    ? assignReached(instrument, {
        order: s.order,
        answers: result.answers,
        current: input.blockId,
        positions,
        at: now.toISOString(),
      })
    : undefined;
  const answers = reached?.answers ?? result.answers;
  const assignments = { ...s.paradata.assignments, ...reached?.assignments };
  const paradata: Paradata = {
    pages: [
      ...s.paradata.pages,
      {
        block: input.blockId,
        at: now.toISOString(),
        serverSeconds,
        ...(input.seconds !== undefined ? { clientSeconds: input.seconds } : {}),
      },
    ].slice(-500),
    ...(Object.keys(assignments).length > 0 ? { assignments } : {}),
  };
  const next = reached ? reached.next : input.blockId;
  return {
    answers,
    paradata,
    body: {
      saved: true,
      status: 'in_progress',
      next,
      page:
        next === null
          ? null
          : pageView(renderPage(instrument, { blockId: next, lang: s.language, answers, order: s.order })),
      progress: progressOf(instrument, s.order, answers, next),
    },
  };
}

/** A planned session write: send it, answer from what it wrote, and the session after it. */
interface Planned<T, W> {
  readonly write: (key: string | null, scope: string) => Promise<W | null>;
  readonly reply: (written: W) => WriteResult<T>;
  readonly after: (s: Session, written: W) => Session;
}

/** Times a write is validated again and retried after the session moved on under it. */
const retriesAfterMove = 3;

/**
 * The loop saves and submits share: read (or recall) the session, plan the write, send it; when
 * it is not written, answer from the committed state — the stored result of a retried key, the
 * conflict the fresh state shows, or a new attempt when the session merely moved on.
 */
async function sessionWrite<T, W>(
  db: Database,
  input: { sessionId: string; secret: string | undefined; idempotencyKey?: string | undefined; requestHash: string },
  parse: (stored: unknown) => T,
  plan: (s: Session, wi: WaveInstrument, now: Date) => Planned<T, W> | Promise<Planned<T, W>>,
): Promise<WriteResult<T>> {
  const cache = sessionCacheOf(db);
  const key = checkedKey(input.idempotencyKey);
  const idem = { scope: `session:${input.sessionId}`, key, requestHash: input.requestHash };
  for (let attempt = 0; ; attempt++) {
    const { s, wi, recalled } = await authorisedSession(db, input.sessionId, input.secret, attempt > 0);
    let planned: Planned<T, W>;
    try {
      planned = await plan(s, wi, new Date());
    } catch (err) {
      // Refused on the state this process remembered: refuse only on the committed state.
      if (recalled) continue;
      // A retry of a write that succeeded meets the state that write made: answer it as before.
      const replay = await replayOf(db, idem, parse);
      if (replay) return replay;
      throw err;
    }
    const written = await planned.write(key, idem.scope);
    if (written !== null) {
      cache.keep(planned.after(s, written));
      return planned.reply(written);
    }
    cache.forget(input.sessionId);
    const replay = await replayOf(db, idem, parse);
    if (replay) return replay;
    if (attempt >= retriesAfterMove)
      throw new ConflictError('in_progress', 'the session kept changing during this write; retry');
  }
}

/** Saves one page of answers (partial save). Later answers hidden by a changed earlier answer are dropped. */
export async function savePage(db: Database, input: SavePageInput): Promise<WriteResult<PageSaved>> {
  const cache = sessionCacheOf(db);
  return sessionWrite(
    db,
    input,
    (stored) => PageSaved.parse(stored),
    async (s, wi, now) => {
      const { answers, paradata, body } = planSave(s, wi, input, now, await wavePositions(db, s.waveId, wi.instrument));
      return {
        reply: () => ({ status: 200, body }),
        write: async (key, scope) => {
          const row = {
            id: s.id,
            wave_id: s.waveId,
            version: s.version,
            answers,
            paradata,
            at: now.toISOString(),
            scope,
            key,
            request_hash: input.requestHash,
            body,
          };
          const version = await cache.write({ kind: 'save', row });
          return version === null ? null : Number(version);
        },
        after: (prior, version) => ({ ...prior, answers, paradata, version }),
      };
    },
  );
}

/** Submits a session: validates all answers, stores the immutable response. A second submit gets 409. */
export async function submitSession(
  db: Database,
  input: { sessionId: string; secret: string | undefined; idempotencyKey?: string | undefined; requestHash: string },
): Promise<WriteResult<Submitted>> {
  const cache = sessionCacheOf(db);
  return sessionWrite(
    db,
    input,
    (stored) => Submitted.parse(stored),
    (s, wi, now) => {
      assertWritable(s, 'submit');
      const result = validateAnswers(wi.instrument, s.answers, { mode: 'submit' });
      if (!result.ok) throw invalidAnswers(result.errors);
      const submittedAt = now.toISOString();
      const body = { status: 'submitted' as const, submittedAt };
      return {
        write: (key, scope) =>
          cache.write({
            kind: 'submit',
            row: {
              id: s.id,
              wave_id: s.waveId,
              version: s.version,
              instrument_id: wi.instrumentId,
              instrument_version: wi.version,
              fingerprint: wi.fingerprint,
              answers: result.answers,
              paradata: {
                ...s.paradata,
                deviceClass: s.deviceClass,
                startedAt: s.startedAt.toISOString(),
                submittedAt,
              },
              at: submittedAt,
              scope,
              key,
              request_hash: input.requestHash,
              body,
            },
          }),
        reply: (responseId) => ({ status: 201, body: { responseId, ...body } }),
        after: (prior) => ({ ...prior, status: 'submitted' }),
      };
    },
  );
}
