import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import type { ColumnLookup } from '../regression/model-matrix.ts';
import { surveyGlm } from '../regression/svyglm.ts';
import { binary, formulaName } from './did.ts';
import { effectOf, type Effect } from './effect.ts';

export interface AwarenessOptions {
  readonly outcome: string;
  /** 0/1 column: 1 when the respondent recalls the campaign. */
  readonly aware: string;
  readonly covariates?: readonly string[];
  /** Typically: campaign countries after the campaign. */
  readonly domain?: (row: number) => boolean;
  readonly level?: number;
  readonly scale?: number;
}

/**
 * The adjusted difference in the outcome between people who recall the campaign and people who
 * do not: the `aware` coefficient of `y ~ aware + covariates` (svyglm, linear) in the domain, in
 * points. An ASSOCIATION, not an effect: people who notice a campaign differ from those who do
 * not in ways the covariates may not capture. Reference: Lumley (2010) §5.
 */
export function awarenessAssociation(
  design: SurveyDesign,
  lookup: ColumnLookup,
  options: AwarenessOptions,
): Effect & { readonly kind: 'association'; readonly n: number } {
  const inDomain = options.domain ?? (() => true);
  binary(lookup, options.aware, 'aware', inDomain);
  const covariates = options.covariates ?? [];
  const formula = `${formulaName(options.outcome)} ~ ${[options.aware, ...covariates].map(formulaName).join(' + ')}`;
  const fit = surveyGlm(design, formula, lookup, {
    domain: inDomain,
    ...(options.level ? { level: options.level } : {}),
  });
  const coef = fit.coefficients.find((c) => c.term === options.aware);
  if (!coef) throw new SurveyError('invalid_argument', `the model has no ${options.aware} coefficient`);
  return {
    ...effectOf(coef.estimate, coef.se, fit.df, options.level ?? 0.95, options.scale ?? 100),
    kind: 'association',
    n: fit.n,
  };
}
