import { degreesOfFreedom, restrictToDomain } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearContrast } from '../estimation/contrast.ts';
import { domainEstimates } from '../estimation/domain.ts';
import { standardErrors } from '../estimation/types.ts';
import type { ColumnLookup, ModelColumn } from '../regression/model-matrix.ts';
import { surveyGlm } from '../regression/svyglm.ts';
import { waldTest } from '../regression/wald.ts';
import { effectOf, type Effect } from './effect.ts';
import { at } from '../checked.ts';

export interface DidOptions {
  /** Numeric outcome column (a 0/1 share, or any numeric outcome). */
  readonly outcome: string;
  /** 0/1 column: 1 in the campaign countries, 0 in the comparison countries. */
  readonly group: string;
  /** 0/1 column: 1 after the campaign, 0 before. */
  readonly post: string;
  /** Wave labels; with two or more waves before the campaign the pre-trend test is run. */
  readonly wave?: string;
  /** Covariates of the adjusted estimate (e.g. age group, sex, education); none: no adjusted estimate. */
  readonly covariates?: readonly string[];
  /** Restrict to a domain (the design is kept). */
  readonly domain?: (row: number) => boolean;
  readonly level?: number;
  /** Multiplier of the reported effects: 100 (default) gives percentage points for a 0/1 outcome. */
  readonly scale?: number;
  /** p-value below which the pre-trend test counts as failed. Default 0.05. */
  readonly preTrendAlpha?: number;
}

export interface DidCell {
  readonly group: 0 | 1;
  readonly post: 0 | 1;
  /** Weighted mean of the outcome (share for a 0/1 outcome), times `scale`. */
  readonly estimate: number;
  readonly se: number;
  readonly n: number;
}

export interface PreTrend {
  /** Waves before the campaign, in order; the first is the reference. */
  readonly waves: readonly string[];
  /** Placebo difference-in-differences of each later pre-campaign wave against the first. */
  readonly placebo: readonly (Effect & { readonly wave: string })[];
  /** Joint Wald F test that all placebo effects are zero (regTermTest). */
  readonly statistic: number;
  readonly ndf: number;
  readonly ddf: number;
  readonly p: number;
  /** False when p < preTrendAlpha: the groups already moved apart before the campaign. */
  readonly passed: boolean;
}

export interface DidResult {
  /** Comparison-before, campaign-before, comparison-after, campaign-after. */
  readonly cells: readonly DidCell[];
  /** (campaign after − before) − (comparison after − before), design df. */
  readonly simple: Effect;
  /** The `group:post` coefficient of the linear model with covariates (residual df). */
  readonly adjusted?: Effect & { readonly covariates: readonly string[] };
  /** Present when there are two or more waves before the campaign. */
  readonly preTrend?: PreTrend;
}

/** A column name as a formula term (backquoted unless it is a plain R name). */
export function formulaName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) && !/^\.\d/.test(name) ? name : `\`${name}\``;
}

/** A 0/1 column, checked on the rows of the domain (other rows read as 0). */
export function binary(
  lookup: ColumnLookup,
  name: string,
  role: string,
  inDomain: (row: number) => boolean,
): Float64Array {
  const col = lookup(name);
  if (col.kind !== 'numeric') throw new SurveyError('invalid_argument', `${role} column ${name} must be 0/1`);
  const out = new Float64Array(col.values.length);
  for (let i = 0; i < col.values.length; i++) {
    if (!inDomain(i)) continue;
    const v = col.values[i] ?? Number.NaN;
    out[i] = v;
    if (v !== 0 && v !== 1)
      throw new SurveyError('invalid_argument', `${role} column ${name} is ${v} in row ${i + 1}; it must be 0 or 1`);
  }
  return out;
}

const CELL_NAMES = [
  'comparison countries before',
  'campaign countries before',
  'comparison countries after',
  'campaign countries after',
];

/**
 * Difference-in-differences from stacked survey waves (each country × wave its own stratum with
 * its own PSUs): the contrast (T₁ − T₀) − (C₁ − C₀) of the four weighted cell means, with the SE
 * from their joint linearisation covariance (R: `svycontrast(svyby(~y, ~group + post, design,
 * svymean, covmat = TRUE), c(1, −1, −1, 1))`); the covariate-adjusted estimate, the `group:post`
 * coefficient of `y ~ group * post + covariates` (`svyglm`); and, with two or more waves before
 * the campaign, the placebo test: `y ~ group * wave` on the pre-campaign waves, whose
 * `group:wave` coefficients are the pre-campaign DiDs, tested jointly by a design-based Wald F.
 * References: Angrist & Pischke (2009) §5.2; Lumley (2010) §5; Roth et al. (2023) J. Econometrics 235.
 */
