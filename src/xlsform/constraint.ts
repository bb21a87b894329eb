/**
 * Simple XLSForm `constraint`s → the DSL's validation fields. Understood: `and` of comparisons
 * of `.` with a number (integer/decimal: `min`, `max`), of `string-length(.)` with a number (text:
 * `maxLength`), and of `count-selected(.)` with a number (select_multiple: `minSelections`,
 * `maxSelections`). Anything else throws `ExpressionError`.
 */
import { ExpressionError, parseExpression, type CompareOp, type Expr } from './expression.ts';

export interface ConstraintFields {
  min?: number;
  max?: number;
  maxLength?: number;
  minSelections?: number;
  maxSelections?: number;
}

/** The kind of question a constraint is on, as far as constraints go. */
export type ConstrainedKind = 'integer' | 'decimal' | 'text' | 'multiple';

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function fail(message: string): never {
  throw new ExpressionError(message, 0);
}

type Subject = 'value' | 'length' | 'count';

function subjectOf(expr: Expr): Subject | undefined {
  if (expr.type === 'self') return 'value';
  if (expr.type === 'call' && expr.args.length === 1 && expr.args[0]?.type === 'self') {
    if (expr.name === 'string-length') return 'length';
    if (expr.name === 'count-selected') return 'count';
  }
  return undefined;
}

/** One bound `subject op n`, as an inclusive bound (`< n` on whole numbers is `<= n - 1`). */
function bound(subject: Subject, op: CompareOp, n: number, kind: ConstrainedKind): { low?: number; high?: number } {
  const whole = subject !== 'value' || kind === 'integer';
  if ((op === '<' || op === '>') && !whole) fail(`a strict ${op} bound on a decimal cannot be expressed; use ${op}=`);
  if (subject !== 'value' && !Number.isInteger(n)) fail(`${n} is not a whole number`);
  switch (op) {
    case '>=':
      return { low: n };
    case '>':
      return { low: n + 1 };
    case '<=':
      return { high: n };
    case '<':
      return { high: n - 1 };
    case '=':
      return { low: n, high: n };
    case '!=':
      return fail('!= cannot be expressed as a range');
  }
}

const SUBJECT_FOR: Record<ConstrainedKind, Subject> = {
  integer: 'value',
  decimal: 'value',
  text: 'length',
  multiple: 'count',
};
const SUBJECT_TEXT: Record<Subject, string> = {
  value: '.',
  length: 'string-length(.)',
  count: 'count-selected(.)',
};

function comparisons(expr: Expr): Extract<Expr, { type: 'compare' }>[] {
  if (expr.type === 'paren') return comparisons(expr.inner);
  if (expr.type === 'and') return expr.operands.flatMap(comparisons);
  if (expr.type === 'compare') return [expr];
  return fail('only comparisons joined by "and" are understood');
}

/** The validation fields a constraint sets on a question of `kind`; throws `ExpressionError` otherwise. */
export function parseConstraint(source: string, kind: ConstrainedKind): ConstraintFields {
  const expected = SUBJECT_FOR[kind];
  let low: number | undefined;
  let high: number | undefined;
  for (const c of comparisons(parseExpression(source))) {
    const leftSubject = subjectOf(c.left);
    const rightSubject = subjectOf(c.right);
    const subject = leftSubject ?? rightSubject;
    const literal = leftSubject ? c.right : c.left;
    const op = leftSubject ? c.op : FLIP[c.op];
    if (!subject || (leftSubject && rightSubject)) fail(`a bound compares ${SUBJECT_TEXT[expected]} with a number`);
    if (subject !== expected) fail(`on a ${kind} question a bound is on ${SUBJECT_TEXT[expected]}`);
    if (literal.type !== 'number') fail(`a bound must be a number (a \${question} or text cannot be a bound)`);
    const b = bound(subject, op, literal.value, kind);
    if (b.low !== undefined) low = low === undefined ? b.low : Math.max(low, b.low);
    if (b.high !== undefined) high = high === undefined ? b.high : Math.min(high, b.high);
  }
  if (expected === 'value')
    return { ...(low !== undefined ? { min: low } : {}), ...(high !== undefined ? { max: high } : {}) };
  if (expected === 'length') {
    if (low !== undefined && low > 0) fail('a minimum length cannot be expressed');
    if (high === undefined) fail('a length constraint needs an upper bound');
    return { maxLength: high };
  }
  return {
    ...(low !== undefined ? { minSelections: low } : {}),
    ...(high !== undefined ? { maxSelections: high } : {}),
  };
}
