import { degreesOfFreedom, withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { pt } from '../distributions/student-t.ts';
import { SurveyError } from '../errors.ts';
import { completeCaseWeights } from '../estimation/complete-cases.ts';
import { meanParts } from '../estimation/mean.ts';
import type { Variable } from '../estimation/types.ts';
import type { Factor } from '../factor.ts';
import { criticalValue } from '../intervals/quantile.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { at } from '../checked.ts';

export interface TTestResult {
  /** Mean (one sample) or difference of means, second group minus first. */
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly ci: [number, number];
  readonly level: number;
  /** The group labels compared (second − first), for the two-group test. */
  readonly groups?: readonly [string, string];
}

/**
 * Design-based t-tests (R `svyttest`). Without `group`: H0 mean = 0, t = ȳ/SE, df = design df − 1.
 * With a two-level `group`: the difference of the domain means (second level minus first), which
 * is the group coefficient of the gaussian svyglm; its influence is w(y − ȳ_g)/N̂_g with sign by
 * group, and df = (design df after dropping rows with missing values) − 1. Two-sided p-value.
 */
export function surveyTTest(design: SurveyDesign, variable: Variable, group?: Factor, level = 0.95): TTestResult {
  if (!group) {
    const w = completeCaseWeights(design, [variable]);
    const parts = meanParts(w, [variable]);
    const se = Math.sqrt(at(linearizedVcov(withWeights(design, w), parts.influence), 0));
    const estimate = at(parts.estimate, 0);
    return finish(estimate, se, degreesOfFreedom(design) - 1, level);
  }
  const w = completeCaseWeights(design, [variable]);
  for (let i = 0; i < design.n; i++) if ((group.codes[i] ?? -1) < 0) w[i] = 0;
  const present: number[] = [];
  const seen = new Uint8Array(group.levels.length);
  for (let i = 0; i < design.n; i++) if (at(w, i) !== 0) seen[at(group.codes, i)] = 1;
  seen.forEach((s, k) => {
    if (s) present.push(k);
  });
  if (present.length !== 2) {
    throw new SurveyError('invalid_argument', `the t-test group must have exactly two levels, found ${present.length}`);
  }
  const [g0, g1] = [at(present, 0), at(present, 1)];
  const influence = new Float64Array(design.n);
  const means: number[] = [];
  for (const [g, sign] of [
    [g0, -1],
    [g1, 1],
  ] as const) {
    const wg = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) if ((group.codes[i] ?? -1) === g) wg[i] = at(w, i);
    const parts = meanParts(wg, [variable]);
    means.push(at(parts.estimate, 0));
    const z = parts.influence[0];
    if (z) for (let i = 0; i < design.n; i++) if (at(wg, i) !== 0) influence[i] = sign * at(z, i);
  }
  const sub = withWeights(design, w);
  const se = Math.sqrt(at(linearizedVcov(sub, [influence]), 0));
  const result = finish(at(means, 1) - at(means, 0), se, degreesOfFreedom(sub) - 1, level);
  return { ...result, groups: [group.levels[g0] ?? '', group.levels[g1] ?? ''] };
}

function finish(estimate: number, se: number, df: number, level: number): TTestResult {
  const t = estimate / se;
  const q = criticalValue(level, df);
  return { estimate, se, t, df, p: 2 * pt(-Math.abs(t), df), ci: [estimate - q * se, estimate + q * se], level };
}
