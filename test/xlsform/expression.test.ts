import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  parseConstraint,
  parseExpression,
  toCondition,
  type QuestionLookup,
} from '../../src/xlsform/index.ts';
import { ExpressionError as LookupError } from '../../src/xlsform/expression.ts';

/** A form with: a select_one `likes` (yes/no), a select_multiple `toppings`, an integer `age`, a text `name`, an acknowledge `ok`. */
const questions: Record<
  string,
  { code: string; kind: 'single' | 'multiple' | 'numeric' | 'text' | 'consent'; choices?: string[] }
> = {
  likes: { code: 'LIKES', kind: 'single', choices: ['yes', 'no'] },
  toppings: { code: 'TOPPINGS', kind: 'multiple', choices: ['cheese', 'ham', 'other'] },
  age: { code: 'AGE', kind: 'numeric' },
  name: { code: 'NAME', kind: 'text' },
  ok: { code: 'OK', kind: 'consent' },
};
const lookup: QuestionLookup = (name) => {
  const q = questions[name];
  if (!q) throw new LookupError(`\${${name}} is not an earlier question of the form`, 0);
  return { code: q.code, kind: q.kind, optionCode: (c) => (q.choices?.includes(c) ? c : undefined) };
};
const condition = (source: string) => toCondition(parseExpression(source), lookup);

describe('relevant expressions → conditions', () => {
  it('maps comparisons of a select_one, a number, a text and an acknowledge', () => {
    expect(condition("${likes} = 'yes'")).toEqual({ op: 'equals', question: 'LIKES', value: 'yes' });
    expect(condition("'yes' = ${likes}")).toEqual({ op: 'equals', question: 'LIKES', value: 'yes' });
    expect(condition("${likes} != 'no'")).toEqual({
      op: 'not',
      condition: { op: 'equals', question: 'LIKES', value: 'no' },
    });
    expect(condition('${age} >= 18')).toEqual({ op: 'gte', question: 'AGE', value: 18 });
    expect(condition('${age} < 65')).toEqual({ op: 'lt', question: 'AGE', value: 65 });
    expect(condition('18 <= ${age}')).toEqual({ op: 'gte', question: 'AGE', value: 18 });
    expect(condition('${age} = -1')).toEqual({ op: 'equals', question: 'AGE', value: -1 });
    expect(condition("${name} = 'Ann'")).toEqual({ op: 'equals', question: 'NAME', value: 'Ann' });
    expect(condition("${ok} = 'OK'")).toEqual({ op: 'equals', question: 'OK', value: true });
  });

  it("maps '' to missing/answered and the missing codes to missing with codes", () => {
    expect(condition("${name} = ''")).toEqual({ op: 'missing', question: 'NAME' });
    expect(condition("${name} != ''")).toEqual({ op: 'answered', question: 'NAME' });
    expect(condition("${likes} = 'dont_know'")).toEqual({ op: 'missing', question: 'LIKES', codes: ['dont_know'] });
    expect(condition("${likes} = 'dont_know' or ${likes} = 'refused'")).toEqual({
      op: 'missing',
      question: 'LIKES',
      codes: ['dont_know', 'refused'],
    });
  });

  it('maps selected(), and an or of selected() on one question to one in', () => {
    expect(condition("selected(${toppings}, 'ham')")).toEqual({ op: 'in', question: 'TOPPINGS', values: ['ham'] });
    expect(condition('selected(${toppings}, \'ham\') or selected( ${toppings} , "cheese")')).toEqual({
      op: 'in',
      question: 'TOPPINGS',
      values: ['ham', 'cheese'],
    });
  });

  it('gives and precedence over or, and keeps the nesting parentheses make', () => {
    const a = { op: 'equals', question: 'LIKES', value: 'yes' };
    const b = { op: 'gte', question: 'AGE', value: 18 };
    const c = { op: 'in', question: 'TOPPINGS', values: ['ham'] };
    expect(condition("${likes} = 'yes' or ${age} >= 18 and selected(${toppings}, 'ham')")).toEqual({
      op: 'any',
      conditions: [a, { op: 'all', conditions: [b, c] }],
    });
    expect(condition("(${likes} = 'yes' or ${age} >= 18) and selected(${toppings}, 'ham')")).toEqual({
      op: 'all',
      conditions: [{ op: 'any', conditions: [a, b] }, c],
    });
    expect(condition("not(${likes} = 'yes' and (${age} >= 18))")).toEqual({
      op: 'not',
      condition: { op: 'all', conditions: [a, b] },
    });
  });

  it('throws on unknown functions, arithmetic, stray characters and misuse, naming what is wrong', () => {
    expect(() => parseExpression("regex(${name}, '^a')")).toThrow('unknown function regex()');
    expect(() => parseExpression("pulldata('f', 'c', 'k', ${name})")).toThrow('unknown function pulldata()');
    expect(() => parseExpression('${age} + 1 > 3')).toThrow('arithmetic (+) is not supported');
    expect(() => parseExpression('${age} div 2 > 3')).toThrow('arithmetic (div) is not supported');
    expect(() => parseExpression('selected(${toppings}, ‘ham’)')).toThrow('unexpected character ‘');
    expect(() => parseExpression("(${likes} = 'yes'")).toThrow('expected ")" but found the end');
    expect(() => parseExpression("${likes} = 'yes")).toThrow('unclosed string');
    expect(() => parseExpression('')).toThrow(ExpressionError);
    expect(() => condition("${toppings} = 'ham'")).toThrow('use selected()');
    expect(() => condition("${likes} = 'maybe'")).toThrow('LIKES has no choice "maybe"');
    expect(() => condition("${likes} > 'yes'")).toThrow('> needs a number question');
    expect(() => condition("${nowhere} = 'x'")).toThrow('${nowhere} is not an earlier question');
    expect(() => condition('${age}')).toThrow('alone is not a condition');
    expect(() => condition('string-length(${name}) > 3')).toThrow('a comparison must be between');
  });
});

describe('constraints → validation', () => {
  it('reads ranges on numbers, lengths on text and counts on select_multiple', () => {
    expect(parseConstraint('. >= 0 and . <= 120', 'integer')).toEqual({ min: 0, max: 120 });
    expect(parseConstraint('. > 0 and . < 10', 'integer')).toEqual({ min: 1, max: 9 });
    expect(parseConstraint('(. >= 1.5)', 'decimal')).toEqual({ min: 1.5 });
    expect(parseConstraint('string-length(.) <= 50', 'text')).toEqual({ maxLength: 50 });
    expect(parseConstraint('count-selected(.) >= 1 and count-selected(.) <= 3', 'multiple')).toEqual({
      minSelections: 1,
      maxSelections: 3,
    });
  });

  it('throws on anything else', () => {
    expect(() => parseConstraint('. <= ${a_integer}', 'decimal')).toThrow('a bound must be a number');
    expect(() => parseConstraint('. > 0', 'decimal')).toThrow('a strict > bound on a decimal');
    expect(() => parseConstraint("regex(., '^[a-z]+$')", 'text')).toThrow('unknown function regex()');
    expect(() => parseConstraint('. >= 0 or . <= 5', 'integer')).toThrow('joined by "and"');
    expect(() => parseConstraint('string-length(.) <= 5', 'integer')).toThrow('a bound is on .');
    expect(() => parseConstraint('string-length(.) >= 5', 'text')).toThrow('a minimum length cannot be expressed');
  });
});
