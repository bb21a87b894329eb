import { degreesOfFreedom, withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import type { Factor } from '../factor.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { completeCaseWeights, countNonZero } from './complete-cases.ts';
import { designEffects, type DeffKind } from './design-effect.ts';
import { aggregatedDomainEstimates } from './domain-aggregated.ts';
import type { DomainStatistic, SurveyStatistic, Variable } from './types.ts';
import { at } from '../checked.ts';

/**
 * Domain (subpopulation) means or totals, R's `svyby(..., covmat=TRUE)` semantics: a unit
 * outside the domain keeps its place with weight 0, so the design's PSUs and n_h are kept and a
 * PSU with no domain members contributes a zero total. The influence values of all domains are
 * stacked, so the covariance between domains (for contrasts) comes out of one pass. Designs
 * whose PSUs are single rows use the equivalent cell-aggregate computation of
 * `aggregatedDomainEstimates` (set `rowLevel` to force the row-level one).
 */
export function domainEstimates(
  design: SurveyDesign,
  statistic: 'mean' | 'total',
  variables: readonly Variable[],
  domain: Factor,
  options: { readonly deff?: DeffKind; readonly rowLevel?: boolean } = {},
): DomainStatistic {
  if (!options.deff && !options.rowLevel) {
    const fast = aggregatedDomainEstimates(design, statistic, variables, domain);
    if (fast) return fast;
  }
  const base = completeCaseWeights(design, variables);
  const nd = domain.levels.length;
  const nv = variables.length;
  const n = design.n;
  const codes = domain.codes;
  // One pass for the domain sums: Σw, Σw·y per variable, and the number of rows.
  const weightSum = new Float64Array(nd);
  const ySum = new Float64Array(nd * nv);
  const rowCount = new Float64Array(nd);
  const positive = new Float64Array(nd);
  for (let i = 0; i < n; i++) {
    const d = at(codes, i);
    rowCount[d] = at(rowCount, d) + 1;
    const w = at(base, i);
    if (w === 0) continue;
    positive[d] = at(positive, d) + 1;
    weightSum[d] = at(weightSum, d) + w;
    for (let j = 0; j < nv; j++) ySum[d * nv + j] = at(ySum, d * nv + j) + w * at(at(variables, j).values, i);
  }
  const present: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (at(rowCount, d) === 0) continue;
    if (at(positive, d) === 0) {
      throw new SurveyError('empty_domain', `domain "${domain.levels[d] ?? d}" has no rows with positive weight`);
    }
    present.push(d);
  }
  const slot = new Int32Array(nd).fill(-1);
  present.forEach((d, k) => {
    slot[d] = k;
  });
  const names: string[] = [];
  const estimates: number[] = [];
  const scale = new Float64Array(present.length); // 1/Σw for means, 1 for totals
  for (const d of present) {
    const label = domain.levels[d] ?? String(d);
    variables.forEach((v, j) => {
      names.push(nv === 1 ? label : `${label}:${v.name}`);
      const total = at(ySum, d * nv + j);
      estimates.push(statistic === 'mean' ? total / at(weightSum, d) : total);
    });
    scale[at(slot, d)] = statistic === 'mean' ? 1 / at(weightSum, d) : 1;
  }
  // One pass for the influence values of every domain × variable (zero outside the domain).
  const influence = present.flatMap(() => variables.map(() => new Float64Array(n)));
  for (let i = 0; i < n; i++) {
    const w = at(base, i);
    if (w === 0) continue;
    const k = slot[at(codes, i)] ?? -1;
    if (k < 0) continue;
    const sc = at(scale, k);
    for (let j = 0; j < nv; j++) {
      const y = at(at(variables, j).values, i);
      const centre = statistic === 'mean' ? at(estimates, k * nv + j) : 0;
      const z = influence[k * nv + j];
      if (z) z[i] = w * (y - centre) * sc;
    }
  }
  const counts = present.map((d) => at(positive, d));
  const deffs: number[] = [];
  const vcov = linearizedVcov(withWeights(design, base), influence);
  const p = influence.length;
  if (options.deff) {
    const kind = options.deff;
    for (const [slotIndex, d] of present.entries()) {
      const offset = slotIndex * nv;
      const sub = withWeights(
        design,
        base.map((w, i) => ((codes[i] ?? -1) === d ? w : 0)),
      );
      const block = new Float64Array(nv * nv);
      for (let a = 0; a < nv; a++)
        for (let b = 0; b < nv; b++) block[a * nv + b] = at(vcov, (offset + a) * p + offset + b);
      deffs.push(...designEffects(sub, variables, block, kind, statistic));
    }
  }
  const joint: SurveyStatistic = {
    names,
    estimate: Float64Array.from(estimates),
    vcov,
    df: degreesOfFreedom(design),
    n: countNonZero(base),
    influence,
    ...(options.deff ? { deff: Float64Array.from(deffs) } : {}),
  };
  return { domains: present.map((d) => domain.levels[d] ?? String(d)), joint, n: counts };
}
