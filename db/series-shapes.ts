/**
 * The shapes stored with materialised series (the jsonb columns of `series_waves`,
 * `indicator_series` and `indicator_distributions`, which schema.ts types from them): a point and
 * an answer distribution as src/indicators computes them (unsuppressed), the question definitions
 * a wave's series were computed with (for series breaks) and the indicators' descriptions. Zod
 * schemas, which the indicator API's OpenAPI document describes its answers with too; what is
 * published is parsed with them on the way out, for the order of its keys (jsonb keeps an
 * object's keys sorted by length, the API answers in the order of the contract).
 */
import { z } from 'zod';
import { WeightingFlag } from './weighting-run-shapes.ts';

export const GeographySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('country'), iso3: z.string(), name: z.string(), region: z.string() }),
  z.object({ kind: z.literal('region'), region: z.string() }),
  z.object({ kind: z.literal('world') }),
]);

export const SubgroupSchema = z.object({ variable: z.string(), level: z.string() }).nullable();
export const Suppression = z
  .enum(['below_minimum_n', 'complementary', 'no_data', 'estimate_out_of_scale', 'variance_not_estimable'])
  .nullable();
export const Invariants = z.array(z.object({ invariant: z.string(), detail: z.string().optional() })).optional();
const num = z.number().nullable();

export const SeriesPointSchema = z.object({
  study: z.string(),
  indicator: z.string(),
  wave: z.string(),
  year: z.number(),
  geography: GeographySchema,
  subgroup: SubgroupSchema,
  estimate: num,
  se: num,
  ciLow: num,
  ciHigh: num,
  level: z.number(),
  moe: num,
  n: z.number(),
  effectiveN: num,
  deff: num,
  coverage: z.number(),
  missingCountries: z.array(z.string()),
  suppressed: Suppression,
  lowReliability: z.boolean().optional(),
  weightingRunId: z.string(),
  weightingWarning: WeightingFlag.nullable().optional(),
  invariants: Invariants,
  interval: z.enum(['logit', 'korn-graubard', 'wald']).optional(),
});
export type StoredSeriesPoint = z.output<typeof SeriesPointSchema>;

export const DistributionPointSchema = z.object({
  study: z.string(),
  question: z.string(),
  wave: z.string(),
  geography: GeographySchema,
  shares: z.record(z.string(), z.number()),
  n: z.number(),
  suppressed: Suppression,
  invariants: Invariants,
});
export type StoredDistributionPoint = z.output<typeof DistributionPointSchema>;

/** A question as a wave's series were computed with it: its fingerprint and its definition (for series breaks). */
export interface StoredQuestion {
  readonly fingerprint: string;
  readonly question: unknown;
}

/**
 * An indicator as a wave was materialised with it: its definition and base in words, its subgroups,
 * and its scale (absent on a wave materialised before scales were stored; a bound null: unbounded).
 */
export const StoredIndicator = z
  .object({
    id: z.string(),
    kind: z.enum(['share', 'mean', 'index', 'gap', 'overestimate']),
    label: z.record(z.string(), z.string()),
    description: z.record(z.string(), z.string()).nullable(),
    questions: z.array(z.string()).readonly(),
    subgroups: z
      .array(z.object({ variable: z.string(), question: z.string(), levels: z.array(z.string()).readonly() }))
      .readonly(),
    definition: z.string(),
    base: z.string(),
    range: z.object({ min: z.number(), max: z.number() }).optional(),
    scale: z.object({ min: z.number().nullable(), max: z.number().nullable() }).optional(),
  })
  .strict();
export type StoredIndicator = z.output<typeof StoredIndicator>;
