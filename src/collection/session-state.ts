/** What a respondent sees of a session: its state, the page to show, where a resumed session continues; the read side of sessions.ts. */
import { type Database } from '../../db/index.ts';
import { AnswersRefused, AppError } from '../errors.ts';
import { type AnswerError } from '../instrument/answers.ts';
import type { Answers } from '../instrument/codes.ts';
import { type Instrument } from '../instrument/instrument.ts';
import { isPageShown, nextPage, PresentationOrder, renderPage } from '../instrument/presentation.ts';
import { chooseLanguage } from './language.ts';
import { pageView, progressOf } from './view.ts';
import type { WaveInstrument } from './waves.ts';
import { authorisedSession } from './session-cache.ts';
import { type SessionState, type PageView, type Progress } from './schemas.ts';
import type { TextDirection } from '../instrument/text.ts';
import type { ResponseMode } from '../instrument/modes.ts';

export function languageDir(instrument: Instrument, lang: string): TextDirection {
  return instrument.languages.find((l) => l.code === lang)?.dir ?? 'ltr';
}

/** Per-question answer errors, refused: one problem per question. */
export function invalidAnswers(errors: Readonly<Record<string, AnswerError>>): AnswersRefused {
  return new AnswersRefused(
    Object.entries(errors).map(([question, e]) => ({ question, item: e.item, code: e.code, message: e.message })),
  );
}

export function stateOf(
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
export function resumePage(
  instrument: Instrument,
  order: PresentationOrder,
  answers: Answers,
  done: readonly string[],
): string | null {
  let current: string | null = nextPage(instrument, order, answers, null);
  while (current !== null && done.includes(current)) current = nextPage(instrument, order, answers, current);
  return current;
}

/**
 * Minutes after its submission during which a submitted session's secret still reads its answers
 * (the thank-you page, a second tab, a client's retry); after that `getSession` answers 410 `gone`.
 */
export const submittedAnswersGraceMinutes = 15;

export async function getSession(
  db: Database,
  input: { sessionId: string; secret: string | undefined; language?: string | undefined; page?: string | undefined },
): Promise<
  Omit<SessionState, 'answers'> & {
    answers: Answers;
    instrument: Instrument;
    order: PresentationOrder;
    /** How the interview is administered (interviewer mode: phone, face_to_face). */
    mode: ResponseMode;
  }
> {
  const { s, wi } = await authorisedSession(db, input.sessionId, input.secret, true);
  if (s.status === 'submitted' && Date.now() - (s.endedAt?.getTime() ?? 0) > submittedAnswersGraceMinutes * 60_000)
    throw new AppError(
      'gone',
      `this session was submitted more than ${submittedAnswersGraceMinutes} minutes ago: its answers are no longer served to its secret`,
    );
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
    mode: s.mode,
  };
}
