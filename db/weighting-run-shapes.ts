/**
 * The shapes stored with a weighting run (the jsonb columns of `weighting_runs`, which schema.ts
 * types from them): the parameters, the input response set, per-country diagnostics with the
 * adjustment structure the variance needs, and the warnings. Zod schemas where a reader parses
 * (to fill the defaults a run stored by an earlier version lacks); src/indicators computes them.
 */
import { z } from 'zod';
import { WaveWeighting, WeightingVariable } from '../src/instrument/index.ts';

export const AdjustmentStructure = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rake'),
    cellLabels: z.array(z.string()),
    margins: z.array(
      z.object({
        name: z.string(),
        levelOfCell: z.array(z.number().int()),
        nLevels: z.number().int(),
        ratio: z.array(z.number()),
      }),
    ),
    sweeps: z.number().int(),
  }),
  z.object({ kind: z.literal('poststratify'), cellLabels: z.array(z.string()) }),
  /** Bounded calibration: the joint cells, each margin's level of every cell, and d = base × designScale. */
  z.object({
    kind: z.literal('calibrate'),
    cellLabels: z.array(z.string()),
    margins: z.array(z.object({ name: z.string(), levelOfCell: z.array(z.number().int()), nLevels: z.number().int() })),
    designScale: z.number(),
  }),
  /** Calibration failed (no finite step): the design weights, unadjusted, and the country flagged. */
  z.object({ kind: z.literal('none'), cellLabels: z.array(z.string()) }),
]);
export type AdjustmentStructure = z.output<typeof AdjustmentStructure>;

export const WeightSummary = z.object({
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
});
export type WeightSummary = z.output<typeof WeightSummary>;

/** Cells of a margin merged by the collapsing rule before weighting. */
export const CollapsedCells = z.object({
  margin: z.string(),
  cells: z.array(z.string()),
  into: z.string(),
  respondents: z.number().int(),
});
export type CollapsedCells = z.output<typeof CollapsedCells>;

/** How far the final weighted total of a margin's worst cell is from its target. */
export const MarginFit = z.object({
  margin: z.string(),
  cell: z.string(),
  target: z.number(),
  achieved: z.number(),
  /** |achieved − target| / target. */
  relativeDeviation: z.number(),
});
export type MarginFit = z.output<typeof MarginFit>;

/** What is wrong with a country's weights, flagged on its published points. */
export const WeightingFlag = z.enum(['not_converged', 'margins_not_met']);
export type WeightingFlag = z.output<typeof WeightingFlag>;

export const CountryDiagnostics = z.object({
  iso3: z.string(),
  name: z.string(),
  region: z.string(),
  adultPopulation: z.number(),
  targetCompletes: z.number(),
  /** Respondents who named the country, and those weighted (with every margin level and a base weight). */
  respondents: z.number().int(),
  weighted: z.number().int(),
  method: z.enum(['calibrate', 'rake', 'poststratify']),
  converged: z.boolean(),
  sweeps: z.number().int(),
  kishDeff: z.number(),
  effectiveN: z.number(),
  /** Mean weight (persons per respondent) and the distribution of weights relative to it (type 7 quantiles). */
  meanWeight: z.number(),
  relativeWeights: WeightSummary,
  /** The cap in persons (cap × median raked weight), and the share of respondents whose weight was above it. */
  cap: z.number().nullable(),
  shareTrimmed: z.number(),
  /** Calibration: the share of respondents whose g-weight is at a bound. */
  shareAtBounds: z.number().default(0),
  /** Cells merged before weighting (the collapsing rule). */
  collapsed: z.array(CollapsedCells).default([]),
  /** Per margin, its worst cell after weighting (relative to the collapsed targets). */
  marginFit: z.array(MarginFit).default([]),
  /** Not converged, or a margin cell more than MARGIN_TOLERANCE from its target (or dropped). */
  flag: WeightingFlag.nullable().default(null),
});
export type CountryDiagnostics = z.output<typeof CountryDiagnostics>;

/** A country of a stored run: its diagnostics and the adjustment structure the variance needs. */
export const StoredCountry = CountryDiagnostics.extend({ structure: AdjustmentStructure });
/** A country as stored: a run stored before a default field existed lacks it (`StoredCountry.parse` fills it). */
export type CountryAsStored = z.input<typeof StoredCountry>;

export const RunParameters = z.object({
  weighting: WaveWeighting,
  countryQuestion: z.string(),
  weightingVariables: z.array(WeightingVariable),
});
export type RunParameters = z.output<typeof RunParameters>;
/** The parameters as stored: a run stored before a default field existed lacks it (`RunParameters.parse` fills it). */
export type RunParametersAsStored = z.input<typeof RunParameters>;

/** The responses a run read, weighted and left out, and the hash of the ids read. */
export interface RunInput {
  /** Responses of the wave read. */
  readonly responses: number;
  readonly weighted: number;
  /** Responses naming no country of the wave (or none). */
  readonly unknownCountry: number;
  /** sha256 of the ids of the responses read. */
  readonly responseSetHash: string;
}

export const WarningCode = z.enum([
  'empty_cell',
  'sparse_cell',
  'margins_not_met',
  'not_converged',
  'beyond_cap',
  'below_target',
  'missing_level',
  'missing_base',
  'no_respondents',
  'unknown_country',
]);

/** A problem of the data, reported in the run and on the CLI; `country` and `cell` say where. */
export const WeightingWarning = z.object({
  code: WarningCode,
  country: z.string().nullable(),
  cell: z.string().nullable(),
  message: z.string(),
});
export type WeightingWarning = z.output<typeof WeightingWarning>;
