import { pf } from '../distributions/fisher-f.ts';
import { SurveyError } from '../errors.ts';
import { solveLinear } from '../linalg.ts';
import type { RegressionResult } from './svyglm.ts';
import { at } from '../checked.ts';

export interface WaldTest {
  /** The coefficients tested (R names). */
  readonly terms: readonly string[];
  /** X² = bᵀV⁻¹b over the tested coefficients b with their sandwich covariance V. */
  readonly chisq: number;
  /** F = X²/q. */
  readonly statistic: number;
  readonly ndf: number;
  /** The model's residual df. */
  readonly ddf: number;
  readonly p: number;
}

/**
 * Design-based Wald test that the coefficients named `terms` are all zero (R:
 * `regTermTest(model, ~terms, method = "Wald")`): X² = bᵀV⁻¹b, F = X²/q on (q, residual df)
 * degrees of freedom. Reference: Korn & Graubard (1990) Am. Stat. 44, 270–276; Lumley (2010) §5.2.
 */
export function waldTest(fit: RegressionResult, terms: readonly string[]): WaldTest {
  const names = fit.coefficients.map((c) => c.term);
  const index = terms.map((t) => {
    const k = names.indexOf(t);
    if (k < 0)
      throw new SurveyError('invalid_argument', `the model has no coefficient ${t} (it has ${names.join(', ')})`);
    return k;
  });
  const q = index.length;
  if (q === 0) throw new SurveyError('invalid_argument', 'a Wald test needs at least one coefficient');
  const p = names.length;
  const v = new Float64Array(q * q);
  const b = new Float64Array(q);
  index.forEach((ka, a) => {
    b[a] = at(fit.coefficients, ka).estimate;
    index.forEach((kb, c) => {
      v[a * q + c] = at(fit.vcov, ka * p + kb);
    });
  });
  const x = solveLinear(v, b, q);
  let chisq = 0;
  for (let a = 0; a < q; a++) chisq += at(b, a) * at(x, a);
  const statistic = chisq / q;
  return { terms, chisq, statistic, ndf: q, ddf: fit.df, p: pf(statistic, q, fit.df, false) };
}
