import { describe, expect, it } from 'vitest';
import { modelMatrix, parseFormula, SurveyError } from '../../src/stats/index.ts';

// Expected term labels and intercepts are what R 4.2.2's terms() prints for the same formulas:
//   f <- function(x) { t <- terms(x); paste(attr(t, "term.labels")); attr(t, "intercept") }
describe('R-style model formulas', () => {
  const cases: [string, string[], boolean][] = [
    ['y ~ a * b * c', ['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c'], true],
    ['y ~ a + b - b', ['a'], true],
    ['y ~ 0 + a', ['a'], false],
    ['y ~ a - 1', ['a'], false],
    ['y ~ (a + b):c', ['a:c', 'b:c'], true],
    ['y ~ a * b - a:b', ['a', 'b'], true],
    ['y ~ c:a + a', ['a', 'c:a'], true],
    ['y ~ `x y` + a', ['x y', 'a'], true],
    ['y ~ a:b + b:a', ['a:b'], true],
    ['y ~ a * (b + c)', ['a', 'b', 'c', 'a:b', 'a:c'], true],
    ['y~treated*post+age+female', ['treated', 'post', 'age', 'female', 'treated:post'], true],
  ];
  for (const [formula, labels, intercept] of cases) {
    it(`${formula} → ${labels.join(' ')}`, () => {
      const f = parseFormula(formula);
      expect(f.labels).toEqual(labels);
      expect(f.intercept).toBe(intercept);
      expect(f.response).toBe('y');
    });
  }

  const bad: [string, RegExp][] = [
    ['y ~', /nothing after "~"/],
    ['~ a', /expected the response/],
    ['y ~ a +', /expected a variable at the end/],
    ['y ~ a & b', /unexpected "&" at position 7/],
    ['y ~ 2 + a', /only 0 or 1/],
    ['y ~ y + a', /response y also appears/],
    ['y ~ (a + b', /expected "\)"/],
    ['y ~ 0', /no terms/],
    ['y ~ a * 1', /cannot be an operand/],
  ];
  for (const [formula, message] of bad) {
    it(`rejects "${formula}" with a message naming the problem`, () => {
      expect(() => parseFormula(formula)).toThrow(SurveyError);
      expect(() => parseFormula(formula)).toThrow(message);
    });
  }
});

describe('model matrix (treatment contrasts, R names)', () => {
  const f = ['b', 'a', 'c', 'a', null, 'b'];
  const x = [1, 2, 3, 4, 5, Number.NaN];
  const y = [1, 0, 1, 0, 1, 1];
  const lookup = (name: string) =>
    name === 'f'
      ? ({ kind: 'categorical', values: f } as const)
      : ({ kind: 'numeric', values: name === 'x' ? x : y } as const);

  it('codes a factor by its sorted levels after the first, and drops rows missing any variable', () => {
    const mm = modelMatrix(parseFormula('y ~ f + x'), lookup, 6, () => true);
    expect(mm.names).toEqual(['(Intercept)', 'fb', 'fc', 'x']);
    expect(Array.from(mm.complete)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(Array.from(mm.columns[1] ?? [])).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(mm.columns[2] ?? [])).toEqual([0, 0, 1, 0, 0, 0]);
    expect(mm.levels).toEqual({ f: ['a', 'b', 'c'] });
  });

  it('codes x:f without f by every level of f, and the first factor of a model without intercept likewise', () => {
    expect(modelMatrix(parseFormula('y ~ x:f'), lookup, 6, () => true).names).toEqual([
      '(Intercept)',
      'x:fa',
      'x:fb',
      'x:fc',
    ]);
    expect(modelMatrix(parseFormula('y ~ 0 + f + x'), lookup, 6, () => true).names).toEqual(['fa', 'fb', 'fc', 'x']);
  });

  it('rejects a categorical response and a factor with one category in the rows used', () => {
    expect(() => modelMatrix(parseFormula('f ~ x'), lookup, 6, () => true)).toThrow(/response f must be numeric/);
    expect(() => modelMatrix(parseFormula('y ~ f'), lookup, 6, (i) => i === 0 || i === 5)).toThrow(
      /f has one category \(b\)/,
    );
  });
});
