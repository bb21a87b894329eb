/**
 * Answer validation derived from the definition.
 *
 * `validateAnswers(instrument, answers, { mode })` checks a respondent's answers (all answers
 * so far, keyed by question code) and returns them normalised, or one error per question code.
 *
 * Accepted input, per kind (normalised output in brackets):
 * - single, scale: option code string [same]
 * - multiple: array of option codes, or one code string [codes in definition order]
 * - ranking: array of option codes in ranked order [same]
 * - numeric: number or numeric string like "42" / "-1.5" [number]
 * - text: string without NUL or unpaired surrogates (`invalid_text`) [trimmed; empty means no answer]
 * - grid: `{ ITEM: optionCode | missing }` [same]
 * - consent: boolean or "true"/"false" [boolean]
 * - missing: `{ missing: 'dont_know' | 'refused' }`, or for non-text kinds the bare string
 *   `'dont_know'`/`'refused'`, when the question offers it [`{ missing }`]
 * - `null`/`undefined`: no answer.
 *
 * Visibility is evaluated in definition order from the earlier answers that are valid. In
 * `submit` mode every visible required question must be answered and every hidden question is
 * recorded as `{ missing: 'not_asked' }` in the output.
 */
import { z } from 'zod';
import { isMissing, isMissingCode, type AnswerValue, type Answers, type MissingAnswer } from './codes.ts';
import { conditionReferences } from './condition.ts';
import { assignedArms, experimentsOf } from './experiments.ts';
import { questionIndex, type Instrument } from './instrument.ts';
import { offeredMissing, type Question } from './questions.ts';
import { isStorableText, unstorableTextMessage } from './storable-text.ts';
import { isQuestionVisible, offeredOptionCodes } from './visibility.ts';

export const AnswerErrorCode = z.enum([
  'wrong_type',
  'unknown_option',
  'out_of_range',
  'too_long',
  'invalid_text',
  'too_many_selections',
  'too_few_selections',
  'duplicate_selection',
  'exclusive_conflict',
  'missing_not_offered',
  'hidden_question',
  'required',
  'unknown_question',
  'not_answerable',
]);
export type AnswerErrorCode = z.output<typeof AnswerErrorCode>;

export interface AnswerError {
  readonly code: AnswerErrorCode;
  /** What is wrong, for the respondent-facing form or the API consumer. */
  readonly message: string;
  /** The grid item concerned, when there is one. */
  readonly item?: string;
}

export type ValidationMode = 'partial' | 'submit';

export type AnswerValidation =
  | { readonly ok: true; readonly answers: Answers }
  | { readonly ok: false; readonly errors: Readonly<Record<string, AnswerError>> };

type Checked = { ok: true; value: AnswerValue | undefined } | { ok: false; error: AnswerError };
const fail = (code: AnswerErrorCode, message: string, item?: string): Checked => ({
  ok: false,
  error: item ? { code, message, item } : { code, message },
});

/** Reads a missing code from `{ missing }` or (unless text) a bare code string; undefined if not one. */
function asMissing(q: Question, raw: unknown): string | undefined {
  if (
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    'missing' in raw &&
    typeof raw.missing === 'string' &&
    Object.keys(raw).length === 1
  )
    return raw.missing;
  if (typeof raw === 'string' && q.kind !== 'text' && isMissingCode(raw)) return raw;
  return undefined;
}

function checkMissing(q: Question, code: string, hidden: boolean, interviewer = false): Checked {
  if (code === 'not_asked' && hidden) return { ok: true, value: { missing: 'not_asked' } };
  // An interviewer may always record don't know / refused, offered to the respondent or not.
  if (interviewer && q.kind !== 'info' && q.kind !== 'consent' && (code === 'dont_know' || code === 'refused'))
    return { ok: true, value: { missing: code } };
  const offered = offeredMissing(q).find((m) => m === code);
  if (offered) return { ok: true, value: { missing: offered } };
  if (code === 'not_asked' || code === 'break_off')
    return fail('missing_not_offered', `${code} is recorded by the system, not chosen`);
  return fail('missing_not_offered', `${q.code} does not offer ${code}`);
}

