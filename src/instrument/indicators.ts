/**
 * Indicators as code: how a question (or several) turns into a number per respondent, with an
 * explicit base (denominator). The estimation layer takes the weighted mean of `value` over the
 * respondents `inBase` of a country/wave.
 *
 * - `share`: 1 when the answer is one of `options`, else 0. The base is every respondent asked
 *   the question who gave a substantive answer, plus don't know and/or refused when `base` says
 *   `included` (stated explicitly, there is no default). `not_asked`, `break_off` and no answer
 *   are never in the base.
 * - `mean`: the mean of a numeric answer, of a scale's point `value`, or of `scores` given to
 *   single-choice options. Missing codes are excluded unless given a score.
 * - `index`: per item a score for each option (and optionally for `dont_know`/`refused`);
 *   items are combined by `sum` or `mean`. A respondent is in the base only when every item
 *   has a scored answer. The Migrant Acceptance Index is an index: good thing = 3,
 *   depends / don't know = 1, bad thing = 0, summed over 3 items (0–9).
 */
import { z } from 'zod';
import { isMissing, OptionCode, QuestionCode, type Answers } from './codes.ts';
import { fromZodIssues, type DefinitionIssue } from './errors.ts';
import { definitionError } from './definition-problems.ts';
import { findQuestion, instrumentRef, type Instrument } from './instrument.ts';
import { offeredMissing, optionsOf, type Question } from './questions.ts';
import { Text } from './text.ts';
import { deepFreeze } from './freeze.ts';
import { MODE_SUBGROUP } from './modes.ts';
import { ReferenceId, referenceFor, type ReferenceSeries } from './references.ts';

export const IndicatorId = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'indicator id in camelCase, e.g. wantsDecrease');

/** A declared series break of an indicator: the instrument version that changed its measurement, and why. */
export const SeriesBreak = z
  .object({
    version: z.string().regex(/^\d+(\.\d+)*$/, 'version like "2" or "2.1"'),
    reason: z.string().trim().min(1, 'say why the measurement changed'),
  })
  .strict();
export type SeriesBreak = z.output<typeof SeriesBreak>;

const BaseRule = z.enum(['included', 'excluded']);
/** Whether don't know and refused answers are in the denominator. Both must be stated. */
export const IndicatorBase = z.object({ dontKnow: BaseRule, refused: BaseRule }).strict();
export type IndicatorBase = z.output<typeof IndicatorBase>;

const common = {
  id: IndicatorId,
  label: Text,
  description: Text.optional(),
  /**
   * Single-choice questions (e.g. CAMPAIGN_SEEN) whose options are subgroups the indicator is also
   * estimated for, besides the study's weighting variables (age group, sex, education); `'mode'`
   * breaks it down by each response's mode of collection (web, phone, face_to_face).
   */
  by: z.array(z.union([QuestionCode, z.literal(MODE_SUBGROUP)])).default([]),
  /**
   * The series breaks the researchers declare: from instrument `version` on, the wording or the
   * answer options of the indicator's question(s) changed, for `reason`. `barometer lint` warns
   * about a change that is not declared (series-breaks.ts).
   */
  seriesBreaks: z.array(SeriesBreak).optional(),
};

export const ShareIndicator = z
  .object({
    kind: z.literal('share'),
    ...common,
    question: QuestionCode,
    options: z.array(OptionCode).min(1),
    base: IndicatorBase,
  })
  .strict();
export const MeanIndicator = z
  .object({
    kind: z.literal('mean'),
    ...common,
    question: QuestionCode,
    scores: z.record(z.string(), z.number()).optional(),
  })
  .strict();
export const IndexItem = z.object({ question: QuestionCode, scores: z.record(z.string(), z.number()) }).strict();
export const IndexIndicator = z
  .object({
    kind: z.literal('index'),
    ...common,
    items: z.array(IndexItem).min(1),
    combine: z.enum(['sum', 'mean']),
    range: z.object({ min: z.number(), max: z.number() }).strict(),
  })
  .strict();

/**
 * A misperception gap: the answer to a "how many out of 100" question minus the official figure
 * of a reference series for the respondent's country in the wave (`references.ts`), in points.
 * The figure is treated as known (no variance of its own), so the gap's SE is the answer's.
 */
export const GapIndicator = z
  .object({ kind: z.literal('gap'), ...common, question: QuestionCode, reference: ReferenceId })
  .strict();
/**
 * The share of respondents whose answer exceeds the official figure by more than `margin` points
 * (1 above it, 0 otherwise); the base is every substantive answer (don't know and refused excluded).
 */
export const OverestimateIndicator = z
  .object({
    kind: z.literal('overestimate'),
    ...common,
    question: QuestionCode,
    reference: ReferenceId,
    margin: z.number().nonnegative(),
  })
  .strict();

