/**
 * What a respondent sees: the order of pages, questions, options and grid items (seeded and
 * recorded), and pages rendered in one language with piping applied.
 *
 * Flow for the collection layer:
 * 1. At session start: `order = presentationOrder(instrument, seed)`; store `order` (JSON).
 * 2. For each step: `nextPage(instrument, order, answers, currentBlockId)` → block id or null.
 * 3. `renderPage(instrument, { blockId, lang, answers, order })` → texts and options to show.
 */
import { z } from 'zod';
import type { Answers, ChosenMissingCode } from './codes.ts';
import { questionIndex, type Block, type Instrument } from './instrument.ts';
import { applyPiping } from './piping.ts';
import { offeredMissing, optionsOf, type Question } from './questions.ts';
import { seededRandom, shuffleWithAnchors } from './random.ts';
import { isBlockVisible, isQuestionVisible, offeredOptionCodes } from './visibility.ts';
import { textIn, type Text, type TextDirection } from './text.ts';

/**
 * The order a respondent is shown, derived from a seed and stored with the session. Only what was
 * shuffled is recorded beside the page order: a question, option list or grid whose order is the
 * definition's has no entry, and the readers (`renderPage`) fall back to the definition (pinned by
 * the wave's instrument version and fingerprint). Orders stored in full before remain valid.
 */
export const PresentationOrder = z.object({
  seed: z.string(),
  /** Block ids in the order the pages are shown. */
  blocks: z.array(z.string()),
  /** Block id → question codes in the order shown on its page (blocks that shuffle their questions). */
  questions: z.record(z.string(), z.array(z.string())),
  /** Question code → option codes in the order shown (questions that shuffle); missing codes follow them. */
  options: z.record(z.string(), z.array(z.string())),
  /** Grid question code → item codes in the order shown (grids that shuffle their items). */
  items: z.record(z.string(), z.array(z.string())),
});
export type PresentationOrder = z.output<typeof PresentationOrder>;

/** The presentation order for a respondent; the same seed always yields the same order. */
export function presentationOrder(instrument: Instrument, seed: string): PresentationOrder {
  const stream = (purpose: string) => seededRandom(`${seed}|${purpose}`);
  const blocks = instrument.randomizeBlocks
    ? shuffleWithAnchors(instrument.blocks, (b) => b.anchor, stream('blocks'))
    : instrument.blocks;
  const questions: Record<string, string[]> = {};
  const options: Record<string, string[]> = {};
  const items: Record<string, string[]> = {};
  for (const block of instrument.blocks) {
    if (block.randomizeQuestions)
      questions[block.id] = shuffleWithAnchors(block.questions, () => false, stream(`block:${block.id}`)).map(
        (q) => q.code,
      );
    for (const q of block.questions) {
      if ((q.kind === 'single' || q.kind === 'multiple' || q.kind === 'ranking') && q.randomize)
        options[q.code] = shuffleWithAnchors(q.options, (o) => o.anchor, stream(`options:${q.code}`)).map(
          (o) => o.code,
        );
      if (q.kind === 'grid' && q.randomizeItems)
        items[q.code] = shuffleWithAnchors(q.items, () => false, stream(`items:${q.code}`)).map((i) => i.code);
    }
  }
  return { seed, blocks: blocks.map((b) => b.id), questions, options, items };
}

const blockCache = new WeakMap<Instrument, ReadonlyMap<string, Block>>();

/** The block with id `id` (the index is made once per frozen instrument: every page of every respondent asks). */
function blockById(instrument: Instrument, id: string): Block {
  let index = blockCache.get(instrument);
  if (!index) {
    index = new Map(instrument.blocks.map((b) => [b.id, b]));
    if (Object.isFrozen(instrument)) blockCache.set(instrument, index);
  }
  const block = index.get(id);
  if (!block) throw new Error(`unknown block ${id}`);
  return block;
}

/** Whether a page has anything to show given the answers so far. */
export function isPageShown(instrument: Instrument, blockId: string, answers: Readonly<Answers>): boolean {
  const block = blockById(instrument, blockId);
  return (
    isBlockVisible(instrument, block, answers) &&
    block.questions.some((q) => isQuestionVisible(instrument, q.code, answers))
  );
}

/**
 * The pages to show in order, given the answers so far. Pages after the first unanswered page
 * may still change as answers arrive; use `nextPage` to step through.
 */
export function pageSequence(instrument: Instrument, order: PresentationOrder, answers: Readonly<Answers>): string[] {
  return order.blocks.filter((id) => isPageShown(instrument, id, answers));
}

/** The page after `current` (or the first page when `current` is null); null when done. */
export function nextPage(
  instrument: Instrument,
  order: PresentationOrder,
  answers: Readonly<Answers>,
  current: string | null,
): string | null {
  const start = current === null ? 0 : order.blocks.indexOf(current) + 1;
  if (current !== null && start === 0) throw new Error(`unknown block ${current}`);
  return order.blocks.slice(start).find((id) => isPageShown(instrument, id, answers)) ?? null;
}

