/**
 * Show/skip logic: a typed condition tree over answers to earlier questions, and its evaluator.
 *
 * Semantics (the evaluator and `describeCondition` agree on these):
 * - `answered(q)`: q has a substantive (non-missing) answer.
 * - `missing(q)`: q has no substantive answer; with `codes`, q's answer is one of those chosen
 *   missing codes (`dont_know`, `refused`).
 * - `equals(q, v)`: single/scale/text/numeric/consent answer equals v (option code, number, boolean).
 * - `in(q, vs)`: single/scale/numeric answer is one of vs; for multiple choice, any selected option is.
 * - `gt/gte/lt/lte(q, n)`: numeric answer, or the `value` of the chosen scale point, compared to n.
 * - `not`, `all`, `any`: the usual; `all([])` is not allowed (empty lists are rejected by the schema).
 * A comparison with an unanswered or missing-coded question is false.
 */
import { z } from 'zod';
import { ChosenMissingCode, QuestionCode, isMissing, type AnswerValue } from './codes.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const Condition = z.discriminatedUnion('op', [
  z.object({ op: z.literal('equals'), question: QuestionCode, value: Scalar }).strict(),
  z
    .object({ op: z.literal('in'), question: QuestionCode, values: z.array(z.union([z.string(), z.number()])).min(1) })
    .strict(),
  z.object({ op: z.enum(['gt', 'gte', 'lt', 'lte']), question: QuestionCode, value: z.number() }).strict(),
  z.object({ op: z.literal('answered'), question: QuestionCode }).strict(),
  z
    .object({ op: z.literal('missing'), question: QuestionCode, codes: z.array(ChosenMissingCode).min(1).optional() })
    .strict(),
  z
    .object({
      op: z.literal('not'),
      get condition() {
        return Condition;
      },
    })
    .strict(),
  z
    .object({
      op: z.enum(['all', 'any']),
      get conditions() {
        return z.array(Condition).min(1);
      },
    })
    .strict(),
]);
export type Condition = z.output<typeof Condition>;

/** What the evaluator needs to know about a referenced question. */
export interface ConditionSubject {
  readonly kind: string;
  /** For scales: point code → numeric value. */
  readonly pointValue?: (code: string) => number | undefined;
}

export interface ConditionContext {
  readonly answer: (question: string) => AnswerValue | undefined;
  readonly subject: (question: string) => ConditionSubject | undefined;
}

/** Thrown when a condition uses an operator the evaluator does not know. Never silently false. */
export class UnknownOperatorError extends Error {
  constructor(readonly op: string) {
    super(`unknown condition operator ${op}`);
    this.name = 'UnknownOperatorError';
  }
}

function opOf(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'op' in value) return JSON.stringify(value.op);
  return JSON.stringify(value);
}

function numericValue(ctx: ConditionContext, question: string, value: AnswerValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return ctx.subject(question)?.pointValue?.(value);
  return undefined;
}

/** Evaluates a condition against the answers so far. Throws `UnknownOperatorError` on an unknown `op`. */
export function evaluateCondition(condition: Condition, ctx: ConditionContext): boolean {
  switch (condition.op) {
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, ctx));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, ctx));
    case 'not':
      return !evaluateCondition(condition.condition, ctx);
    case 'answered': {
      const v = ctx.answer(condition.question);
      return v !== undefined && !isMissing(v);
    }
    case 'missing': {
      const v = ctx.answer(condition.question);
      if (condition.codes === undefined) return v === undefined || isMissing(v);
      return isMissing(v) && condition.codes.some((c) => c === v.missing);
    }
    case 'equals': {
      const v = ctx.answer(condition.question);
      return v !== undefined && !isMissing(v) && v === condition.value;
    }
    case 'in': {
      const v = ctx.answer(condition.question);
      if (v === undefined || isMissing(v)) return false;
      if (Array.isArray(v)) return v.some((x) => condition.values.includes(x));
      if (typeof v === 'string' || typeof v === 'number') return condition.values.includes(v);
      return false;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = ctx.answer(condition.question);
      if (v === undefined || isMissing(v)) return false;
      const n = numericValue(ctx, condition.question, v);
      if (n === undefined) return false;
      if (condition.op === 'gt') return n > condition.value;
      if (condition.op === 'gte') return n >= condition.value;
      if (condition.op === 'lt') return n < condition.value;
      return n <= condition.value;
    }
    default: {
      const unknown: never = condition;
      throw new UnknownOperatorError(opOf(unknown));
    }
  }
}

/** Every question code a condition reads, with the path of each reference inside the condition. */
export function conditionReferences(
  condition: Condition,
  path = 'showIf',
): { question: string; path: string; condition: Condition }[] {
  switch (condition.op) {
    case 'all':
    case 'any':
      return condition.conditions.flatMap((c, i) => conditionReferences(c, `${path}.${condition.op}[${i}]`));
    case 'not':
      return conditionReferences(condition.condition, `${path}.not`);
    case 'equals':
    case 'in':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'answered':
    case 'missing':
      return [{ question: condition.question, path: `${path}.${condition.op}(${condition.question})`, condition }];
    default: {
      const unknown: never = condition;
      throw new UnknownOperatorError(opOf(unknown));
    }
  }
}

const SYMBOL = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/**
 * The condition in words (English), for codebooks: `MIG_LEVEL is “Decreased”`.
 * `label(question, value)` turns an option code into its label (falls back to the code).
 */
export function describeCondition(
  condition: Condition,
  label: (question: string, value: string | number | boolean) => string = (_q, v) => String(v),
): string {
  const quote = (q: string, v: string | number | boolean) => (typeof v === 'string' ? `“${label(q, v)}”` : String(v));
  switch (condition.op) {
    case 'all':
    case 'any':
      if (condition.conditions.length === 1 && condition.conditions[0])
        return describeCondition(condition.conditions[0], label);
      return `${condition.op === 'all' ? 'all of' : 'any of'} (${condition.conditions.map((c) => describeCondition(c, label)).join('; ')})`;
    case 'not':
      return `not (${describeCondition(condition.condition, label)})`;
    case 'answered':
      return `${condition.question} was answered`;
    case 'missing':
      return condition.codes
        ? `${condition.question} is ${condition.codes.map((c) => c.replace('_', ' ')).join(' or ')}`
        : `${condition.question} has no substantive answer`;
    case 'equals':
      return `${condition.question} is ${quote(condition.question, condition.value)}`;
    case 'in':
      return `${condition.question} is one of ${condition.values.map((v) => quote(condition.question, v)).join(', ')}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${condition.question} ${SYMBOL[condition.op]} ${condition.value}`;
    default: {
      const unknown: never = condition;
      throw new UnknownOperatorError(opOf(unknown));
    }
  }
}