export const Indicator = z.discriminatedUnion('kind', [
  ShareIndicator,
  MeanIndicator,
  IndexIndicator,
  GapIndicator,
  OverestimateIndicator,
]);
export type Indicator = z.output<typeof Indicator>;
export type IndicatorInput = z.input<typeof Indicator>;

/** How an indicator is estimated and shown: a share (logit interval, percent) or a mean-like value (Wald interval). */
export function estimateKind(indicator: Indicator): 'share' | 'mean' | 'index' {
  if (indicator.kind === 'overestimate') return 'share';
  if (indicator.kind === 'gap') return 'mean';
  return indicator.kind;
}

/** The reference series an indicator reads, if any. */
export function indicatorReference(indicator: Indicator): string | undefined {
  return indicator.kind === 'gap' || indicator.kind === 'overestimate' ? indicator.reference : undefined;
}

/**
 * The figure an indicator compares a respondent of `iso3` with in a wave of `year`: undefined for
 * an indicator that reads no series; an error when the series has no figure for the country
 * (the study check refuses such a study, so this names a country outside the study's waves).
 */
export function indicatorReferenceValue(
  indicator: Indicator,
  references: readonly ReferenceSeries[],
  iso3: string,
  year: number,
): number | undefined {
  if (indicator.kind !== 'gap' && indicator.kind !== 'overestimate') return undefined;
  const series = references.find((r) => r.id === indicator.reference);
  if (!series)
    throw new Error(`indicator ${indicator.id} reads reference series ${indicator.reference}, which is not defined`);
  const matched = referenceFor(series, iso3, year);
  if (!matched) throw new Error(`reference ${series.id} has no value for ${iso3} in or before ${year}`);
  return matched.value;
}

/** Validates an indicator's shape (cross-checks against instruments happen in `defineStudy`). */
export function defineIndicator(input: IndicatorInput): Indicator {
  const parsed = Indicator.safeParse(input);
  const subject = `indicator(${typeof input.id === 'string' ? input.id : '?'})`;
  if (!parsed.success) throw definitionError(subject, fromZodIssues(subject, parsed.error.issues));
  return deepFreeze(parsed.data);
}

/** The question codes an indicator reads. */
export function indicatorQuestions(indicator: Indicator): string[] {
  return indicator.kind === 'index' ? indicator.items.map((i) => i.question) : [indicator.question];
}

export type IndicatorScore =
  | { readonly inBase: true; readonly value: number }
  | {
      readonly inBase: false;
      readonly reason: 'no_answer' | 'not_asked' | 'break_off' | 'dont_know' | 'refused' | 'unscored';
    };

const out = (reason: Extract<IndicatorScore, { inBase: false }>['reason']): IndicatorScore => ({
  inBase: false,
  reason,
});

function scoreItem(
  question: Question | undefined,
  scores: Readonly<Record<string, number>> | undefined,
  answers: Readonly<Answers>,
  code: string,
): IndicatorScore {
  const answer = answers[code];
  if (answer === undefined) return out('no_answer');
  if (isMissing(answer)) {
    const score = scores?.[answer.missing];
    return score !== undefined ? { inBase: true, value: score } : out(answer.missing);
  }
  if (typeof answer === 'number') return { inBase: true, value: answer };
  if (typeof answer === 'string') {
    const score =
      scores?.[answer] ??
      (question?.kind === 'scale' ? question.points.find((p) => p.code === answer)?.value : undefined);
    return score !== undefined ? { inBase: true, value: score } : out('unscored');
  }
  return out('unscored');
}

/**
 * One respondent's contribution to an indicator: `{ inBase: true, value }` or
 * `{ inBase: false, reason }`. `instrument` is the version the respondent answered; `reference`
 * the official figure of the indicator's reference series for the respondent's country and wave
 * (required by `gap` and `overestimate` indicators).
 */
export function scoreIndicator(
  indicator: Indicator,
  instrument: Instrument,
  answers: Readonly<Answers>,
  reference?: number,
): IndicatorScore {
  switch (indicator.kind) {
    case 'gap':
    case 'overestimate': {
      if (reference === undefined)
        throw new Error(
          `indicator ${indicator.id} needs the ${indicator.reference} figure of the respondent's country`,
        );
      const s = scoreItem(findQuestion(instrument, indicator.question), undefined, answers, indicator.question);
      if (!s.inBase) return s;
      const gap = s.value - reference;
      return { inBase: true, value: indicator.kind === 'gap' ? gap : gap > indicator.margin ? 1 : 0 };
    }
    case 'share': {
      const answer = answers[indicator.question];
      if (answer === undefined) return out('no_answer');
      if (isMissing(answer)) {
        if (answer.missing === 'dont_know' && indicator.base.dontKnow === 'included') return { inBase: true, value: 0 };
        if (answer.missing === 'refused' && indicator.base.refused === 'included') return { inBase: true, value: 0 };
        return out(answer.missing);
      }
      const chosen = Array.isArray(answer) ? answer : typeof answer === 'string' ? [answer] : [];
      return { inBase: true, value: chosen.some((c) => indicator.options.includes(c)) ? 1 : 0 };
    }
    case 'mean':
      return scoreItem(findQuestion(instrument, indicator.question), indicator.scores, answers, indicator.question);
    case 'index': {
      const values: number[] = [];
      for (const item of indicator.items) {
        const s = scoreItem(findQuestion(instrument, item.question), item.scores, answers, item.question);
        if (!s.inBase) return s;
        values.push(s.value);
      }
      const sum = values.reduce((a, b) => a + b, 0);
      return { inBase: true, value: indicator.combine === 'sum' ? sum : sum / values.length };
    }
  }
}