export interface RenderedOption {
  readonly code: string;
  readonly label: string;
  /** True for `dont_know`/`refused`, always shown last. */
  readonly missing: boolean;
}

export interface RenderedQuestion {
  readonly code: string;
  readonly kind: Question['kind'];
  /** Question text with piping applied. */
  readonly text: string;
  readonly help?: string;
  readonly required: boolean;
  /** Options (or scale points / grid scale) in presentation order, those hidden by option logic removed, then missing codes. */
  readonly options: readonly RenderedOption[];
  /** Grid items in presentation order. */
  readonly items: readonly { readonly code: string; readonly label: string }[];
  readonly unit?: string;
  /** The definition, for kind-specific constraints (min/max, maxLength, selections…). */
  readonly definition: Question;
}

export interface RenderedPage {
  readonly blockId: string;
  readonly lang: string;
  readonly dir: TextDirection;
  readonly title?: string;
  /** Visible questions in presentation order. */
  readonly questions: readonly RenderedQuestion[];
}

type Labelled = { readonly code: string; readonly label: Text };
const byCodeCache = new WeakMap<readonly Labelled[], ReadonlyMap<string, Labelled>>();

/** A question's options (or points) by code, made once per frozen list: REGION lists 306. */
function optionsByCode(all: readonly Labelled[]): ReadonlyMap<string, Labelled> {
  const known = byCodeCache.get(all);
  if (known) return known;
  const byCode = new Map(all.map((o) => [o.code, o]));
  if (Object.isFrozen(all)) byCodeCache.set(all, byCode);
  return byCode;
}

/**
 * The questions of a page the respondent is asked given the answers, in the recorded order: what
 * `renderPage` shows, without rendering it (enough to check which required questions are answered).
 */
export function pageQuestions(
  instrument: Instrument,
  args: { blockId: string; answers: Readonly<Answers>; order: PresentationOrder },
): Question[] {
  const { blockId, answers, order } = args;
  const index = questionIndex(instrument);
  const codes = order.questions[blockId] ?? blockById(instrument, blockId).questions.map((q) => q.code);
  return codes.flatMap((code) => {
    const q = index.get(code)?.question;
    return q && isQuestionVisible(instrument, code, answers) ? [q] : [];
  });
}

/** A page in one language: visible questions in the recorded order, texts piped, options ordered. */
export function renderPage(
  instrument: Instrument,
  args: { blockId: string; lang: string; answers: Readonly<Answers>; order: PresentationOrder },
): RenderedPage {
  const { blockId, lang, answers, order } = args;
  const language = instrument.languages.find((l) => l.code === lang);
  if (!language) throw new Error(`instrument ${instrument.id}@${instrument.version} is not available in "${lang}"`);
  const index = questionIndex(instrument);
  const lookup = (code: string) => {
    const place = index.get(code);
    return place ? { question: place.question, value: answers[code] } : undefined;
  };
  const render = (text: Text) => applyPiping(textIn(text, lang), lang, lookup);
  const missingLabel = (code: ChosenMissingCode) => {
    const label = instrument.missingLabels[code];
    return label ? textIn(label, lang) : code;
  };
  const questions: RenderedQuestion[] = [];
  for (const q of pageQuestions(instrument, { blockId, answers, order })) {
    const { code } = q;
    const offered = offeredOptionCodes(instrument, q, answers);
    const byCode = optionsByCode(optionsOf(q));
    // Without a recorded order, the offered options are already in the definition's order.
    const ordered = (order.options[code] ?? [...offered]).flatMap((c) => {
      const o = byCode.get(c);
      return o && offered.has(c) ? [{ code: c, label: render(o.label), missing: false }] : [];
    });
    const missing = offeredMissing(q).map((m) => ({ code: m, label: missingLabel(m), missing: true }));
    const items =
      q.kind === 'grid'
        ? (order.items[code] ?? q.items.map((i) => i.code)).flatMap((c) => {
            const item = q.items.find((i) => i.code === c);
            return item ? [{ code: c, label: render(item.label) }] : [];
          })
        : [];
    questions.push({
      code,
      kind: q.kind,
      text: render(q.text),
      ...(q.help ? { help: render(q.help) } : {}),
      required: q.kind === 'info' ? false : q.required,
      options: [...ordered, ...missing],
      items,
      ...(q.kind === 'numeric' && q.unit ? { unit: render(q.unit) } : {}),
      definition: q,
    });
  }
  const { title } = blockById(instrument, blockId);
  return { blockId, lang, dir: language.dir, ...(title ? { title: render(title) } : {}), questions };
}
