/** The R reference values of the fixture study (fixtures/r-values.json, written by fixtures/generate.R). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { answersOf, generateResponses, type FixtureRow } from './fixtures/study.ts';

export const Estimate = z.object({
  wave: z.string(),
  geo: z.string(),
  indicator: z.string(),
  variable: z.string(),
  level: z.string(),
  n: z.number(),
  estimate: z.number(),
  se: z.number(),
  deff: z.number(),
  ciLow: z.number(),
  ciHigh: z.number(),
  effectiveN: z.number(),
});
export type REstimate = z.output<typeof Estimate>;

const RValues = z.object({
  countries: z.array(Estimate),
  aggregates: z.array(Estimate),
  changes: z.array(
    z.object({
      geo: z.string(),
      variable: z.string(),
      level: z.string(),
      change: z.number(),
      se: z.number(),
      ciLow: z.number(),
      ciHigh: z.number(),
      p: z.number(),
    }),
  ),
  weights: z.array(
    z.object({
      wave: z.string(),
      country: z.string(),
      id: z.array(z.number()),
      weight: z.array(z.number()),
      raked: z.array(z.number()),
    }),
  ),
  merges: z.array(
    z.object({
      wave: z.string(),
      country: z.string(),
      merged: z.array(z.object({ cells: z.array(z.string()), into: z.string(), respondents: z.number() })),
    }),
  ),
});

export const R = RValues.parse(JSON.parse(readFileSync(new URL('./fixtures/r-values.json', import.meta.url), 'utf8')));

/** The fixture responses as the CSV R read holds them (checked equal to the generator's). */
export function fixtureRows(): FixtureRow[] {
  const text = readFileSync(new URL('./fixtures/responses.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return text.map((line) => {
    const [id, wave, country, age, sex, edu, q, m, grp] = line.split(',');
    return {
      id: Number(id),
      wave: wave ?? '',
      country: country ?? '',
      age: Number(age),
      sex: sex ?? '',
      edu: edu ?? '',
      q: q ?? '',
      m: m ?? '',
      grp: grp ?? '',
    };
  });
}

export const responseInputs = () => fixtureRows().map((r) => ({ id: r.id, wave: r.wave, answers: answersOf(r) }));
export { generateResponses };

/** |a − b| ≤ tol · max(|b|, 1e-300). */
export function relClose(a: number | null | undefined, b: number, tol: number): boolean {
  return a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300);
}
