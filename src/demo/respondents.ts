/**
 * Simulated respondents: who answers online (non-response bias), and what they answer.
 *
 * Who: an adult of a cell starts the survey with a propensity that rises with age and education
 * (`RESPONSE_AGE`, `RESPONSE_EDUCATION`: older and more educated adults are over-represented
 * online, as in most web panels' raw samples), so unweighted estimates are biased and weighting to
 * the age × sex and education margins removes the bias. Some break off (`BREAK_OFF`) before
 * submitting; some refuse or don't know on individual questions.
 */
import { expit, CAMPAIGN_DONT_KNOW, MAI_DEPENDS, MAI_DONT_KNOW, MAI_ITEMS, type CellModel, type CountryWaveModel } from './model.ts';
import type { AgeGroup, Education } from './population.ts';
import { MIG_ANSWERS, type MigAnswer } from './targets.ts';

const RESPONSE_AGE: Readonly<Record<AgeGroup, number>> = { '15-29': -0.4, '30-44': -0.1, '45-64': 0.15, '65+': 0.3 };
const RESPONSE_EDUCATION: Readonly<Record<Education, number>> = { primary_or_less: -1.2, secondary: 0, tertiary: 1 };

/** Share of starters who break off before submitting. */
export const BREAK_OFF = 0.06;
/** Refusal rates, independent of everything (so no truth changes). */
const REFUSE_MIG = 0.01;
const REFUSE_ITEM = 0.005;
const REFUSE_REGION = 0.02;

const AGE_RANGE: Readonly<Record<AgeGroup, readonly [number, number]>> = { '15-29': [15, 29], '30-44': [30, 44], '45-64': [45, 64], '65+': [65, 89] };

export type Random = () => number;

/** Draws an index from unnormalised non-negative weights. */
export function drawIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function draw<T>(items: readonly T[], weights: readonly number[], random: Random): T {
  const item = items[drawIndex(weights, random)];
  if (item === undefined) throw new Error('nothing to draw from');
  return item;
}

/** Cell weights of the online sample: population × response propensity. */
export function samplingWeights(model: CountryWaveModel): number[] {
  return model.cells.map((m) => m.cell.population * Math.exp(RESPONSE_AGE[m.cell.age] + RESPONSE_EDUCATION[m.cell.education]));
}

const missing = (code: 'dont_know' | 'refused') => ({ missing: code });

function migAnswer(shares: Readonly<Record<MigAnswer, number>>, random: Random): MigAnswer {
  return draw(MIG_ANSWERS, MIG_ANSWERS.map((a) => shares[a]), random);
}

function employment(age: AgeGroup, random: Random): string {
  const codes = ['employed_full_time', 'employed_part_time', 'self_employed', 'unemployed', 'not_in_labour_force'];
  const weights = age === '65+' ? [0.05, 0.05, 0.05, 0.01, 0.84] : age === '15-29' ? [0.35, 0.15, 0.08, 0.1, 0.32] : [0.5, 0.12, 0.15, 0.07, 0.16];
  return draw(codes, weights, random);
}

export interface SimulatedRespondent {
  /** Every answer the respondent would give, by question code; a page takes the answers of its questions. */
  readonly answers: Readonly<Record<string, unknown>>;
  /** Breaks off before this page (a block id), or never. */
  readonly breaksOffAt: string | null;
  readonly language: string;
}

/**
 * One respondent of a country in a wave: a cell drawn from the online sample, then answers from
 * the cell's model. `regions` are the REGION option codes of the country; `pages` the blocks a
 * break-off may stop before.
 */
export function simulateRespondent(
  model: CountryWaveModel,
  weights: readonly number[],
  country: { readonly code: string; readonly regions: readonly string[]; readonly language: string },
  pages: readonly string[],
  random: Random,
): SimulatedRespondent {
  const m: CellModel = draw(model.cells, weights, random);
  const [lo, hi] = AGE_RANGE[m.cell.age];
  const aware = random() < m.aware;
  const mig = migAnswer(aware ? m.migAware : m.migUnaware, random);
  const answers: Record<string, unknown> = {
    CONSENT: true,
    COUNTRY: country.code,
    REGION: random() < REFUSE_REGION || country.regions.length === 0 ? missing('refused') : draw(country.regions, country.regions.map(() => 1), random),
    AGE: lo + Math.floor(random() * (hi - lo + 1)),
    SEX: m.cell.sex,
    EDUCATION: m.cell.education,
    EMPLOYMENT: employment(m.cell.age, random),
    MIG_LEVEL: random() < REFUSE_MIG ? missing('refused') : mig === 'dont_know' ? missing('dont_know') : mig,
    MIG_JOBS: draw<unknown>(['jobs_not_wanted', 'jobs_wanted', missing('dont_know'), missing('refused')], [0.55, 0.3, 0.13, 0.02], random),
    KNOWS_MIGRANTS: draw<unknown>(['yes', 'no', missing('dont_know'), missing('refused')], [0.45, 0.5, 0.04, 0.01], random),
    CAMPAIGN_SEEN: random() < REFUSE_ITEM ? missing('refused') : aware ? 'yes' : random() < CAMPAIGN_DONT_KNOW ? missing('dont_know') : 'no',
  };
  for (const item of MAI_ITEMS) {
    const good = m.maiGood(item, mig);
    answers[item] =
      random() < REFUSE_ITEM ? missing('refused') : draw<unknown>(['good', 'bad', 'depends', missing('dont_know')], [good, 1 - MAI_DEPENDS - MAI_DONT_KNOW - good, MAI_DEPENDS, MAI_DONT_KNOW], random);
  }
  if (answers.CAMPAIGN_SEEN === 'yes') {
    const channels = ['tv', 'radio', 'social_media', 'news_websites', 'posters', 'other'];
    const youth = expit(m.cell.age === '15-29' ? 1 : m.cell.age === '65+' ? -1 : 0);
    const where = channels.filter((c, i) => random() < (c === 'social_media' ? youth : i === 0 ? 1 - youth : 0.2));
    answers.CAMPAIGN_WHERE = where.length > 0 ? where : ['tv'];
  }
  const breaksOffAt = random() < BREAK_OFF && pages.length > 0 ? draw(pages, pages.map(() => 1), random) : null;
  return { answers, breaksOffAt, language: country.language };
}