/** Cross-checks an indicator against the instruments of its study. */
export function checkIndicator(
  indicator: Indicator,
  instruments: readonly Instrument[],
  languages: readonly string[],
  references: readonly string[] = [],
): DefinitionIssue[] {
  const path = `indicator(${indicator.id})`;
  const issues: DefinitionIssue[] = [];
  for (const lang of languages) {
    if (!indicator.label[lang]?.trim())
      issues.push({
        code: 'missing_translation',
        path: `${path}.label.${lang}`,
        lang,
        message: `indicator ${indicator.id} has no "${lang}" label`,
      });
  }
  const check = (code: string, scoreCodes: readonly string[], requireAll: boolean) => {
    const found = instruments.flatMap((i) => {
      const q = findQuestion(i, code);
      return q ? [{ instrument: i, question: q }] : [];
    });
    if (found.length === 0) {
      issues.push({
        code: 'unknown_question',
        path: `${path}.question`,
        question: code,
        message: `indicator ${indicator.id} uses ${code}, which no instrument of the study has`,
      });
      return;
    }
    for (const { instrument, question } of found) {
      const known = new Set<string>([...optionsOf(question).map((o) => o.code), ...offeredMissing(question)]);
      for (const c of scoreCodes) {
        if (!known.has(c))
          issues.push({
            code: 'unknown_option',
            path: `${path}`,
            question: code,
            message: `indicator ${indicator.id}: ${code} in ${instrumentRef(instrument)} has no option "${c}"`,
          });
      }
      if (requireAll) {
        for (const o of optionsOf(question)) {
          if (!scoreCodes.includes(o.code))
            issues.push({
              code: 'invalid_indicator',
              path: `${path}`,
              question: code,
              message: `indicator ${indicator.id} gives no score to option "${o.code}" of ${code} (${instrumentRef(instrument)})`,
            });
        }
      }
      if (indicator.kind === 'share' && question.kind !== 'single' && question.kind !== 'multiple') {
        issues.push({
          code: 'invalid_indicator',
          path,
          question: code,
          message: `a share needs a single or multiple choice question; ${code} is ${question.kind}`,
        });
      }
    }
  };
  for (const code of indicator.by) {
    if (code === MODE_SUBGROUP) continue; // every response records its mode
    const found = instruments.map((i) => findQuestion(i, code)).filter((q) => q !== undefined);
    if (found.length === 0)
      issues.push({
        code: 'unknown_question',
        path: `${path}.by`,
        question: code,
        message: `indicator ${indicator.id} is broken down by ${code}, which no instrument of the study has`,
      });
    for (const q of found) {
      if (q.kind !== 'single')
        issues.push({
          code: 'invalid_indicator',
          path: `${path}.by`,
          question: code,
          message: `indicator ${indicator.id}: a subgroup question must be single choice; ${code} is ${q.kind}`,
        });
    }
  }
  switch (indicator.kind) {
    case 'share':
      check(indicator.question, indicator.options, false);
      break;
    case 'mean':
      check(indicator.question, Object.keys(indicator.scores ?? {}), indicator.scores !== undefined);
      break;
    case 'gap':
    case 'overestimate':
      check(indicator.question, [], false);
      for (const i of instruments) {
        const q = findQuestion(i, indicator.question);
        if (q && q.kind !== 'numeric')
          issues.push({
            code: 'invalid_indicator',
            path,
            question: indicator.question,
            message: `a ${indicator.kind} needs a numeric question; ${indicator.question} is ${q.kind} in ${instrumentRef(i)}`,
          });
      }
      if (!references.includes(indicator.reference))
        issues.push({
          code: 'unknown_reference',
          path: `${path}.reference`,
          message: `indicator ${indicator.id} reads reference series ${indicator.reference}, which the study does not define`,
        });
      break;
    case 'index':
      for (const item of indicator.items) check(item.question, Object.keys(item.scores), true);
      if (indicator.range.min > indicator.range.max)
        issues.push({ code: 'invalid_range', path: `${path}.range`, message: 'range min exceeds max' });
      break;
  }
  return issues;
}
