/**
 * Waves and population targets.
 *
 * A wave pins the instrument version it fields (`instrument: { id, version }`, and once it has
 * opened, the instrument `fingerprint` it opened with), names its year and field period, and
 * lists the countries it covers with their adult population and the margins used for weighting,
 * each with its source. Margin variables are defined once per study (`WeightingVariable`): how a
 * respondent's answers map to a margin level (age → age group by bins, SEX options → sex).
 */
import { z } from 'zod';
import { OptionCode, QuestionCode } from './codes.ts';
import { fromZodIssues } from './errors.ts';
import { definitionError } from './definition-problems.ts';
import { Slug } from './instrument.ts';
import { Text } from './text.ts';
import { deepFreeze } from './freeze.ts';

/** A public source of a number: who published it, which edition, where to find it. */
export const Source = z
  .object({
    title: z.string().min(1),
    publisher: z.string().min(1),
    /** Reference year of the figures (e.g. 2025 for a mid-2025 population). */
    year: z.number().int(),
    url: z.string().url().optional(),
    note: z.string().optional(),
  })
  .strict();
export type Source = z.output<typeof Source>;

const LevelCode = z.string().regex(/^[a-z0-9][a-z0-9_+-]*$/, 'level code like "15-29" or "female"');

/** How a weighting variable is derived from answers. */
export const WeightingVariable = z.discriminatedUnion('from', [
  z
    .object({
      name: Slug,
      from: z.literal('bins'),
      question: QuestionCode,
      /** Inclusive bins; `max` absent means open-ended. */
      bins: z.array(z.object({ level: LevelCode, min: z.number(), max: z.number().optional() }).strict()).min(2),
    })
    .strict(),
  z
    .object({
      name: Slug,
      from: z.literal('options'),
      question: QuestionCode,
      map: z.record(OptionCode, LevelCode),
      /**
       * Whether the levels are ordered (education: yes; sex: no), in the order they first appear
       * in `map`. Only ordered variables (and bins, always ordered) have neighbours the
       * cell-collapsing rule may merge a sparse cell into.
       */
      ordered: z.boolean().optional(),
    })
    .strict(),
]);
export type WeightingVariable = z.output<typeof WeightingVariable>;

/** One cell of a margin: a level per variable and its population count or share. */
export const MarginCell = z
  .object({ levels: z.record(z.string(), LevelCode), value: z.number().nonnegative() })
  .strict();

/** A population margin (one-way or crossed) with its source. */
export const Margin = z
  .object({
    variables: z.array(Slug).min(1),
    /** `persons`: counts that sum to the adult population; `share`: fractions that sum to 1. */
    unit: z.enum(['persons', 'share']),
    cells: z.array(MarginCell).min(1),
    source: Source,
  })
  .strict();
export type Margin = z.output<typeof Margin>;

/** How a wave, or one country of it, is fielded (its responses each record their own mode too). */
export const FieldMode = z.enum(['online', 'phone', 'face-to-face', 'mixed']);
export type FieldMode = z.output<typeof FieldMode>;

export const WaveCountry = z
  .object({
    iso3: z.string().regex(/^[A-Z]{3}$/),
    name: z.string().min(1),
    /** Gallup-style world region, e.g. "Sub-Saharan Africa". */
    region: z.string().min(1),
    /** The target population (adults 15+) with its source. */
    adultPopulation: z.object({ value: z.number().int().positive(), source: Source }).strict(),
    /** Planned completed interviews. */
    targetCompletes: z.number().int().positive(),
    /**
     * How this country is fielded when it differs from the wave's `mode` (a world poll phones where
     * coverage allows and interviews face to face elsewhere); absent: the wave's mode.
     */
    mode: FieldMode.optional(),
    margins: z.array(Margin),
  })
  .strict();
export type WaveCountry = z.output<typeof WaveCountry>;

