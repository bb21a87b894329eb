/**
 * Reference series: official figures a study sets its respondents' answers beside (the "reality"
 * of a perception-versus-reality indicator), declared the way population targets are — each value
 * with its country and year, the series with its source and licence.
 *
 * A wave is matched to the nearest estimate at or before its year (`referenceFor`): a figure
 * published after the fieldwork is never read back into it. The study check (`checkReferences`)
 * refuses a study whose wave has a country without such an estimate, so an indicator that reads
 * the series never meets a country it has no figure for.
 */
import { z } from 'zod';
import { fromZodIssues, type DefinitionIssue } from './errors.ts';
import { definitionError } from './definition-problems.ts';
import { deepFreeze } from './freeze.ts';
import { Text } from './text.ts';
import { Source, type Wave } from './waves.ts';

export const ReferenceId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'reference series id in camelCase, e.g. foreignBornShare');

/** One published value: a country, the year it refers to, the figure in the series' unit. */
export const ReferenceValue = z
  .object({
    iso3: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 code, e.g. GBR'),
    year: z.number().int(),
    value: z.number().finite(),
  })
  .strict();
export type ReferenceValue = z.output<typeof ReferenceValue>;

export const ReferenceSeries = z
  .object({
    id: ReferenceId,
    label: Text,
    /** `percent`: 0–100, the unit of a "how many out of 100" question. */
    unit: z.literal('percent'),
    /** Who published the figures, with the licence they are published under (required: the figures are shown). */
    source: Source.extend({ licence: z.string().min(1) }),
    values: z.array(ReferenceValue).min(1),
  })
  .strict();
export type ReferenceSeries = z.output<typeof ReferenceSeries>;
export type ReferenceSeriesInput = z.input<typeof ReferenceSeries>;

/** Validates a reference series: shape, values within 0–100, one value per country and year. */
export function defineReferenceSeries(input: ReferenceSeriesInput): ReferenceSeries {
  const subject = `reference(${typeof input.id === 'string' ? input.id : '?'})`;
  const parsed = ReferenceSeries.safeParse(input);
  if (!parsed.success) throw definitionError(subject, fromZodIssues(subject, parsed.error.issues));
  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  parsed.data.values.forEach((v, i) => {
    const key = `${v.iso3} ${v.year}`;
    if (seen.has(key))
      issues.push({ code: 'duplicate_id', path: `${subject}.values[${i}]`, message: `${key} is given twice` });
    seen.add(key);
    if (v.value < 0 || v.value > 100)
      issues.push({
        code: 'invalid_range',
        path: `${subject}.values[${i}].value`,
        message: `${key}: ${v.value} is not a percentage (0–100)`,
      });
  });
  if (issues.length > 0) throw definitionError(subject, issues);
  return deepFreeze(parsed.data);
}

/** The figure a wave is compared with: the latest estimate for the country at or before `year`. */
export interface MatchedReference {
  readonly value: number;
  /** The year the figure refers to (≤ the wave's year). */
  readonly year: number;
}

export function referenceFor(series: ReferenceSeries, iso3: string, year: number): MatchedReference | undefined {
  let best: ReferenceValue | undefined;
  for (const v of series.values)
    if (v.iso3 === iso3 && v.year <= year && (best === undefined || v.year > best.year)) best = v;
  return best && { value: best.value, year: best.year };
}

/** How a wave's year is matched to the series, in words (for the methodology page and downloads). */
export const REFERENCE_YEAR_RULE =
  'each wave is compared with the latest published estimate for its country at or before the wave’s year';

/** Every country of every wave has an estimate at or before the wave's year. */
export function checkReferences(
  references: readonly ReferenceSeries[],
  waves: readonly Wave[],
  root: string,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const series of references)
    for (const wave of waves)
      for (const c of wave.countries)
        if (!referenceFor(series, c.iso3, wave.year))
          issues.push({
            code: 'unknown_reference',
            path: `${root}.references[${series.id}]`,
            message: `reference ${series.id} has no value for ${c.iso3} in or before ${wave.year} (wave ${wave.id})`,
          });
  return issues;
}
