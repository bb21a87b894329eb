/**
 * Respondent sessions: start (with consent, optionally an invitation), save
 * answers page by page, resume, submit. Every write is one transaction; an
 * answer is acknowledged only after it commits. Validation is the instrument's own.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { ConflictError, ApiError, type FieldProblem } from '../api/errors.ts';
import { validateAnswers, type AnswerError } from '../instrument/answers.ts';
import { Answers } from '../instrument/codes.ts';
import { questionIndex, type Instrument } from '../instrument/instrument.ts';
import { isPageShown, nextPage, presentationOrder, PresentationOrder, renderPage } from '../instrument/presentation.ts';
import { idempotencyKeyPattern, idempotentWrite, started, type Tx, type WriteResult } from './idempotency.ts';
import { chooseLanguage, deviceClass } from './language.ts';
import { hashSecret, newSecret, secretMatches } from './secrets.ts';
import { pageView, progressOf } from './view.ts';
import { loadInstrument, type WaveInstrument } from './waves.ts';
import { SessionCreated, PageSaved, Submitted, Paradata, type SessionState, type PageView, type Progress } from './schemas.ts';

function languageDir(instrument: Instrument, lang: string): 'ltr' | 'rtl' {
  return instrument.languages.find((l) => l.code === lang)?.dir ?? 'ltr';
}

/** Per-question errors as the API's field problems (`body.answers.CODE`). */
export function answerProblems(errors: Readonly<Record<string, AnswerError>>): FieldProblem[] {
  return Object.entries(errors).map(([code, e]) => ({
    path: `body.answers.${code}${e.item ? `.${e.item}` : ''}`,
    code: e.code,
    message: e.message,
  }));
}

function invalidAnswers(errors: Readonly<Record<string, AnswerError>>): ApiError {
  const details = answerProblems(errors);
  const first = details[0];
  return new ApiError('validation_failed', first ? `${first.path}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}` : 'invalid answers', details);
}

function stateOf(wi: WaveInstrument, order: PresentationOrder, answers: Answers, lang: string, at: string | null): { next: string | null; page: PageView | null; progress: Progress } {
  const { instrument } = wi;
  const next = at !== null && isPageShown(instrument, at, answers) ? at : nextPage(instrument, order, answers, null);
  return {
    next,
    page: next === null ? null : pageView(renderPage(instrument, { blockId: next, lang, answers, order })),
    progress: progressOf(instrument, order, answers, next),
  };
}

