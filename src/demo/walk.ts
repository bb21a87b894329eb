/**
 * One simulated respondent's way through an instrument without the service: the pages the
 * service would show them, in their presentation order, each page's answers validated as the
 * service validates a save (the instrument's answer validation, partial, then the page's required
 * questions), the experiment arms assigned as the service assigns them on leaving a page
 * (`assignReached`, positions from `positions`), and at the end the submit's validation of the
 * whole answer set. What comes out is the session and response rows the service would write
 * (session-start.ts, session-write.ts, db/writes.ts), with times from a simulated clock.
 */
import { randomUUID } from 'node:crypto';
import { assignReached, type WavePositions } from '../collection/assignment.ts';
import { deviceClass } from '../collection/language.ts';
import type { Paradata } from '../collection/schemas.ts';
import { hashSecret, newSecret } from '../collection/secrets.ts';
import { invalidAnswers } from '../collection/session-state.ts';
import { pageView, progressOf } from '../collection/view.ts';
import type { WaveInstrument } from '../collection/waves.ts';
import type { Answers } from '../instrument/codes.ts';
import { validateAnswers, type AnswerError } from '../instrument/answers.ts';
import {
  nextPage,
  pageQuestions,
  presentationOrder,
  renderPage,
  type PresentationOrder,
} from '../instrument/presentation.ts';
import { pageAnswers, type ArmOf } from './plan.ts';
import type { SimulatedRespondent } from './respondents.ts';

/** A `sessions` row as the service leaves it (column names as in the table). */
export interface SessionRow {
  readonly id: string;
  readonly wave_id: string;
  readonly secret_hash: string;
  readonly status: 'in_progress' | 'submitted';
  readonly language: string;
  readonly presentation: PresentationOrder;
  readonly consented_at: string;
  readonly answers: Answers;
  readonly paradata: Paradata;
  readonly device_class: string;
  readonly started_at: string;
  readonly updated_at: string;
  readonly ended_at: string | null;
  /** Raised once per save and once by the submit (the table's trigger does it on each update). */
  readonly version: number;
}

/** A `responses` row (its id is the table's sequence). */
export interface ResponseRow {
  readonly session_id: string;
  readonly wave_id: string;
  readonly instrument_id: string;
  readonly instrument_version: string;
  readonly fingerprint: string;
  readonly language: string;
  readonly answers: Answers;
  readonly presentation: PresentationOrder;
  readonly paradata: unknown;
  readonly started_at: string;
  readonly submitted_at: string;
}

export interface Walked {
  readonly session: SessionRow;
  readonly response: ResponseRow | null;
}

/** Seconds a simulated respondent spends on a page (drawn by the caller). */
export type PageSeconds = () => number;

/** The save's checks of session-write.ts `planSave` for a respondent's own page: validated answers, or a refusal. */
function checkedSave(
  wi: WaveInstrument,
  s: { answers: Answers; order: PresentationOrder },
  blockId: string,
  given: Readonly<Record<string, unknown>>,
): Answers {
  const result = validateAnswers(wi.instrument, { ...s.answers, ...given }, { mode: 'partial' });
  if (!result.ok) throw invalidAnswers(result.errors);
  const asked = pageQuestions(wi.instrument, { blockId, answers: result.answers, order: s.order });
  const missing: Record<string, AnswerError> = {};
  for (const q of asked)
    if (q.kind !== 'info' && q.required && result.answers[q.code] === undefined)
      missing[q.code] = { code: 'required', message: `${q.code} must be answered` };
  if (Object.keys(missing).length > 0) throw invalidAnswers(missing);
  return result.answers;
}

