/**
 * How a simulated adult answers, by country, wave, age group, sex and education — and what that
 * makes the true population values (`world.ts` assembles them).
 *
 * MIG_LEVEL is a multinomial logit against "present level": age and education shift the log-odds
 * as the literature reports (older and less educated adults want fewer migrants, more often say
 * they don't know; IOM 2015 ch. 3; Esipova et al. 2018), with one intercept per answer, country
 * and wave solved so that the population shares equal the country's target shares exactly. The
 * Migrant Acceptance Index items are "good" with a logistic probability that rises with youth and
 * education and depends on the adult's MIG_LEVEL answer (so the two measures correlate), with one
 * intercept per country solved so the 2022 index equals its target; 2024 and 2026 follow from the
 * changed MIG_LEVEL answers. Refusals are independent of everything, so they leave every truth
 * unchanged (every base excludes refused).
 */
import type { SimulatedCampaign } from './campaigns.ts';
import { FALSE_RECALL, SLOGAN_FALSE_RECALL, SLOGAN_RECALL_AWARE } from './campaigns.ts';
import type { AgeGroup, Cell, Education, Sex } from './population.ts';
import { MIG_ANSWERS, type MigAnswer } from './targets.ts';

const DEC_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': -0.25, '30-44': -0.1, '45-64': 0.1, '65+': 0.3 };
const DEC_EDU: Readonly<Record<Education, number>> = { primary_or_less: 0.7, secondary: 0.1, tertiary: -0.9 };
const DEC_SEX: Readonly<Record<Sex, number>> = { female: -0.05, male: 0.05 };
const INC_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': 0.3, '30-44': 0.1, '45-64': -0.1, '65+': -0.3 };
const INC_EDU: Readonly<Record<Education, number>> = { primary_or_less: -0.2, secondary: 0, tertiary: 0.3 };
const DK_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': 0, '30-44': 0, '45-64': 0, '65+': 0.2 };
const DK_EDU: Readonly<Record<Education, number>> = { primary_or_less: 0.5, secondary: 0, tertiary: -0.5 };

/** Campaign recall: younger and more educated adults notice campaigns more often. */
const AWARE_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': 0.6, '30-44': 0.3, '45-64': -0.1, '65+': -0.6 };
const AWARE_EDU: Readonly<Record<Education, number>> = { primary_or_less: -0.6, secondary: 0, tertiary: 0.5 };

export const MAI_ITEMS = ['MAI_LIVE', 'MAI_NEIGHBOR', 'MAI_MARRY'] as const;
export type MaiItem = (typeof MAI_ITEMS)[number];
/** The closer the proximity, the fewer say "good" (world 2016: 54%, 50%, 44%). */
const MAI_ITEM: Readonly<Record<MaiItem, number>> = { MAI_LIVE: 0.35, MAI_NEIGHBOR: 0.15, MAI_MARRY: -0.5 };
const MAI_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': 0.3, '30-44': 0.1, '45-64': -0.1, '65+': -0.4 };
const MAI_EDU: Readonly<Record<Education, number>> = { primary_or_less: -0.4, secondary: 0, tertiary: 0.5 };
const MAI_MIG: Readonly<Record<MigAnswer, number>> = {
  decreased: -1.2,
  present_level: 0,
  increased: 0.6,
  dont_know: -0.2,
};
/** Item answers other than good/bad: "it depends" and "don't know" (each scores 1). */
export const MAI_DEPENDS = 0.06;
export const MAI_DONT_KNOW = 0.02;
const MAI_GOOD_OR_BAD = 1 - MAI_DEPENDS - MAI_DONT_KNOW;
/** CAMPAIGN_SEEN "don't know" among those not aware. */
export const CAMPAIGN_DONT_KNOW = 0.03;

export const expit = (x: number) => 1 / (1 + Math.exp(-x));
export const logit = (p: number) => Math.log(p / (1 - p));

export type MigShares = Readonly<Record<MigAnswer, number>>;

/** One cell's answer probabilities (among adults who do not refuse). */
export interface CellModel {
  readonly cell: Cell;
  /** Probability of recalling a campaign (CAMPAIGN_SEEN yes). */
  readonly aware: number;
  /** MIG_LEVEL answer probabilities of the unaware and of the aware (equal unless a campaign had an effect). */
  readonly migUnaware: MigShares;
  readonly migAware: MigShares;
  /** Probability an item is "good" given the MIG_LEVEL answer. */
  readonly maiGood: (item: MaiItem, mig: MigAnswer) => number;
}