/**
 * How a wave is weighted, per country (docs/pipeline.md, "Weighting"): base weights from the
 * design, sparse margin cells collapsed into their neighbours (`collapse`), then
 *
 * - `calibrate`: bounded calibration to every margin at once (R `calibrate(calfun, bounds)`,
 *   Deville & Särndal 1992): the final weights meet the margins AND stay within
 *   [`bounds.lower`, `bounds.upper`] × the design weight (the base weight scaled to the adult
 *   population, i.e. N/n for equal base weights). `calfun` is `raking` (multiplicative) or
 *   `logit` (needs bounds);
 * - `rake`: raking (iterative proportional fitting over the margins, R `rake`), unbounded;
 * - `poststratify`: one crossed margin.
 *
 * `trim: { cap }` (raking then trimming at cap × the median weight) is no longer applied as such,
 * because trimming after raking undoes the margins: a wave that states it is weighted by bounded
 * logit calibration with bounds [1/cap, cap] instead (`method` and `bounds` are then ignored).
 * `tolerance` is the convergence threshold (raking: relative to the population total, R
 * `rake(control = list(epsilon))`; calibration: R `calibrate(epsilon)`, on every margin total
 * relative to 1 + the total); `maxIterations` the sweeps or Newton steps.
 */
export const WaveWeighting = z
  .object({
    method: z.enum(['calibrate', 'rake', 'poststratify']),
    /** `equal`: every respondent 1; `question`: the answer (e.g. adults in the household, the inverse selection probability). */
    base: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('equal') }).strict(),
        z.object({ kind: z.literal('question'), question: QuestionCode }).strict(),
      ])
      .default({ kind: 'equal' }),
    calfun: z.enum(['raking', 'logit']).default('raking'),
    /** Bounds on g = final weight / design weight (calibrate only); null: unbounded. */
    bounds: z
      .object({ lower: z.number().min(0).lt(1), upper: z.number().gt(1) })
      .strict()
      .nullable()
      .default(null),
    /** Legacy: read as bounded logit calibration with bounds [1/cap, cap] (see above). */
    trim: z
      .object({ cap: z.number().gt(1), relativeTo: z.literal('median') })
      .strict()
      .nullable()
      .default(null),
    /** Cells with fewer respondents than this are merged with a neighbour before weighting (default 5). */
    collapse: z
      .object({ minRespondents: z.number().int().min(0).max(1000) })
      .strict()
      .default({ minRespondents: 5 }),
    tolerance: z.number().positive().max(0.01).default(1e-8),
    maxIterations: z.number().int().min(1).max(10_000).default(100),
  })
  .strict()
  .refine((w) => w.calfun !== 'logit' || w.bounds !== null || w.trim !== null, {
    message: 'logit calibration needs bounds',
    path: ['bounds'],
  });
export type WaveWeighting = z.output<typeof WaveWeighting>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');

export const Wave = z
  .object({
    id: Slug,
    title: Text.optional(),
    year: z.number().int(),
    /** The instrument version this wave fields. */
    instrument: z.object({ id: Slug, version: z.string() }).strict(),
    /**
     * The fingerprint of the instrument when the wave opened. Once set, lint fails if the
     * instrument changes: make a new version instead.
     */
    instrumentFingerprint: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .optional(),
    fieldPeriod: z.object({ start: IsoDate, end: IsoDate }).strict(),
    status: z.enum(['planned', 'fielding', 'closed']),
    mode: FieldMode.default('online'),
    countries: z.array(WaveCountry).min(1),
    /** How the wave is weighted; a wave without it cannot be weighted. */
    weighting: WaveWeighting.optional(),
  })
  .strict();
export type Wave = z.output<typeof Wave>;
export type WaveInput = z.input<typeof Wave>;

/** Validates a wave's shape (cross-checks against the study happen in `defineStudy`). */
export function defineWave(input: WaveInput): Wave {
  const parsed = Wave.safeParse(input);
  const subject = `wave(${typeof input.id === 'string' ? input.id : '?'})`;
  if (!parsed.success) throw definitionError(subject, fromZodIssues(subject, parsed.error.issues));
  return deepFreeze(parsed.data);
}

/** The mode a country of a wave is fielded in: its own, else the wave's. */
export function countryFieldMode(wave: Pick<Wave, 'mode'>, country: Pick<WaveCountry, 'mode'>): FieldMode {
  return country.mode ?? wave.mode;
}

/** The level of a weighting variable for a respondent's answers, or undefined (missing/unmapped). */
export function weightingLevel(variable: WeightingVariable, answer: unknown): string | undefined {
  if (variable.from === 'bins') {
    if (typeof answer !== 'number') return undefined;
    return variable.bins.find((b) => answer >= b.min && (b.max === undefined || answer <= b.max))?.level;
  }
  return typeof answer === 'string' ? variable.map[answer] : undefined;
}

/** The levels a weighting variable can take. */
export function weightingLevels(variable: WeightingVariable): string[] {
  return variable.from === 'bins' ? variable.bins.map((b) => b.level) : [...new Set(Object.values(variable.map))];
}
