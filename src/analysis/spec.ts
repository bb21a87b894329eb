import { z } from 'zod';

/** One population cell of a margin: a level for each margin variable and its population total. */
export const PopulationCell = z.strictObject({
  levels: z.record(z.string(), z.union([z.string(), z.number()])),
  total: z.number().nonnegative(),
});
export type PopulationCell = z.infer<typeof PopulationCell>;

/** A (possibly joint) weighting margin. */
export const MarginSpec = z.strictObject({
  variables: z.array(z.string().min(1)).min(1),
  population: z.array(PopulationCell).min(1),
});
export type MarginSpec = z.infer<typeof MarginSpec>;

export const AdjustSpec = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('poststratify'),
    variables: z.array(z.string().min(1)).min(1),
    population: z.array(PopulationCell).min(1),
    partial: z.boolean().optional(),
  }),
  z.strictObject({
    method: z.literal('rake'),
    margins: z.array(MarginSpec).min(1),
    epsilon: z.number().positive().optional(),
    maxit: z.number().int().positive().optional(),
    /** Iterate to convergence (epsilon 1e-10 relative, maxit 1000) instead of R's defaults. */
    tight: z.boolean().optional(),
  }),
  z.strictObject({
    method: z.literal('calibrate'),
    calfun: z.literal('linear').default('linear'),
    margins: z.array(MarginSpec).default([]),
    numeric: z.record(z.string(), z.number()).default({}),
  }),
  z.strictObject({
    method: z.literal('trim'),
    lower: z.number().optional(),
    upper: z.number().optional(),
    strict: z.boolean().optional(),
  }),
]);
export type AdjustSpec = z.infer<typeof AdjustSpec>;

const Df = z.union([z.literal('design'), z.literal('infinite'), z.number().positive()]);
const Deff = z.union([z.literal('srswor'), z.literal('replace'), z.boolean()]);
const By = z.union([
  z
    .string()
    .min(1)
    .transform((s) => [s]),
  z.array(z.string().min(1)),
]);
const Level = z.number().gt(0).lt(1);
export const ProportionCi = z.enum(['logit', 'likelihood', 'asin', 'beta', 'mean', 'xlogit', 'wilson']);

const target = {
  variable: z.string().min(1).optional(),
  variables: z.array(z.string().min(1)).min(1).optional(),
  by: By.optional(),
};

const StatisticOf = z.strictObject({
  statistic: z.enum(['mean', 'total', 'proportion']),
  ...target,
});

export const EstimateSpec = z.discriminatedUnion('statistic', [
  z.strictObject({
    id: z.string().min(1),
    statistic: z.enum(['mean', 'total']),
    ...target,
    deff: Deff.optional(),
    level: Level.optional(),
    df: Df.optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('proportion'),
    ...target,
    ci: ProportionCi.optional(),
    deff: Deff.optional(),
    level: Level.optional(),
    df: Df.optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('variance'),
    variable: z.string().min(1),
    level: Level.optional(),
    df: Df.optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('contrast'),
    of: StatisticOf,
    coefficients: z.record(z.string(), z.number()),
    level: Level.optional(),
    df: Df.optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('ttest'),
    variable: z.string().min(1),
    group: z.string().min(1).optional(),
    level: Level.optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('regression'),
    /** R-style: `y ~ a + b * c + d:e`; non-numeric columns become treatment-contrast dummies. */
    formula: z.string().min(1),
    family: z.enum(['gaussian', 'quasibinomial']).default('gaussian'),
    /** A domain: rows whose columns equal these values (the design is kept, like R's subset()). */
    subset: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    level: Level.optional(),
    df: z.union([z.literal('residual'), z.literal('infinite'), z.number().positive()]).optional(),
  }),
  z.strictObject({
    id: z.string().min(1),
    statistic: z.literal('chisq'),
    variables: z.tuple([z.string().min(1), z.string().min(1)]),
    method: z.enum(['F', 'Chisq', 'Wald', 'adjWald']).default('F'),
  }),
]);
export type EstimateSpec = z.infer<typeof EstimateSpec>;

export const DesignSpec = z.strictObject({
  ids: z
    .union([
      z
        .string()
        .min(1)
        .transform((s) => [s]),
      z.array(z.string().min(1)),
    ])
    .default([]),
  strata: z.string().min(1).optional(),
  weights: z.string().min(1).optional(),
  fpc: z
    .union([
      z
        .string()
        .min(1)
        .transform((s) => [s]),
      z.array(z.string().min(1)),
    ])
    .optional(),
  lonelyPsu: z.enum(['fail', 'certainty', 'remove', 'adjust', 'average']).default('fail'),
});
export type DesignSpec = z.infer<typeof DesignSpec>;

/** An analysis described as data: `barometer analyse SPEC.json`. See docs/analyse.md. */
export const AnalysisSpec = z.strictObject({
  data: z.string().min(1),
  missing: z.array(z.string()).default(['', 'NA']),
  design: DesignSpec.default({ ids: [], lonelyPsu: 'fail' }),
  adjust: z.array(AdjustSpec).default([]),
  estimates: z.array(EstimateSpec).default([]),
  output: z.strictObject({ weights: z.boolean().default(false) }).default({ weights: false }),
});
export type AnalysisSpec = z.infer<typeof AnalysisSpec>;

/** A problem with the spec or its data, with the JSON path or column it concerns. */
export class AnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** `estimates[2].ci`-style rendering of a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Validates a parsed JSON value as a spec; throws AnalysisError naming the first bad path. */
export function parseSpec(value: unknown): AnalysisSpec {
  const result = AnalysisSpec.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AnalysisError('invalid spec');
  throw new AnalysisError(`${formatPath(issue.path)}: ${issue.message}`);
}