function checkNumber(q: Extract<Question, { kind: 'numeric' }>, raw: unknown): Checked {
  const n =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)
        ? Number(raw)
        : undefined;
  if (n === undefined || !Number.isFinite(n)) return fail('wrong_type', 'expected a number');
  if (q.integer && !Number.isInteger(n)) return fail('wrong_type', 'expected a whole number');
  if (q.min !== undefined && n < q.min) return fail('out_of_range', `must be at least ${q.min}`);
  if (q.max !== undefined && n > q.max) return fail('out_of_range', `must be at most ${q.max}`);
  return { ok: true, value: n };
}

function checkSelection(
  q: Extract<Question, { kind: 'multiple' }>,
  raw: unknown,
  offered: ReadonlySet<string>,
): Checked {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((x): x is string => typeof x === 'string'))
    return fail('wrong_type', 'expected a list of option codes');
  const unknown = list.find((c) => !offered.has(c));
  if (unknown !== undefined) return fail('unknown_option', `${q.code} has no option "${unknown}" on offer`);
  if (new Set(list).size !== list.length) return fail('duplicate_selection', 'an option is selected twice');
  const exclusive = q.options.find((o) => o.exclusive && list.includes(o.code));
  if (exclusive && list.length > 1)
    return fail('exclusive_conflict', `"${exclusive.code}" cannot be combined with other options`);
  const max = q.maxSelections ?? q.options.length;
  if (list.length > max) return fail('too_many_selections', `select at most ${max}`);
  if (list.length < q.minSelections) return fail('too_few_selections', `select at least ${q.minSelections}`);
  return { ok: true, value: q.options.map((o) => o.code).filter((c) => list.includes(c)) };
}

function checkRanking(q: Extract<Question, { kind: 'ranking' }>, raw: unknown, offered: ReadonlySet<string>): Checked {
  if (!Array.isArray(raw) || !raw.every((x): x is string => typeof x === 'string'))
    return fail('wrong_type', 'expected the option codes in ranked order');
  const unknown = raw.find((c) => !offered.has(c));
  if (unknown !== undefined) return fail('unknown_option', `${q.code} has no option "${unknown}" on offer`);
  if (new Set(raw).size !== raw.length) return fail('duplicate_selection', 'an option is ranked twice');
  const max = Math.min(q.maxRanked ?? offered.size, offered.size);
  const min = Math.min(q.minRanked ?? max, max);
  if (raw.length > max) return fail('too_many_selections', `rank at most ${max}`);
  if (raw.length < min) return fail('too_few_selections', `rank at least ${min}`);
  return { ok: true, value: [...raw] };
}

function checkGrid(
  q: Extract<Question, { kind: 'grid' }>,
  raw: unknown,
  mode: ValidationMode,
  interviewer: boolean,
): Checked {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('wrong_type', 'expected an object of item → option code');
  const scale = new Set(q.scale.map((o) => o.code));
  const out: Record<string, string | MissingAnswer> = {};
  for (const [item, value] of Object.entries(raw)) {
    if (!q.items.some((i) => i.code === item)) return fail('unknown_option', `${q.code} has no item ${item}`, item);
    if (value === null || value === undefined) continue;
    const missing = asMissing(q, value);
    if (missing !== undefined) {
      const m = checkMissing(q, missing, false, interviewer);
      if (!m.ok) return fail(m.error.code, `${item}: ${m.error.message}`, item);
      if (m.value !== undefined && isMissing(m.value)) out[item] = m.value;
      continue;
    }
    if (typeof value !== 'string') return fail('wrong_type', `${item}: expected an option code`, item);
    if (!scale.has(value)) return fail('unknown_option', `${item}: no option "${value}"`, item);
    out[item] = value;
  }
  if (mode === 'submit' && q.required) {
    const absent = q.items.filter((i) => out[i.code] === undefined).map((i) => i.code);
    if (absent.length > 0) return fail('required', `answer every item (missing: ${absent.join(', ')})`, absent[0]);
  }
  return { ok: true, value: Object.keys(out).length > 0 ? out : undefined };
}

