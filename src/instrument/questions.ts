/**
 * Question kinds: a discriminated union on `kind`.
 *
 * | kind       | answer (normalised)                       | notes |
 * | ---        | ---                                       | ---   |
 * | `single`   | option code                               | options may be randomised, anchors stay put |
 * | `multiple` | option codes (definition order)           | `minSelections`/`maxSelections`; `exclusive` options ("none of these") |
 * | `scale`    | point code                                | labelled points with numeric `value`, never randomised |
 * | `numeric`  | number                                    | `integer`, `min`, `max`, `unit` |
 * | `text`     | string                                    | `maxLength` |
 * | `grid`     | `{ ITEM: optionCode \| missing }`         | items share one scale; export columns `CODE_ITEM` |
 * | `ranking`  | option codes in ranked order              | rank `minRanked`..`maxRanked` (default: all) |
 * | `consent`  | boolean                                   | agreement to an information text |
 * | `info`     | (no answer)                               | text only |
 *
 * Every answerable kind except `consent` may offer the missing codes in `missing`
 * (`['dont_know', 'refused']`); they are shown after the options, in that order.
 */
import { z } from 'zod';
import { ChosenMissingCode, ItemCode, OptionCode, QuestionCode } from './codes.ts';
import { Condition } from './condition.ts';
import { Text } from './text.ts';

/** An answer option. `anchor: true` keeps it in its position when options are randomised. */
export const Option = z
  .object({
    code: OptionCode,
    label: Text,
    /** Numeric code for analysis (optional for nominal options). */
    value: z.number().optional(),
    anchor: z.boolean().default(false),
    /** Multiple choice only: selecting it excludes every other option ("none of these"). */
    exclusive: z.boolean().default(false),
    /** Offer the option only when this holds (e.g. regions of the chosen country). */
    showIf: Condition.optional(),
  })
  .strict();
export type Option = z.output<typeof Option>;

/** A labelled point of a rating/Likert scale; `value` is what means and comparisons use. */
export const ScalePoint = z.object({ code: OptionCode, label: Text, value: z.number() }).strict();
export type ScalePoint = z.output<typeof ScalePoint>;

/** A row of a grid; its export column is `QUESTION_ITEM`. */
export const GridItem = z.object({ code: ItemCode, label: Text }).strict();
export type GridItem = z.output<typeof GridItem>;

const common = {
  code: QuestionCode,
  text: Text,
  help: Text.optional(),
  /**
   * What an interviewer (phone, face to face) is told and the respondent is not: "read out the
   * options", "do not read: don't know / refused". Shown only in interviewer mode; translated.
   */
  interviewerInstruction: Text.optional(),
  /** Show the question only when this holds; a hidden question's answer is `not_asked`. */
  showIf: Condition.optional(),
};
const answerable = {
  ...common,
  /** Must a visible question be answered (possibly with an offered missing code) at submit? */
  required: z.boolean().default(true),
  /** Missing codes the respondent may choose. */
  missing: z.array(ChosenMissingCode).default([]),
};

export const SingleChoiceQuestion = z
  .object({
    kind: z.literal('single'),
    ...answerable,
    options: z.array(Option).min(2),
    randomize: z.boolean().default(false),
  })
  .strict();
export const MultipleChoiceQuestion = z
  .object({
    kind: z.literal('multiple'),
    ...answerable,
    options: z.array(Option).min(2),
    minSelections: z.number().int().min(0).default(1),
    maxSelections: z.number().int().min(1).optional(),
    randomize: z.boolean().default(false),
  })
  .strict();
export const ScaleQuestion = z
  .object({ kind: z.literal('scale'), ...answerable, points: z.array(ScalePoint).min(2) })
  .strict();
export const NumericQuestion = z
  .object({
    kind: z.literal('numeric'),
    ...answerable,
    integer: z.boolean().default(true),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: Text.optional(),
  })
  .strict();
export const TextQuestion = z
  .object({
    kind: z.literal('text'),
    ...answerable,
    maxLength: z.number().int().min(1).default(500),
    multiline: z.boolean().default(false),
  })
  .strict();
export const GridQuestion = z
  .object({
    kind: z.literal('grid'),
    ...answerable,
    items: z.array(GridItem).min(1),
    scale: z.array(Option).min(2),
    randomizeItems: z.boolean().default(false),
  })
  .strict();
export const RankingQuestion = z
  .object({
    kind: z.literal('ranking'),
    ...answerable,
    options: z.array(Option).min(2),
    /** How many options must be ranked (default: all). */
    minRanked: z.number().int().min(1).optional(),
    maxRanked: z.number().int().min(1).optional(),
    randomize: z.boolean().default(false),
  })
  .strict();
export const ConsentQuestion = z
  .object({ kind: z.literal('consent'), ...common, required: z.boolean().default(true) })
  .strict();
export const InfoQuestion = z.object({ kind: z.literal('info'), ...common }).strict();

export const Question = z.discriminatedUnion('kind', [
  SingleChoiceQuestion,
  MultipleChoiceQuestion,
  ScaleQuestion,
  NumericQuestion,
  TextQuestion,
  GridQuestion,
  RankingQuestion,
  ConsentQuestion,
  InfoQuestion,
]);
export type Question = z.output<typeof Question>;
export type QuestionInput = z.input<typeof Question>;
/** Every question kind, read from the union above (so a new kind is declared once). */
export const QuestionKind = z.enum(Question.options.map((q) => q.shape.kind.value));
export type QuestionKind = z.output<typeof QuestionKind>;
export type AnswerableQuestion = Exclude<Question, { kind: 'info' }>;

/** The options a question offers (options, scale points or grid scale), or none. */
export function optionsOf(question: Question): readonly (Option | ScalePoint)[] {
  switch (question.kind) {
    case 'single':
    case 'multiple':
    case 'ranking':
      return question.options;
    case 'scale':
      return question.points;
    case 'grid':
      return question.scale;
    case 'numeric':
    case 'text':
    case 'consent':
    case 'info':
      return [];
  }
}

/** The missing codes the respondent may choose for this question. */
export function offeredMissing(question: Question): readonly ChosenMissingCode[] {
  return question.kind === 'info' || question.kind === 'consent' ? [] : question.missing;
}

export function isAnswerable(question: Question): question is AnswerableQuestion {
  return question.kind !== 'info';
}