/** The first page in order that still has a visible unanswered question (where a resumed session continues). */
function resumePage(instrument: Instrument, order: PresentationOrder, answers: Answers, done: readonly string[]): string | null {
  let current: string | null = nextPage(instrument, order, answers, null);
  while (current !== null && done.includes(current)) current = nextPage(instrument, order, answers, current);
  return current;
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
  const selectWave = (d: Tx | Database) =>
    d
      .select({ id: schema.waves.id, status: schema.waves.status, instrumentId: schema.waves.instrumentId, definition: schema.waves.definition })
      .from(schema.waves)
      .where(eq(schema.waves.id, input.waveId))
      .execute();
  type WaveRow = Awaited<ReturnType<typeof selectWave>>;
  /** The wave checks, in the order the API has always answered them. */
  const openWave = async (d: Tx | Database, rows: WaveRow) => {
    const [wave] = rows;
    if (!wave) throw new ApiError('not_found', `wave ${input.waveId} not found`);
    if (wave.status !== 'open') throw new ConflictError('wave_not_open', `wave ${input.waveId} is ${wave.status}, not open`);
    const wi = await loadInstrument(d, wave.instrumentId);
    const lang = chooseLanguage(wi.instrument, input.language, input.acceptLanguage);
    return { wi, lang };
  };
  // A malformed key is refused after the wave checks (as always): check the wave first, outside.
  const early =
    input.idempotencyKey !== undefined && !idempotencyKeyPattern.test(input.idempotencyKey) ? await openWave(db, await selectWave(db)) : undefined;
  const deviceHash = input.deviceId !== undefined && input.invitation === undefined ? hashSecret(`${input.waveId}:${input.deviceId}`) : null;

  return idempotentWrite(
    db,
    { scope: `start:${input.waveId}`, key: input.idempotencyKey, requestHash: input.requestHash },
    // The wave is read inside the write's transaction, in the round trip that claims the key; a
    // wave that is missing or not open fails the write, which rolls the claim back.
    // The wave checks come before a replay (as they always did): a replayed start on a wave
    // that has closed since is still refused.
    async (tx) => early ?? openWave(tx, await selectWave(tx)),
    async (tx, { wi, lang }) => {
      let invitationId: string | null = null;
      if (input.invitation !== undefined) {
        const [used] = await tx
          .update(schema.invitations)
          .set({ usedAt: sql`now()` })
          .where(and(eq(schema.invitations.tokenHash, hashSecret(input.invitation)), eq(schema.invitations.waveId, input.waveId), isNull(schema.invitations.usedAt)))
          .returning({ id: schema.invitations.id });
        if (!used) {
          const [exists] = await tx
            .select({ id: schema.invitations.id })
            .from(schema.invitations)
            .where(and(eq(schema.invitations.tokenHash, hashSecret(input.invitation)), eq(schema.invitations.waveId, input.waveId)));
          throw exists
            ? new ConflictError('invitation_used', 'this invitation has already been used', [{ path: 'body.invitation', message: 'already used' }])
            : new ApiError('forbidden', 'unknown invitation for this wave', [{ path: 'body.invitation', message: 'not a valid invitation' }]);
        }
        invitationId = used.id;
      }
      if (deviceHash !== null) {
        const [prior] = await tx
          .select({ status: schema.sessions.status })
          .from(schema.sessions)
          .where(and(eq(schema.sessions.waveId, input.waveId), eq(schema.sessions.deviceHash, deviceHash), eq(schema.sessions.status, 'submitted')))
          .limit(1);
        if (prior) throw new ConflictError('already_submitted', 'a response from this device has already been submitted for this wave');
      }
      const sessionId = randomUUID();
      const secret = newSecret('s_');
      const order = presentationOrder(wi.instrument, sessionId);
      const pending = started(
        tx.insert(schema.sessions).values({
          id: sessionId,
          waveId: input.waveId,
          secretHash: hashSecret(secret),
          invitationId,
          language: lang,
          presentation: order,
          consentedAt: sql`now()`,
          answers: {},
          paradata: { pages: [] } satisfies Paradata,
          deviceClass: deviceClass(input.userAgent),
          deviceHash,
        }),
      );
      const state = stateOf(wi, order, {}, lang, null);
      return {
        status: 201,
        body: { sessionId, secret, waveId: input.waveId, status: 'in_progress', language: lang, dir: languageDir(wi.instrument, lang), answers: {}, ...state },
        pending,
      };
    },
    (stored) => SessionCreated.parse(stored),
  );
}

interface LockedSession {
  readonly row: typeof schema.sessions.$inferSelect;
  readonly wi: WaveInstrument;
  readonly order: PresentationOrder;
  readonly answers: Answers;
  readonly paradata: Paradata;
  readonly waveStatus: string;
}

/** The session row with its wave's status (locked for update when `lock`): one statement, no checks. */
function sessionRow(tx: Tx | Database, sessionId: string, lock: boolean) {
  const base = tx
    .select({ session: schema.sessions, waveStatus: schema.waves.status, instrumentId: schema.waves.instrumentId })
    .from(schema.sessions)
    .innerJoin(schema.waves, eq(schema.waves.id, schema.sessions.waveId))
    .where(eq(schema.sessions.id, sessionId));
  return lock ? base.for('update', { of: schema.sessions }).execute() : base.execute();
}

type SessionRows = Awaited<ReturnType<typeof sessionRow>>;