/** Checks and normalises one visible question's answer (`raw` is not null/undefined). */
function checkAnswer(
  q: Question,
  raw: unknown,
  offered: ReadonlySet<string>,
  mode: ValidationMode,
  interviewer: boolean,
): Checked {
  if (q.kind === 'info') return fail('not_answerable', `${q.code} is information text and takes no answer`);
  const missing = asMissing(q, raw);
  if (missing !== undefined) return checkMissing(q, missing, false, interviewer);
  switch (q.kind) {
    case 'single':
    case 'scale':
      if (typeof raw !== 'string') return fail('wrong_type', 'expected an option code');
      if (!offered.has(raw)) return fail('unknown_option', `${q.code} has no option "${raw}" on offer`);
      return { ok: true, value: raw };
    case 'multiple':
      return checkSelection(q, raw, offered);
    case 'ranking':
      return checkRanking(q, raw, offered);
    case 'numeric':
      return checkNumber(q, raw);
    case 'text': {
      if (typeof raw !== 'string') return fail('wrong_type', 'expected text');
      if (!isStorableText(raw)) return fail('invalid_text', unstorableTextMessage);
      const text = raw.trim();
      if (text.length > q.maxLength) return fail('too_long', `at most ${q.maxLength} characters`);
      return { ok: true, value: text === '' ? undefined : text };
    }
    case 'grid':
      return checkGrid(q, raw, mode, interviewer);
    case 'consent':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return fail('wrong_type', 'expected true or false');
  }
}

/**
 * Validates answers against an instrument.
 * - `partial`: checks the answers given (types, options, ranges, visibility); nothing is required.
 * - `submit`: also requires every visible required question, and records hidden questions as
 *   `{ missing: 'not_asked' }`.
 * - `interviewer`: an interviewer administers the questions (phone, face to face): don't know and
 *   refused are accepted on every answerable question, offered to a respondent or not.
 * Errors: one per question code (the first problem found).
 */
export function validateAnswers(
  instrument: Instrument,
  answers: Readonly<Record<string, unknown>>,
  options: { mode: ValidationMode; interviewer?: boolean },
): AnswerValidation {
  const index = questionIndex(instrument);
  const errors: Record<string, AnswerError> = {};
  // Experiment arms are recorded by the system beside the answers (the collection layer refuses them from respondents).
  const valid: Answers = assignedArms(instrument, answers);
  for (const code of Object.keys(answers)) {
    if (index.has(code) || valid[code] !== undefined) continue;
    errors[code] = experimentsOf(instrument).some((e) => e.experiment.code === code)
      ? {
          code: 'unknown_option',
          message: `${code} records an experiment arm; ${JSON.stringify(answers[code])} is not one of its arms`,
        }
      : { code: 'unknown_question', message: `${instrument.id}@${instrument.version} has no question ${code}` };
  }
  for (const [code, place] of index) {
    const q = place.question;
    const raw = answers[code];
    const given = raw !== undefined && raw !== null;
    const dependsOnError =
      Object.keys(errors).length > 0 &&
      [place.block.showIf, q.showIf]
        .flatMap((c) => (c ? conditionReferences(c) : []))
        .some((r) => errors[r.question] !== undefined);
    const visible = dependsOnError || isQuestionVisible(instrument, code, valid);
    if (!visible) {
      if (given && asMissing(q, raw) !== 'not_asked') {
        errors[code] = { code: 'hidden_question', message: `${code} is not asked given the earlier answers` };
      } else if (options.mode === 'submit' && q.kind !== 'info') valid[code] = { missing: 'not_asked' };
      continue;
    }
    if (given) {
      const checked = checkAnswer(
        q,
        raw,
        offeredOptionCodes(instrument, q, valid),
        options.mode,
        options.interviewer ?? false,
      );
      if (!checked.ok) {
        errors[code] = checked.error;
        continue;
      }
      if (checked.value !== undefined) valid[code] = checked.value;
    }
    if (
      options.mode === 'submit' &&
      q.kind !== 'info' &&
      q.required &&
      valid[code] === undefined &&
      errors[code] === undefined
    ) {
      errors[code] = { code: 'required', message: `${code} must be answered` };
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers: valid };
}

/**
 * Completes the record of a respondent who left before the end: hidden questions become
 * `not_asked`, visible unanswered ones `break_off`. `answers` must be valid (normalised).
 */
export function recordBreakOff(instrument: Instrument, answers: Readonly<Answers>): Answers {
  const out: Answers = { ...answers };
  for (const [code, { question }] of questionIndex(instrument)) {
    if (question.kind === 'info' || out[code] !== undefined) continue;
    out[code] = { missing: isQuestionVisible(instrument, code, out) ? 'break_off' : 'not_asked' };
  }
  return out;
}
