/**
 * The demo world's answers to the perception question (MIG_SHARE_GUESS, instrument v4): how many
 * of every 100 people living in the country adults think were born abroad, beside the official
 * figure (the study's `foreignBornShare` reference series).
 *
 * What the literature reports, and what the parameters make of it:
 * - Alesina, Miano and Stantcheva (2023), "Immigration and Redistribution", Review of Economic
 *   Studies 90(1): in all six countries surveyed respondents overestimate the immigrant share, on
 *   average by a factor of about two or more (the United States: a mean estimate of about 36%
 *   against about 10%), and more so without a college degree.
 * - Ipsos, "Perils of Perception" (annual, many countries): the same overestimation almost
 *   everywhere, including where the true share is small.
 *
 * Model: an adult of education e in a country with true share A (percent) answers a whole number k
 * in 0–100 drawn from a normal centred on `FLOOR + SCALE[e] · A` with SD `SPREAD`, discretised to
 * the whole numbers 0–100 (P(k) ∝ exp(−(k − μ)² / 2σ²), k = 0…100, so the truncation at 0 and 100
 * is exact). With A = 15 (the United States) that is a mean near 33 for adults with secondary
 * education and 30 with tertiary: about twice the truth, more without a degree. "Don't know" is
 * more common without any secondary education (`DONT_KNOW`); refusals are rare and independent of
 * everything. The truths (`perceptionTruth`) are the exact expectations of that distribution among
 * those who give a number, so the estimates can be checked against them.
 */
import type { Cell, Education } from './population.ts';

/** Points everyone adds, whatever the true share (Ipsos: small shares are overestimated too). */
export const FLOOR = 10;
/** How the true share is scaled, by education: more without a degree (Alesina, Miano and Stantcheva 2023). */
export const SCALE: Readonly<Record<Education, number>> = { primary_or_less: 1.9, secondary: 1.6, tertiary: 1.3 };
/** SD of the answers within a cell, in points. */
export const SPREAD = 12;
/** "Don't know" rate by education; refusals. */
export const DONT_KNOW: Readonly<Record<Education, number>> = {
  primary_or_less: 0.12,
  secondary: 0.07,
  tertiary: 0.04,
};
export const REFUSE_GUESS = 0.01;

const tables = new Map<string, Float64Array>();

/** P(k) for k = 0…100 of a cell's answers (cumulative), for a true share `actual`. */
function cumulative(education: Education, actual: number): Float64Array {
  const key = `${education}|${actual}`;
  let cdf = tables.get(key);
  if (cdf) return cdf;
  const mu = FLOOR + SCALE[education] * actual;
  const p = Float64Array.from({ length: 101 }, (_, k) => Math.exp(-((k - mu) ** 2) / (2 * SPREAD * SPREAD)));
  const total = p.reduce((s, x) => s + x, 0);
  cdf = new Float64Array(101);
  let run = 0;
  p.forEach((x, k) => {
    run += x / total;
    cdf[k] = run;
  });
  tables.set(key, cdf);
  return cdf;
}

/** A respondent's answer: a whole number 0–100, or don't know / refused. */
export function simulateGuess(
  cell: Cell,
  actual: number,
  random: () => number,
): number | { readonly missing: 'dont_know' | 'refused' } {
  const u = random();
  if (u < REFUSE_GUESS) return { missing: 'refused' };
  if (u < REFUSE_GUESS + DONT_KNOW[cell.education]) return { missing: 'dont_know' };
  const cdf = cumulative(cell.education, actual);
  const v = random();
  let k = 0;
  while (k < 100 && (cdf[k] ?? 1) < v) k++;
  return k;
}

export type PerceptionMeasure = 'perceived' | 'gap' | 'overestimate';

/** The exact mean of a measure in a cell among those who give a number. */
function cellValue(education: Education, actual: number, measure: PerceptionMeasure, margin: number): number {
  const cdf = cumulative(education, actual);
  let mean = 0;
  let over = 0;
  let previous = 0;
  cdf.forEach((c, k) => {
    mean += k * (c - previous);
    if (k - actual > margin) over += c - previous;
    previous = c;
  });
  return measure === 'perceived' ? mean : measure === 'gap' ? mean - actual : over;
}

/**
 * The population value of a measure over `cells` (a country's, or a subgroup of them) whose true
 * share is `actual`: each cell counts with its adults who give a number (the indicators' base).
 */
export function perceptionTruth(
  cells: readonly Cell[],
  actual: number,
  measure: PerceptionMeasure,
  margin = 10,
): number {
  let num = 0;
  let den = 0;
  for (const c of cells) {
    const answering = c.population * (1 - REFUSE_GUESS - DONT_KNOW[c.education]);
    num += answering * cellValue(c.education, actual, measure, margin);
    den += answering;
  }
  return num / den;
}
