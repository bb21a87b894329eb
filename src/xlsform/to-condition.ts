/**
 * A parsed `relevant` expression → the DSL's typed condition tree. Only what has one meaning in
 * both is converted; anything else throws `ExpressionError` naming it.
 *
 * | XLSForm | condition |
 * | --- | --- |
 * | `${q} = 'x'` (select_one, text), `${q} = 5` (integer/decimal) | `equals` |
 * | `${q} != 'x'` | `not(equals)` |
 * | `${q} = 'OK'` (acknowledge) | `equals true` |
 * | `${q} = 'dont_know'` / `'refused'` | `missing` with that code |
 * | `${q} < 5`, `<=`, `>`, `>=` (integer/decimal) | `lt`, `lte`, `gt`, `gte` |
 * | `${q} = ''` / `${q} != ''` | `missing` / `answered` |
 * | `selected(${q}, 'x')` | `in [x]`; an `or` of `selected` on one question: `in [x, y]` |
 * | `A and B`, `A or B`, `not(A)`, `( A )` | `all`, `any`, `not` (parentheses nest) |
 */
import type { ChosenMissingCode, Condition, QuestionKind } from '../instrument/index.ts';
import { ExpressionError, type CompareOp, type Expr } from './expression.ts';

/** What a condition needs to know of a question an expression names (`${name}`). */
export interface ReferencedQuestion {
  readonly code: string;
  readonly kind: QuestionKind;
  /** The DSL option code of a choice name of the question's list, or undefined when it has none. */
  readonly optionCode: (choiceName: string) => string | undefined;
}

/** Finds the question `${name}` refers to; throws `ExpressionError` saying why it cannot be used. */
export type QuestionLookup = (name: string) => ReferencedQuestion;

const MISSING: readonly ChosenMissingCode[] = ['dont_know', 'refused'];
function missingCode(value: string): ChosenMissingCode | undefined {
  return MISSING.find((m) => m === value);
}

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const NUMERIC_OP = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;

function fail(message: string): never {
  throw new ExpressionError(message, 0);
}

function literalOf(expr: Expr): string | number | undefined {
  if (expr.type === 'string' || expr.type === 'number') return expr.value;
  return undefined;
}

function optionOf(question: ReferencedQuestion, value: string | number): string {
  const code = question.optionCode(String(value));
  if (code === undefined) fail(`${question.code} has no choice "${value}"`);
  return code;
}

function comparison(op: CompareOp, question: ReferencedQuestion, value: string | number): Condition {
  const negate = (c: Condition): Condition => (op === '!=' ? { op: 'not', condition: c } : c);
  if (op === '=' || op === '!=') {
    if (value === '') {
      return op === '=' ? { op: 'missing', question: question.code } : { op: 'answered', question: question.code };
    }
    const missing = typeof value === 'string' ? missingCode(value) : undefined;
    if (missing) return negate({ op: 'missing', question: question.code, codes: [missing] });
    switch (question.kind) {
      case 'single':
      case 'scale':
        return negate({ op: 'equals', question: question.code, value: optionOf(question, value) });
      case 'consent':
        if (value !== 'OK') fail(`${question.code} (acknowledge) can only be compared with 'OK'`);
        return negate({ op: 'equals', question: question.code, value: true });
      case 'numeric': {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n)) fail(`${question.code} is a number, compared with '${value}'`);
        return negate({ op: 'equals', question: question.code, value: n });
      }
      case 'text':
        return negate({ op: 'equals', question: question.code, value: String(value) });
      default:
        return fail(`${question.code} (${question.kind}) cannot be compared with ${op}; use selected()`);
    }
  }
  if (question.kind !== 'numeric') fail(`${op} needs a number question, and ${question.code} is ${question.kind}`);
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || value === '') fail(`${op} needs a number, got '${value}'`);
  return { op: NUMERIC_OP[op], question: question.code, value: n };
}

function compareToCondition(expr: Extract<Expr, { type: 'compare' }>, lookup: QuestionLookup): Condition {
  const leftLiteral = literalOf(expr.left);
  const rightLiteral = literalOf(expr.right);
  if (expr.left.type === 'ref' && rightLiteral !== undefined)
    return comparison(expr.op, lookup(expr.left.name), rightLiteral);
  if (expr.right.type === 'ref' && leftLiteral !== undefined)
    return comparison(FLIP[expr.op], lookup(expr.right.name), leftLiteral);
  return fail(`a comparison must be between \${question} and a literal value`);
}

function callToCondition(expr: Extract<Expr, { type: 'call' }>, lookup: QuestionLookup): Condition {
  if (expr.name === 'not') {
    const [inner, ...rest] = expr.args;
    if (!inner || rest.length > 0) fail('not() takes one argument');
    return { op: 'not', condition: toCondition(inner, lookup) };
  }
  if (expr.name === 'selected') {
    const [ref, value, ...rest] = expr.args;
    if (!ref || !value || rest.length > 0 || ref.type !== 'ref')
      fail('selected() takes a ${question} and a quoted choice name');
    const literal = literalOf(value);
    if (literal === undefined) fail('selected() takes a quoted choice name as its second argument');
    const question = lookup(ref.name);
    const missing = typeof literal === 'string' ? missingCode(literal) : undefined;
    if (missing) return { op: 'missing', question: question.code, codes: [missing] };
    if (question.kind !== 'single' && question.kind !== 'multiple')
      fail(`selected() needs a select question, and ${question.code} is ${question.kind}`);
    return { op: 'in', question: question.code, values: [optionOf(question, literal)] };
  }
  return fail(`${expr.name}() cannot be used in a relevant expression`);
}

/** `any` of single-question `in` (or `missing` with codes) on one question, merged into one. */
function merged(conditions: readonly Condition[]): Condition | undefined {
  const first = conditions[0];
  if (!first || conditions.length < 2) return undefined;
  if (first.op === 'in') {
    const values: (string | number)[] = [];
    for (const c of conditions) {
      if (c.op !== 'in' || c.question !== first.question) return undefined;
      values.push(...c.values);
    }
    return { op: 'in', question: first.question, values };
  }
  if (first.op === 'missing' && first.codes) {
    const codes: ChosenMissingCode[] = [];
    for (const c of conditions) {
      if (c.op !== 'missing' || c.question !== first.question || !c.codes) return undefined;
      codes.push(...c.codes);
    }
    return { op: 'missing', question: first.question, codes };
  }
  return undefined;
}

/** The condition an expression means; throws `ExpressionError` for anything it cannot express. */
export function toCondition(expr: Expr, lookup: QuestionLookup): Condition {
  switch (expr.type) {
    case 'paren':
      return toCondition(expr.inner, lookup);
    case 'and':
      return { op: 'all', conditions: expr.operands.map((e) => toCondition(e, lookup)) };
    case 'or': {
      const conditions = expr.operands.map((e) => toCondition(e, lookup));
      return merged(conditions) ?? { op: 'any', conditions };
    }
    case 'compare':
      return compareToCondition(expr, lookup);
    case 'call':
      return callToCondition(expr, lookup);
    case 'ref':
      return fail(`\${${expr.name}} alone is not a condition; compare it with a value`);
    case 'self':
      return fail('"." (the current question) cannot be used in a relevant expression');
    case 'string':
    case 'number':
      return fail(`a literal value alone is not a condition`);
    case 'name':
      return fail(`"${expr.name}" is not a \${question} reference or a quoted value`);
  }
}