function migShares(cell: Cell, a: { decreased: number; increased: number; dont_know: number }): MigShares {
  const e = {
    decreased: Math.exp(a.decreased + DEC_AGE[cell.age] + DEC_EDU[cell.education] + DEC_SEX[cell.sex]),
    present_level: 1,
    increased: Math.exp(a.increased + INC_AGE[cell.age] + INC_EDU[cell.education]),
    dont_know: Math.exp(a.dont_know + DK_AGE[cell.age] + DK_EDU[cell.education]),
  };
  const sum = e.decreased + e.present_level + e.increased + e.dont_know;
  return {
    decreased: e.decreased / sum,
    present_level: e.present_level / sum,
    increased: e.increased / sum,
    dont_know: e.dont_know / sum,
  };
}

/** Population-weighted mean of `f` over cells. */
export function populationMean<T extends { readonly cell: Cell }>(items: readonly T[], f: (item: T) => number): number {
  let num = 0;
  let den = 0;
  for (const item of items) {
    num += item.cell.population * f(item);
    den += item.cell.population;
  }
  return num / den;
}

/** The intercepts that make the population shares equal `target` (a log-linear fit: exact at convergence). */
function solveMigIntercepts(
  cells: readonly Cell[],
  target: MigShares,
): { decreased: number; increased: number; dont_know: number } {
  const a = { decreased: logit(target.decreased), increased: 0, dont_know: 0 };
  for (let iter = 0; iter < 2000; iter++) {
    const items = cells.map((cell) => ({ cell, shares: migShares(cell, a) }));
    const mean = (k: MigAnswer) => populationMean(items, (i) => i.shares[k]);
    const m = {
      decreased: mean('decreased'),
      present_level: mean('present_level'),
      increased: mean('increased'),
      dont_know: mean('dont_know'),
    };
    const worst = Math.max(...MIG_ANSWERS.map((k) => Math.abs(m[k] - target[k])));
    if (worst < 1e-13) return a;
    const ref = Math.log(target.present_level / m.present_level);
    a.decreased += Math.log(target.decreased / m.decreased) - ref;
    a.increased += Math.log(target.increased / m.increased) - ref;
    a.dont_know += Math.log(target.dont_know / m.dont_know) - ref;
  }
  throw new Error(`MIG_LEVEL intercepts did not converge for target ${JSON.stringify(target)}`);
}