/** The session row (and the response row, for a respondent who did not break off) the walk ends with. */
function rowsOf(
  wi: WaveInstrument,
  w: {
    readonly id: string;
    readonly waveId: string;
    readonly language: string;
    readonly order: PresentationOrder;
    readonly answers: Answers;
    readonly paradata: Paradata;
    readonly brokeOff: boolean;
    readonly clock: number;
  },
  options: { readonly userAgent: string; readonly startedAt: number },
): Walked {
  const { id, waveId, order, answers, paradata } = w;
  const { pages } = paradata;
  const iso = (ms: number) => new Date(ms).toISOString();
  const started = iso(options.startedAt);
  const device = deviceClass(options.userAgent);
  const base = {
    id,
    wave_id: waveId,
    secret_hash: hashSecret(newSecret('s_')),
    language: w.language,
    presentation: order,
    consented_at: started,
    answers,
    paradata,
    device_class: device,
    started_at: started,
  };
  if (w.brokeOff) {
    const updated = pages.at(-1)?.at ?? started;
    return {
      session: { ...base, status: 'in_progress', updated_at: updated, ended_at: null, version: pages.length },
      response: null,
    };
  }
  const result = validateAnswers(wi.instrument, answers, { mode: 'submit' });
  if (!result.ok) throw invalidAnswers(result.errors);
  const submittedAt = iso(w.clock + 1000);
  return {
    session: {
      ...base,
      status: 'submitted',
      updated_at: submittedAt,
      ended_at: submittedAt,
      version: pages.length + 1,
    },
    response: {
      session_id: id,
      wave_id: waveId,
      instrument_id: wi.instrumentId,
      instrument_version: wi.version,
      fingerprint: wi.fingerprint,
      language: w.language,
      answers: result.answers,
      presentation: order,
      paradata: { ...paradata, deviceClass: device, startedAt: started, submittedAt },
      started_at: started,
      submitted_at: submittedAt,
    },
  };
}

/**
 * Walks one respondent through the wave's instrument as `answerThroughService` does through the
 * service, starting at `startedAt` (ms); throws as the service would refuse when an answer set
 * is invalid.
 */
export async function walkRespondent(
  wi: WaveInstrument,
  waveId: string,
  r: SimulatedRespondent,
  options: {
    readonly userAgent: string;
    readonly armOf: ArmOf;
    readonly positions: WavePositions;
    readonly startedAt: number;
    readonly seconds: PageSeconds;
  },
): Promise<Walked> {
  const { instrument } = wi;
  const id = randomUUID();
  const order = presentationOrder(instrument, id);
  const lang = r.language;
  let answers: Answers = {};
  let clock = options.startedAt;
  const iso = (ms: number) => new Date(ms).toISOString();
  const pages: Paradata['pages'] = [];
  let assignments: NonNullable<Paradata['assignments']> = {};
  let next = nextPage(instrument, order, answers, null);
  const seen = new Set<string>();
  let brokeOff = false;
  while (next !== null) {
    if (next === r.breaksOffAt) {
      brokeOff = true;
      break;
    }
    const view = pageView(renderPage(instrument, { blockId: next, lang, answers, order }));
    for (const q of view.questions) seen.add(q.code);
    // The progress the service replies with, needed only on a page of information (computed only there).
    if (view.questions.every((q) => q.kind === 'info')) {
      const progress = progressOf(instrument, order, answers, next);
      if (progress.done + 1 >= progress.total) break;
    }
    const valid = checkedSave(wi, { answers, order }, next, pageAnswers(view, r, seen, options.armOf));
    const last = clock;
    clock += Math.round(options.seconds() * 1000);
    const at = iso(clock);
    const reached = await assignReached(instrument, {
      order,
      answers: valid,
      current: next,
      positions: options.positions,
      at,
    });
    answers = reached.answers;
    assignments = { ...assignments, ...reached.assignments };
    pages.push({ block: next, at, serverSeconds: Math.max(0, Math.round((clock - last) / 100) / 10) });
    next = reached.next;
  }
  const paradata: Paradata = { pages, ...(Object.keys(assignments).length > 0 ? { assignments } : {}) };
  return rowsOf(wi, { id, waveId, language: lang, order, answers, paradata, brokeOff, clock }, options);
}
