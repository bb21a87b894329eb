/**
 * The simulated adults of a country: population counts by age group × sex × education that
 * reproduce the study's weighting margins exactly (UN WPP 2024 age × sex counts, Wittgenstein
 * Centre education shares renormalised to the adult population).
 *
 * The margins say nothing about how education varies with age, so the joint table is fitted by
 * iterative proportional fitting from a seed in which the oldest adults are the least educated
 * (`EDUCATION_BY_AGE`, an assumption) — the fitted table has exactly the published margins.
 */
import type { WaveCountry } from '../instrument/index.ts';

export const AGE_GROUPS = ['15-29', '30-44', '45-64', '65+'] as const;
export const SEXES = ['female', 'male'] as const;
export const EDUCATION_LEVELS = ['primary_or_less', 'secondary', 'tertiary'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export type Sex = (typeof SEXES)[number];
export type Education = (typeof EDUCATION_LEVELS)[number];

export interface Cell {
  readonly age: AgeGroup;
  readonly sex: Sex;
  readonly education: Education;
  /** Adults in the cell. */
  readonly population: number;
}

/** Seed odds of each education level by age group (relative; fitted to the margins). */
const EDUCATION_BY_AGE: Readonly<Record<AgeGroup, readonly [number, number, number]>> = {
  '15-29': [0.7, 1.2, 1.0],
  '30-44': [0.8, 1.0, 1.3],
  '45-64': [1.1, 1.0, 0.9],
  '65+': [1.8, 0.9, 0.5],
};

function levelOf<T extends string>(levels: readonly T[], value: string | undefined, what: string): T {
  const hit = levels.find((l) => l === value);
  if (hit === undefined) throw new Error(`unknown ${what} level "${value}" in the margins`);
  return hit;
}

/** The joint population table of one wave country, from its age × sex (persons) and education (share) margins. */
export function populationCells(country: WaveCountry): Cell[] {
  const ageSex = country.margins.find((m) => m.variables.join('×') === 'age_group×sex');
  const education = country.margins.find((m) => m.variables.join('×') === 'education');
  if (!ageSex || !education)
    throw new Error(`${country.iso3}: the demo needs an age_group × sex margin and an education margin`);
  const total = ageSex.cells.reduce((s, c) => s + c.value, 0);
  const eduShareSum = education.cells.reduce((s, c) => s + c.value, 0);
  const eduTotals = new Map(
    education.cells.map((c) => [
      levelOf(EDUCATION_LEVELS, c.levels.education, 'education'),
      (c.value / eduShareSum) * total,
    ]),
  );
  const rows = ageSex.cells.map((c) => ({
    age: levelOf(AGE_GROUPS, c.levels.age_group, 'age'),
    sex: levelOf(SEXES, c.levels.sex, 'sex'),
    total: c.value,
  }));
  const table = rows.map((r) => EDUCATION_BY_AGE[r.age].map((seed) => seed * r.total));
  for (let sweep = 0; sweep < 1000; sweep++) {
    let worst = 0;
    EDUCATION_LEVELS.forEach((level, j) => {
      const sum = table.reduce((s, row) => s + (row[j] ?? 0), 0);
      const target = eduTotals.get(level) ?? 0;
      for (const row of table) row[j] = sum > 0 ? ((row[j] ?? 0) * target) / sum : 0;
    });
    rows.forEach((r, i) => {
      const row = table[i] ?? [];
      const sum = row.reduce((s, v) => s + v, 0);
      worst = Math.max(worst, Math.abs(sum - r.total) / total);
      for (let j = 0; j < row.length; j++) row[j] = sum > 0 ? ((row[j] ?? 0) * r.total) / sum : 0;
    });
    if (worst < 1e-13) break;
  }
  return rows.flatMap((r, i) =>
    EDUCATION_LEVELS.map((education, j) => ({ age: r.age, sex: r.sex, education, population: table[i]?.[j] ?? 0 })),
  );
}