/** Root of an increasing function on [lo, hi] by bisection (to 1e-12). */
export function solveIncreasing(f: (x: number) => number, target: number, lo = -30, hi = 30): number {
  if (f(lo) > target || f(hi) < target) throw new Error(`target ${target} is outside [${f(lo)}, ${f(hi)}]`);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function awareness(cells: readonly Cell[], share: number): number[] {
  const items = cells.map((cell) => ({ cell }));
  const at = (alpha: number) => (c: Cell) => expit(alpha + AWARE_AGE[c.age] + AWARE_EDU[c.education]);
  const alpha = solveIncreasing((x) => populationMean(items, (i) => at(x)(i.cell)), share);
  return cells.map(at(alpha));
}

/** The aware's MIG_LEVEL shares after a campaign with effect `effect` on the population decreased share. */
function treated(shares: MigShares, factor: number): MigShares {
  const freed = shares.decreased * factor;
  return {
    ...shares,
    decreased: shares.decreased - freed,
    present_level: shares.present_level + 0.7 * freed,
    increased: shares.increased + 0.3 * freed,
  };
}

export interface CountryWaveModel {
  readonly cells: readonly CellModel[];
  /** The campaign measured in this country and wave, if any (its slogan is recalled by the aware). */
  readonly campaign?: SimulatedCampaign | undefined;
  /** The MIG_LEVEL target without any campaign (the counterfactual). */
  readonly counterfactual: MigShares;
}

/**
 * The answer model of one country in one wave: MIG_LEVEL matches `target` (the counterfactual)
 * before any campaign effect; `maiIntercept` is the country's MAI intercept (from `solveMaiIntercept`).
 */
export function countryWaveModel(
  cells: readonly Cell[],
  target: MigShares,
  maiIntercept: number,
  campaign: SimulatedCampaign | undefined,
): CountryWaveModel {
  const a = solveMigIntercepts(cells, target);
  const aware = awareness(cells, campaign ? campaign.awareness : FALSE_RECALL);
  const base = cells.map((cell) => migShares(cell, a));
  let factor = 0;
  if (campaign && campaign.effect !== 0) {
    const reachable =
      cells.reduce((s, c, i) => s + c.population * (aware[i] ?? 0) * (base[i]?.decreased ?? 0), 0) /
      cells.reduce((s, c) => s + c.population, 0);
    factor = -campaign.effect / reachable;
    if (factor < 0 || factor > 1)
      throw new Error(
        `campaign ${campaign.id}: an effect of ${campaign.effect} cannot come from ${campaign.awareness} awareness`,
      );
  }
  const models = cells.map((cell, i) => {
    const mig = base[i] ?? target;
    const maiCell = maiIntercept + MAI_AGE[cell.age] + MAI_EDU[cell.education];
    return {
      cell,
      aware: aware[i] ?? 0,
      migUnaware: mig,
      migAware: factor === 0 ? mig : treated(mig, factor),
      maiGood: (item: MaiItem, answer: MigAnswer) =>
        MAI_GOOD_OR_BAD * expit(maiCell + MAI_ITEM[item] + MAI_MIG[answer]),
    };
  });
  return { cells: models, counterfactual: target, campaign };
}

/** Expected index (0–9) of one adult of a cell, over their MIG_LEVEL answer. */
export function expectedMai(m: CellModel): number {
  let total = 0;
  for (const [weight, shares] of [
    [1 - m.aware, m.migUnaware],
    [m.aware, m.migAware],
  ] as const) {
    for (const answer of MIG_ANSWERS) {
      let score = 0;
      for (const item of MAI_ITEMS) score += 3 * m.maiGood(item, answer) + (MAI_DEPENDS + MAI_DONT_KNOW);
      total += weight * shares[answer] * score;
    }
  }
  return total;
}

/** Expected MIG_LEVEL share of one cell for `answer`, over awareness. */
export function expectedMig(m: CellModel, answer: MigAnswer): number {
  return (1 - m.aware) * m.migUnaware[answer] + m.aware * m.migAware[answer];
}

/** The MAI intercept that makes the country's index equal `target` given its MIG_LEVEL target (no campaign). */
export function solveMaiIntercept(cells: readonly Cell[], target: MigShares, mai: number): number {
  const a = solveMigIntercepts(cells, target);
  const items = cells.map((cell) => ({ cell, shares: migShares(cell, a) }));
  const index = (b: number) =>
    populationMean(items, ({ cell, shares }) =>
      MIG_ANSWERS.reduce((sum, answer) => {
        const good = MAI_ITEMS.reduce(
          (s, item) =>
            s +
            MAI_GOOD_OR_BAD * expit(b + MAI_AGE[cell.age] + MAI_EDU[cell.education] + MAI_ITEM[item] + MAI_MIG[answer]),
          0,
        );
        return sum + shares[answer] * (3 * good + MAI_ITEMS.length * (MAI_DEPENDS + MAI_DONT_KNOW));
      }, 0),
    );
  return solveIncreasing(index, mai, -20, 20);
}

/** MSG_BETTER_PLACE "don't know", and the share of the rest (after "better") saying "no difference" rather than "worse". */
export const BETTER_PLACE_DONT_KNOW = 0.05;
const BETTER_PLACE_NO_DIFFERENCE = 0.35;

export type BetterPlaceAnswer = 'better' | 'no_difference' | 'worse' | 'dont_know';

/**
 * MSG_BETTER_PLACE answer probabilities of an adult of a cell with MIG_LEVEL answer `mig`, after
 * a message with effect `effect` (probability points added to "better", taken from "no
 * difference" and "worse" in proportion). Without a message "better" is 0.8 × the chance of
 * saying migrants living here is good (at most 0.74), so there is always room for the effect.
 */
export function betterPlace(m: CellModel, mig: MigAnswer, effect: number): Readonly<Record<BetterPlaceAnswer, number>> {
  const better = 0.8 * m.maiGood('MAI_LIVE', mig);
  const rest = 1 - BETTER_PLACE_DONT_KNOW - better - effect;
  if (rest < 0) throw new Error(`a message effect of ${effect} leaves no room in a cell where ${better} say better`);
  return {
    better: better + effect,
    no_difference: BETTER_PLACE_NO_DIFFERENCE * rest,
    worse: (1 - BETTER_PLACE_NO_DIFFERENCE) * rest,
    dont_know: BETTER_PLACE_DONT_KNOW,
  };
}

/** Expected share of a cell saying "better" after a message with effect `effect`, over awareness and MIG_LEVEL. */
export function expectedBetter(m: CellModel, effect: number): number {
  let total = 0;
  for (const [weight, shares] of [
    [1 - m.aware, m.migUnaware],
    [m.aware, m.migAware],
  ] as const) {
    for (const answer of MIG_ANSWERS) total += weight * shares[answer] * betterPlace(m, answer, effect).better;
  }
  return total;
}

/** Probability an adult says "yes" to a slogan: `live` when the slogan's campaign is measured here and now. */
export function sloganYes(aware: boolean, live: boolean): number {
  return live && aware ? SLOGAN_RECALL_AWARE : SLOGAN_FALSE_RECALL;
}

/** Expected share of a cell saying "yes" to a slogan (see `sloganYes`). */
export function expectedSloganRecall(m: CellModel, live: boolean): number {
  return live ? m.aware * SLOGAN_RECALL_AWARE + (1 - m.aware) * SLOGAN_FALSE_RECALL : SLOGAN_FALSE_RECALL;
}