/** Checks the secret against a loaded session row; the same 401 whether the id or the secret is wrong. */
async function checked(tx: Tx | Database, rows: SessionRows, secret: string | undefined): Promise<LockedSession> {
  const [hit] = rows;
  if (!hit || secret === undefined || !secretMatches(secret, hit.session.secretHash)) {
    throw new ApiError('unauthorized', 'no session with this id and secret');
  }
  const wi = await loadInstrument(tx, hit.instrumentId);
  return {
    row: hit.session,
    wi,
    order: PresentationOrder.parse(hit.session.presentation),
    answers: Answers.parse(hit.session.answers),
    paradata: Paradata.parse(hit.session.paradata),
    waveStatus: hit.waveStatus,
  };
}

/** Loads a session after checking its secret; the same 401 whether the id or the secret is wrong. */
async function authorised(tx: Tx | Database, sessionId: string, secret: string | undefined, lock: boolean): Promise<LockedSession> {
  return checked(tx, await sessionRow(tx, sessionId, lock), secret);
}

export async function getSession(
  db: Database,
  input: { sessionId: string; secret: string | undefined; language?: string | undefined; page?: string | undefined },
): Promise<Omit<SessionState, 'answers'> & { answers: Answers; instrument: Instrument; order: PresentationOrder }> {
  const s = await authorised(db, input.sessionId, input.secret, false);
  const lang = input.language ? chooseLanguage(s.wi.instrument, input.language, undefined) : s.row.language;
  const done = s.paradata.pages.map((p) => p.block);
  let at: string | null = input.page ?? resumePage(s.wi.instrument, s.order, s.answers, done);
  if (input.page !== undefined && !s.order.blocks.includes(input.page)) throw new ApiError('not_found', `no page ${input.page}`);
  if (s.row.status !== 'in_progress') at = null;
  const state =
    s.row.status === 'in_progress'
      ? stateOf(s.wi, s.order, s.answers, lang, at)
      : { next: null, page: null, progress: progressOf(s.wi.instrument, s.order, s.answers, null) };
  return {
    sessionId: s.row.id,
    waveId: s.row.waveId,
    status: s.row.status,
    language: lang,
    dir: languageDir(s.wi.instrument, lang),
    answers: s.answers,
    ...state,
    instrument: s.wi.instrument,
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

/** Saves one page of answers (partial save). Later answers hidden by a changed earlier answer are dropped. */
export async function savePage(db: Database, input: SavePageInput): Promise<WriteResult<PageSaved>> {
  return idempotentWrite(
    db,
    { scope: `session:${input.sessionId}`, key: input.idempotencyKey, requestHash: input.requestHash },
    (tx) => sessionRow(tx, input.sessionId, true),
    async (tx, rows) => {
      const s = await checked(tx, rows, input.secret);
      if (s.row.status !== 'in_progress') throw new ConflictError(s.row.status === 'submitted' ? 'already_submitted' : 'session_ended', `session is ${s.row.status}; answers can no longer change`);
      if (s.waveStatus !== 'open') throw new ConflictError('wave_not_open', 'the wave is closed');
      const { instrument } = s.wi;
      const block = instrument.blocks.find((b) => b.id === input.blockId);
      if (!block) throw new ApiError('not_found', `no page ${input.blockId}`);
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
        throw new ApiError('unprocessable', `page ${input.blockId} is not shown given the earlier answers`);
      }

      const merged: Record<string, unknown> = { ...s.answers };
      for (const [code, value] of Object.entries(input.answers)) {
        if (value === null) delete merged[code];
        else merged[code] = value;
      }
      // Answers elsewhere that a changed answer now hides are no longer asked: drop them.
      let result = validateAnswers(instrument, merged, { mode: 'partial' });
      for (let guard = 0; !result.ok && guard < 50; guard++) {
        const stale = Object.entries(result.errors).filter(([code, e]) => e.code === 'hidden_question' && !onPage.has(code));
        if (stale.length === 0) break;
        for (const [code] of stale) delete merged[code];
        result = validateAnswers(instrument, merged, { mode: 'partial' });
      }
      if (!result.ok) throw invalidAnswers(result.errors);
      const answers = result.answers;
      if (input.complete) {
        const missing: Record<string, AnswerError> = {};
        const page = renderPage(instrument, { blockId: input.blockId, lang: s.row.language, answers, order: s.order });
        for (const q of page.questions) {
          if (q.required && q.kind !== 'info' && answers[q.code] === undefined) missing[q.code] = { code: 'required', message: `${q.code} must be answered` };
        }
        if (Object.keys(missing).length > 0) throw invalidAnswers(missing);
      }

      const now = new Date();
      const last = s.paradata.pages.at(-1)?.at ?? s.row.startedAt.toISOString();
      const serverSeconds = Math.max(0, Math.round((now.getTime() - new Date(last).getTime()) / 100) / 10);
      const paradata: Paradata = {
        pages: [
          ...s.paradata.pages,
          { block: input.blockId, at: now.toISOString(), serverSeconds, ...(input.seconds !== undefined ? { clientSeconds: input.seconds } : {}) },
        ].slice(-500),
      };
      const pending = started(tx.update(schema.sessions).set({ answers, paradata, updatedAt: now }).where(eq(schema.sessions.id, input.sessionId)));
      const next = input.complete ? nextPage(instrument, s.order, answers, input.blockId) : input.blockId;
      return {
        pending,
        status: 200,
        body: {
          saved: true,
          status: 'in_progress',
          next,
          page: next === null ? null : pageView(renderPage(instrument, { blockId: next, lang: s.row.language, answers, order: s.order })),
          progress: progressOf(instrument, s.order, answers, next),
        },
      };
    },
    (stored) => PageSaved.parse(stored),
  );
}

/** Submits a session: validates all answers, stores the immutable response. A second submit gets 409. */
export async function submitSession(
  db: Database,
  input: { sessionId: string; secret: string | undefined; idempotencyKey?: string | undefined; requestHash: string },
): Promise<WriteResult<Submitted>> {
  return idempotentWrite(
    db,
    { scope: `session:${input.sessionId}`, key: input.idempotencyKey, requestHash: input.requestHash },
    (tx) => sessionRow(tx, input.sessionId, true),
    async (tx, rows) => {
      const s = await checked(tx, rows, input.secret);
      if (s.row.status === 'submitted') throw new ConflictError('already_submitted', 'this session has already been submitted');
      if (s.row.status !== 'in_progress') throw new ConflictError('session_ended', `session is ${s.row.status}`);
      if (s.waveStatus !== 'open') throw new ConflictError('wave_not_open', 'the wave is closed');
      const result = validateAnswers(s.wi.instrument, s.answers, { mode: 'submit' });
      if (!result.ok) throw invalidAnswers(result.errors);
      const now = new Date();
      const inserting = tx
        .insert(schema.responses)
        .values({
          sessionId: s.row.id,
          waveId: s.row.waveId,
          instrumentId: s.wi.instrumentId,
          instrumentVersion: s.wi.version,
          fingerprint: s.wi.fingerprint,
          language: s.row.language,
          answers: result.answers,
          presentation: s.order,
          paradata: { ...s.paradata, deviceClass: s.row.deviceClass, startedAt: s.row.startedAt.toISOString(), submittedAt: now.toISOString() },
          startedAt: s.row.startedAt,
          submittedAt: now,
        })
        .returning({ id: schema.responses.id })
        .execute();
      // Sent in the same round trip as the insert; awaited before the result is stored and committed.
      const pending = started(tx.update(schema.sessions).set({ status: 'submitted', endedAt: now, updatedAt: now }).where(eq(schema.sessions.id, s.row.id)));
      const [response] = await inserting;
      if (!response) throw new Error('insert returned no row');
      return { status: 201, body: { responseId: String(response.id), status: 'submitted', submittedAt: now.toISOString() }, pending };
    },
    (stored) => Submitted.parse(stored),
  );
}
