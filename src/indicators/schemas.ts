/**
 * Zod schemas of the contract in types.ts, for the API's OpenAPI description: the stored shapes
 * (a point, a distribution; db/series-shapes.ts) and a change between two waves. `satisfies`-style
 * checks below keep them equal to the interfaces.
 */
import { z } from 'zod';
import {
  DistributionPointSchema,
  GeographySchema,
  Invariants,
  SeriesPointSchema,
  SubgroupSchema,
  Suppression,
} from '../../db/series-shapes.ts';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint, Subgroup } from './types.ts';

export { DistributionPointSchema, GeographySchema, SeriesPointSchema, SubgroupSchema };
const num = z.number().nullable();

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
