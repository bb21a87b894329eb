/** Saving a page and submitting: planned against the session as this process saw it, written in a batch, retried when the session moved on. */
import { and } from 'drizzle-orm';
import { type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import { validateAnswers, type AnswerError } from '../instrument/answers.ts';
import type { Answers } from '../instrument/codes.ts';
import { questionIndex } from '../instrument/instrument.ts';
import { isPageShown, pageQuestions, renderPage } from '../instrument/presentation.ts';
import { assignReached, wavePositions, type WavePositions } from './assignment.ts';
import { checkedKey, replayOf, type WriteResult } from './idempotency.ts';
import { deviceClass } from './language.ts';
import { pageView, progressOf } from './view.ts';
import type { WaveInstrument } from './waves.ts';
import { authorisedSession, sessionCacheOf, type Session } from './session-cache.ts';
import { PageSaved, Submitted, Paradata } from './schemas.ts';
import { invalidAnswers } from './session-state.ts';

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
async function planSave(
  s: Session,
  wi: WaveInstrument,
  input: SavePageInput,
  now: Date,
  positions: WavePositions,
): Promise<{ answers: Answers; paradata: Paradata; body: PageSaved }> {
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
  const interviewer = s.mode !== 'web';
  let result = validateAnswers(instrument, merged, { mode: 'partial', interviewer });
  for (let guard = 0; !result.ok && guard < 50; guard++) {
    const stale = Object.entries(result.errors).filter(
      ([code, e]) => e.code === 'hidden_question' && !onPage.has(code),
    );
    if (stale.length === 0) break;
    for (const [code] of stale) delete merged[code];
    result = validateAnswers(instrument, merged, { mode: 'partial', interviewer });
  }
  if (!result.ok) throw invalidAnswers(result.errors);
  if (input.complete) {
    const missing: Record<string, AnswerError> = {};
    const asked = pageQuestions(instrument, { blockId: input.blockId, answers: result.answers, order: s.order });
    for (const q of asked) {
      if (q.kind !== 'info' && q.required && result.answers[q.code] === undefined)
        missing[q.code] = { code: 'required', message: `${q.code} must be answered` };
    }
    if (Object.keys(missing).length > 0) throw invalidAnswers(missing);
  }

  const last = s.paradata.pages.at(-1)?.at ?? s.startedAt.toISOString();
  const serverSeconds = Math.max(0, Math.round((now.getTime() - new Date(last).getTime()) / 100) / 10);
  const reached = input.complete
    ? await assignReached(instrument, {
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
    ...(s.paradata.languages ? { languages: s.paradata.languages } : {}),
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
  // Positions claimed for experiments this save reaches are kept for its retries (assignment.ts).
  let positions: WavePositions | undefined;
  return sessionWrite(
    db,
    input,
    (stored) => PageSaved.parse(stored),
    async (s, wi, now) => {
      positions ??= wavePositions(db, s.waveId);
      const { answers, paradata, body } = await planSave(s, wi, input, now, positions);
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
      const result = validateAnswers(wi.instrument, s.answers, { mode: 'submit', interviewer: s.mode !== 'web' });
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