export function differenceInDifferences(design: SurveyDesign, lookup: ColumnLookup, options: DidOptions): DidResult {
  const level = options.level ?? 0.95;
  const scale = options.scale ?? 100;
  const inDomain = options.domain ?? (() => true);
  const group = binary(lookup, options.group, 'group', inDomain);
  const post = binary(lookup, options.post, 'post', inDomain);
  const outcome = lookup(options.outcome);
  if (outcome.kind !== 'numeric')
    throw new SurveyError('invalid_argument', `outcome ${options.outcome} must be numeric`);
  const sub = restrictToDomain(design, inDomain);
  const codes = Int32Array.from({ length: design.n }, (_, i) => at(group, i) + 2 * at(post, i));
  const dom = domainEstimates(sub, 'mean', [{ name: options.outcome, values: outcome.values }], {
    codes,
    levels: ['0.0', '1.0', '0.1', '1.1'],
  });
  const missing = ['0.0', '1.0', '0.1', '1.1'].filter((l) => !dom.domains.includes(l));
  if (missing.length > 0) {
    const names = missing.map((l) => CELL_NAMES[['0.0', '1.0', '0.1', '1.1'].indexOf(l)]);
    throw new SurveyError('empty_domain', `no interviews with an outcome in: ${names.join(', ')}`);
  }
  const se = standardErrors(dom.joint);
  const cells = dom.domains.map((label, k): DidCell => ({
    group: label.startsWith('1') ? 1 : 0,
    post: label.endsWith('1') ? 1 : 0,
    estimate: at(dom.joint.estimate, k) * scale,
    se: at(se, k) * scale,
    n: at(dom.n, k),
  }));
  const c = linearContrast({ ...dom.joint, names: dom.domains }, { '0.0': 1, '1.0': -1, '0.1': -1, '1.1': 1 });
  const simple = effectOf(c.estimate, c.se, degreesOfFreedom(sub), level, scale);
  const g = formulaName(options.group);
  const p = formulaName(options.post);
  let adjusted: DidResult['adjusted'];
  if (options.covariates && options.covariates.length > 0) {
    const formula = `${formulaName(options.outcome)} ~ ${g} * ${p} + ${options.covariates.map(formulaName).join(' + ')}`;
    const fit = surveyGlm(design, formula, lookup, { domain: inDomain, level });
    const coef = fit.coefficients.find((x) => x.term === `${options.group}:${options.post}`);
    if (!coef)
      throw new SurveyError(
        'invalid_argument',
        `the adjusted model has no ${options.group}:${options.post} coefficient`,
      );
    adjusted = { ...effectOf(coef.estimate, coef.se, fit.df, level, scale), covariates: options.covariates };
  }
  const preTrend = options.wave ? preTrendTest(design, lookup, options, inDomain, post, level, scale) : undefined;
  return { cells, simple, ...(adjusted ? { adjusted } : {}), ...(preTrend ? { preTrend } : {}) };
}

function preTrendTest(
  design: SurveyDesign,
  lookup: ColumnLookup,
  options: DidOptions & { readonly wave?: string },
  inDomain: (row: number) => boolean,
  post: ArrayLike<number>,
  level: number,
  scale: number,
): PreTrend | undefined {
  const waveName = options.wave ?? '';
  const raw = lookup(waveName);
  const labels: (string | null)[] = Array.from({ length: design.n }, (_, i) => {
    const v = raw.values[i];
    return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : String(v);
  });
  const before = (i: number): boolean => inDomain(i) && post[i] === 0;
  const waves = new Set<string>();
  labels.forEach((l, i) => {
    if (l !== null && before(i) && at(design.weights, i) > 0) waves.add(l);
  });
  if (waves.size < 2) return undefined;
  const asFactor: ColumnLookup = (name): ModelColumn =>
    name === waveName ? { kind: 'categorical', values: labels } : lookup(name);
  const formula = `${formulaName(options.outcome)} ~ ${formulaName(options.group)} * ${formulaName(waveName)}`;
  const fit = surveyGlm(design, formula, asFactor, { domain: before, level });
  const order = fit.levels[waveName] ?? [];
  const prefix = `${options.group}:${waveName}`;
  const placebo = order.slice(1).map((wave) => {
    const coef = fit.coefficients.find((x) => x.term === `${prefix}${wave}`);
    if (!coef) throw new SurveyError('invalid_argument', `the pre-trend model has no ${prefix}${wave} coefficient`);
    return { ...effectOf(coef.estimate, coef.se, fit.df, level, scale), wave };
  });
  const wald = waldTest(
    fit,
    order.slice(1).map((w) => `${prefix}${w}`),
  );
  return {
    waves: order,
    placebo,
    statistic: wald.statistic,
    ndf: wald.ndf,
    ddf: wald.ddf,
    p: wald.p,
    passed: !(wald.p < (options.preTrendAlpha ?? 0.05)),
  };
}
