/**
 * What the respondent sees of a session, as JSON: the page in their language,
 * questions and options in their randomised order, and the logic state.
 */
import type { Answers } from '../instrument/codes.ts';
import type { Instrument } from '../instrument/instrument.ts';
import { pageSequence, renderPage, type PresentationOrder, type RenderedPage } from '../instrument/presentation.ts';
import type { Question } from '../instrument/questions.ts';
import { visibleQuestions } from '../instrument/visibility.ts';
import type { PageView, Progress } from './schemas.ts';

/** Kind-specific limits a client needs to build the input (from the definition). */
function constraints(q: Question): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(q)) {
    if ((typeof v === 'number' || typeof v === 'boolean') && k !== 'randomize' && k !== 'randomizeItems') out[k] = v;
  }
  return out;
}

export function pageView(page: RenderedPage): PageView {
  return {
    blockId: page.blockId,
    ...(page.title !== undefined ? { title: page.title } : {}),
    questions: page.questions.map((q) => ({
      code: q.code,
      kind: q.kind,
      text: q.text,
      ...(q.help !== undefined ? { help: q.help } : {}),
      required: q.required,
      options: q.options.map((o) => ({ code: o.code, label: o.label, missing: o.missing })),
      items: q.items.map((i) => ({ code: i.code, label: i.label })),
      ...(q.unit !== undefined ? { unit: q.unit } : {}),
      constraints: constraints(q.definition),
    })),
  };
}

/** The respondent's progress: pages before `current` in the sequence shown, of all pages shown. */
export function progressOf(
  instrument: Instrument,
  order: PresentationOrder,
  answers: Readonly<Answers>,
  current: string | null,
): Progress {
  const pages = pageSequence(instrument, order, answers);
  const done = current === null ? pages.length : Math.max(0, pages.indexOf(current));
  return { done, total: pages.length };
}

/** The whole instrument as this respondent sees it now: every page in order, with which are shown. */
export function instrumentView(
  instrument: Instrument,
  order: PresentationOrder,
  answers: Readonly<Answers>,
  lang: string,
) {
  const shown = new Set(pageSequence(instrument, order, answers));
  return {
    pages: order.blocks.map((blockId) => ({
      shown: shown.has(blockId),
      ...pageView(renderPage(instrument, { blockId, lang, answers, order })),
    })),
    visibleQuestions: visibleQuestions(instrument, answers),
  };
}
