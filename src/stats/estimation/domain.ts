import { degreesOfFreedom, withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import type { Factor } from '../factor.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { completeCaseWeights, countNonZero } from './complete-cases.ts';
import { designEffects, type DeffKind } from './design-effect.ts';
import { meanParts, totalParts } from './mean.ts';
import type { SurveyStatistic, Variable } from './types.ts';

export interface DomainStatistic {
  /** Labels of the domains that have rows, in factor order. */
  readonly domains: readonly string[];
  /** Estimates for every domain × variable (domain-major), with their joint covariance. */
  readonly joint: SurveyStatistic;
  /** Rows with non-zero weight per domain. */
  readonly n: readonly number[];
}

/**
 * Domain (subpopulation) means or totals, R's `svyby(..., covmat=TRUE)` semantics: a unit
 * outside the domain keeps its place with weight 0, so the design's PSUs and n_h are kept and a
 * PSU with no domain members contributes a zero total. The influence values of all domains are
 * stacked, so the covariance between domains (for contrasts) comes out of one pass.
 */
export function domainEstimates(
  design: SurveyDesign,
  statistic: 'mean' | 'total',
  variables: readonly Variable[],
  domain: Factor,
  options: { readonly deff?: DeffKind } = {},
): DomainStatistic {
  const base = completeCaseWeights(design, variables);
  const present: number[] = [];
  const seen = new Uint8Array(domain.levels.length);
  for (let i = 0; i < design.n; i++) seen[domain.codes[i] ?? 0] = 1;
  for (let d = 0; d < domain.levels.length; d++) if (seen[d]) present.push(d);
  const names: string[] = [];
  const estimates: number[] = [];
  const influence: Float64Array[] = [];
  const counts: number[] = [];
  const deffs: number[] = [];
  const blocks: { sub: SurveyDesign; offset: number }[] = [];
  for (const d of present) {
    const w = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) if ((domain.codes[i] ?? -1) === d) w[i] = base[i] ?? 0;
    const label = domain.levels[d] ?? String(d);
    if (countNonZero(w) === 0) throw new SurveyError('empty_domain', `domain "${label}" has no rows with positive weight`);
    const parts = statistic === 'mean' ? meanParts(w, variables) : totalParts(w, variables);
    blocks.push({ sub: withWeights(design, w), offset: influence.length });
    variables.forEach((v, j) => {
      names.push(variables.length === 1 ? label : `${label}:${v.name}`);
      estimates.push(parts.estimate[j] ?? 0);
      influence.push(parts.influence[j] ?? new Float64Array(design.n));
    });
    counts.push(countNonZero(w));
  }
  const vcov = linearizedVcov(withWeights(design, base), influence);
  const p = influence.length;
  if (options.deff) {
    const kind = options.deff;
    for (const { sub, offset } of blocks) {
      const k = variables.length;
      const block = new Float64Array(k * k);
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) block[a * k + b] = vcov[(offset + a) * p + offset + b] ?? 0;
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
