import { SurveyError } from '../errors.ts';
import { logitLinkInverse, logitMuEta, yLogY } from '../intervals/logit-glm.ts';

/** The GLM families `svyglm` offers here: linear (identity link) and quasi-binomial (logit link). */
export type GlmFamilyName = 'gaussian' | 'quasibinomial';

/** A GLM family as R's `family` object describes it (stats/R/family.R, src/family.c). */
export interface GlmFamily {
  readonly name: GlmFamilyName;
  /** Starting means (R's `initialize`), given the prior weight. */
  readonly start: (y: number, w: number) => number;
  readonly link: (mu: number) => number;
  readonly inverse: (eta: number) => number;
  /** dμ/dη. */
  readonly muEta: (eta: number) => number;
  readonly variance: (mu: number) => number;
  /** Unit deviance times the prior weight. */
  readonly deviance: (y: number, mu: number, w: number) => number;
  /** Whether a mean is inside the family's range (R's `validmu`). */
  readonly validMu: (mu: number) => boolean;
  /** Whether a fitted mean sits at the edge of the range (R warns "fitted probabilities numerically 0 or 1"). */
  readonly atBoundary: (mu: number) => boolean;
  /** Throws when a response value is outside the family's range. */
  readonly checkResponse: (y: number, row: number, name: string) => void;
}

const gaussian: GlmFamily = {
  name: 'gaussian',
  start: (y) => y,
  link: (mu) => mu,
  inverse: (eta) => eta,
  muEta: () => 1,
  variance: () => 1,
  deviance: (y, mu, w) => w * (y - mu) * (y - mu),
  validMu: (mu) => Number.isFinite(mu),
  atBoundary: () => false,
  checkResponse: () => {},
};

const quasibinomial: GlmFamily = {
  name: 'quasibinomial',
  start: (y, w) => (w * y + 0.5) / (w + 1),
  link: (mu) => Math.log(mu / (1 - mu)),
  inverse: logitLinkInverse,
  muEta: logitMuEta,
  variance: (mu) => mu * (1 - mu),
  deviance: (y, mu, w) => 2 * w * (yLogY(y, mu) + yLogY(1 - y, 1 - mu)),
  validMu: (mu) => Number.isFinite(mu) && mu > 0 && mu < 1,
  atBoundary: (mu) => mu < 10 * Number.EPSILON || mu > 1 - 10 * Number.EPSILON,
  checkResponse: (y, row, name) => {
    if (y < 0 || y > 1) {
      throw new SurveyError(
        'invalid_argument',
        `quasibinomial needs the response in [0, 1]; ${name} is ${y} in row ${row + 1}`,
      );
    }
  },
};

export const GLM_FAMILIES: Readonly<Record<GlmFamilyName, GlmFamily>> = { gaussian, quasibinomial };
