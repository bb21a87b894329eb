/**
 * Codes: the stable names of measurements, options and missing values, and the shape of a
 * normalised answer.
 */
import { z } from 'zod';

/** A question's stable code: names the same measurement across waves and languages (`MIG_LEVEL`). */
export const QuestionCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'question code in UPPER_SNAKE_CASE, e.g. MIG_LEVEL');
export type QuestionCode = z.output<typeof QuestionCode>;

/** A grid item's code; the export column is `QUESTION_ITEM`. */
export const ItemCode = z.string().regex(/^[A-Z0-9][A-Z0-9_]*$/, 'item code in UPPER_SNAKE_CASE, e.g. LIVE');
export type ItemCode = z.output<typeof ItemCode>;

/** An answer option's stable code (`decreased`). Missing codes are reserved and may not be used. */
export const OptionCode = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, 'option code in lower_snake_case, e.g. decreased');
export type OptionCode = z.output<typeof OptionCode>;

/**
 * Missing-data codes. `dont_know` and `refused` are chosen by the respondent (when the question
 * offers them); `not_asked` (the logic skipped the question) and `break_off` (the respondent
 * left before reaching it) are recorded by the system and never accepted from a respondent.
 */
export const MissingCode = z.enum(['dont_know', 'refused', 'not_asked', 'break_off']);
export type MissingCode = z.output<typeof MissingCode>;

/** The missing codes a respondent may choose. */
export const ChosenMissingCode = z.enum(['dont_know', 'refused']);
export type ChosenMissingCode = z.output<typeof ChosenMissingCode>;

export const MISSING_CODES: readonly MissingCode[] = MissingCode.options;

/** A missing answer in normalised form: `{ missing: 'dont_know' }`. */
export const MissingAnswer = z.object({ missing: MissingCode }).strict();
export type MissingAnswer = z.output<typeof MissingAnswer>;

/**
 * A normalised answer value, by question kind:
 * - single, scale: option/point code (`'decreased'`)
 * - multiple: option codes in definition order; ranking: option codes in ranked order
 * - numeric: number; text: string; consent: boolean
 * - grid: `{ ITEM: optionCode | MissingAnswer }`
 * - any answerable kind: `MissingAnswer`
 */
export const AnswerValue = z.union([
  MissingAnswer,
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.record(z.string(), z.union([z.string(), MissingAnswer])),
]);
export type AnswerValue = z.output<typeof AnswerValue>;

/** Normalised answers of one respondent, by question code. */
export const Answers = z.record(z.string(), AnswerValue);
export type Answers = z.output<typeof Answers>;

const missingCodes: ReadonlySet<string> = new Set(MISSING_CODES);

/** Whether a value is one of the missing codes (what `MissingCode` accepts). */
export function isMissingCode(value: unknown): value is MissingCode {
  return typeof value === 'string' && missingCodes.has(value);
}

/**
 * Whether an answer value is a missing code (`{ missing: … }`): what `MissingAnswer` accepts, an
 * object with the one key `missing` holding a missing code. Written out rather than
 * `MissingAnswer.safeParse` because the logic asks it of every answer a condition reads, and a
 * failed zod parse (every ordinary answer) builds its issues first: on the flagship's full flow
 * that was a fifth of the server's time, in zod and in collecting the garbage.
 */
export function isMissing(value: unknown): value is MissingAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'missing' && 'missing' in value && isMissingCode(value.missing);
}
