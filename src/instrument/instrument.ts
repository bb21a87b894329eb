/**
 * Instruments: languages, blocks (one page each for respondents) and questions.
 *
 * `defineInstrument` (define-instrument.ts) parses with the zod schema (applying defaults), runs the definition-time
 * checks of `definition-checks.ts` and throws a `DefinitionError` listing every problem, so a
 * study that imports a broken instrument fails at import time, naming the place.
 */
import { z } from 'zod';
import { Condition } from './condition.ts';
import { Question } from './questions.ts';
import { Language, Text } from './text.ts';

/** A lower-case identifier: `migration-perceptions`, `attitudes`. */
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case id like "attitudes"');

/** A block: a group of questions the respondent sees together on one page. */
export const Block = z
  .object({
    id: Slug,
    title: Text.optional(),
    /** Show the whole block only when this holds (references questions of earlier blocks). */
    showIf: Condition.optional(),
    /** With `randomizeBlocks`, an anchored block keeps its position. */
    anchor: z.boolean().default(false),
    /** Shuffle the order of this block's questions per respondent. */
    randomizeQuestions: z.boolean().default(false),
    questions: z.array(Question).min(1),
  })
  .strict();
export type Block = z.output<typeof Block>;

export const Instrument = z
  .object({
    /** Stable id shared by every version of the instrument. */
    id: Slug,
    /** Researcher-assigned version (`1`, `2`, `2.1`); waves pin it. */
    version: z.string().regex(/^\d+(\.\d+)*$/, 'version like "1" or "2.1"'),
    title: Text,
    description: Text.optional(),
    /** The languages every text must be translated into; the first is the default. */
    languages: z.array(Language).min(1),
    /** Labels of the chosen missing codes, shown after a question's options when it offers them. */
    missingLabels: z.object({ dont_know: Text.optional(), refused: Text.optional() }).strict().default({}),
    /** Shuffle the order of non-anchored blocks per respondent. */
    randomizeBlocks: z.boolean().default(false),
    blocks: z.array(Block).min(1),
  })
  .strict();
export type Instrument = z.output<typeof Instrument>;
export type InstrumentInput = z.input<typeof Instrument>;

/** `id@version`, the name a wave uses to pin an instrument. */
export function instrumentRef(instrument: Pick<Instrument, 'id' | 'version'>): string {
  return `${instrument.id}@${instrument.version}`;
}

/** Where a question sits in an instrument. */
export interface QuestionPlace {
  readonly question: Question;
  readonly block: Block;
  readonly blockIndex: number;
  readonly questionIndex: number;
}

const indexCache = new WeakMap<Instrument, ReadonlyMap<string, QuestionPlace>>();

/** Every question of the instrument by code, in definition order. */
export function questionIndex(instrument: Instrument): ReadonlyMap<string, QuestionPlace> {
  const cached = indexCache.get(instrument);
  if (cached) return cached;
  const index = new Map<string, QuestionPlace>();
  instrument.blocks.forEach((block, blockIndex) =>
    block.questions.forEach((question, questionIndex) => {
      if (!index.has(question.code)) index.set(question.code, { question, block, blockIndex, questionIndex });
    }),
  );
  if (Object.isFrozen(instrument)) indexCache.set(instrument, index);
  return index;
}

/** Every question in definition order. */
export function allQuestions(instrument: Instrument): Question[] {
  return instrument.blocks.flatMap((b) => b.questions);
}

/** The question with this code, or undefined. */
export function findQuestion(instrument: Instrument, code: string): Question | undefined {
  return questionIndex(instrument).get(code)?.question;
}
