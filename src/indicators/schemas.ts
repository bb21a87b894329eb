/**
 * Zod schemas of the contract in types.ts, for what is read back from the database and for the
 * API's OpenAPI description. `satisfies`-style checks below keep them equal to the interfaces.
 */
import { z } from 'zod';
import { WeightingFlag } from './run-schema.ts';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint, Subgroup } from './types.ts';

export const GeographySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('country'), iso3: z.string(), name: z.string(), region: z.string() }),
  z.object({ kind: z.literal('region'), region: z.string() }),
  z.object({ kind: z.literal('world') }),
]);

export const SubgroupSchema = z.object({ variable: z.string(), level: z.string() }).nullable();
const Suppression = z
  .enum(['below_minimum_n', 'complementary', 'no_data', 'estimate_out_of_scale', 'variance_not_estimable'])
  .nullable();
const num = z.number().nullable();
const Invariants = z.array(z.object({ invariant: z.string(), detail: z.string().optional() })).optional();

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

export const SeriesChangeSchema = z.object({
  study: z.string(),
  indicator: z.string(),
  fromWave: z.string(),
  toWave: z.string(),
  geography: GeographySchema,
  subgroup: SubgroupSchema,
  change: num,
  se: num,
  ciLow: num,
  ciHigh: num,
  level: z.number(),
  pValue: num,
  significant: z.boolean().nullable(),
  test: z.string(),
  seriesBreak: z.object({ questions: z.array(z.string()), what: z.string() }).nullable(),
  suppressed: Suppression,
  invariants: Invariants,
  pAdjusted: num.optional(),
  significantAdjusted: z.boolean().nullable().optional(),
});

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

// Parsed values satisfy the contract's interfaces and have the same fields (checked at compile time).
type Fits<A, B> = [A] extends [B]
  ? [keyof A] extends [keyof B]
    ? [keyof B] extends [keyof A]
      ? true
      : false
    : false
  : false;
const check = <T extends true>(value: T): T => value;
check<Fits<z.output<typeof GeographySchema>, Geography>>(true);
check<Fits<z.output<typeof SubgroupSchema>, Subgroup>>(true);
check<Fits<z.output<typeof SeriesPointSchema>, SeriesPoint>>(true);
check<Fits<z.output<typeof SeriesChangeSchema>, SeriesChange>>(true);
check<Fits<z.output<typeof DistributionPointSchema>, DistributionPoint>>(true);
