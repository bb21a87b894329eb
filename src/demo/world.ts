/**
 * The simulated world of the demo: the flagship study's countries with their real adult
 * populations, each adult answering by the model of model.ts, calibrated to the published figures
 * of targets.ts, moving between waves by `DRIFT`, with the campaigns of campaigns.ts.
 *
 * Its known truths (`truth`, `counterfactual`, `campaign`) are what the demo's estimates are
 * checked against: the population value of each indicator per country × wave, and per region and
 * for the world as the adult-population-weighted mean of the countries (as Gallup aggregates).
 */
import { findQuestion, waveInstrument, type Study, type WaveCountry } from '../instrument/index.ts';
import { MESSAGE_EFFECTS, SIMULATED_CAMPAIGNS, campaignIn, type SimulatedCampaign } from './campaigns.ts';
import {
  countryWaveModel,
  expectedBetter,
  expectedMai,
  expectedMig,
  expectedSloganRecall,
  expit,
  logit,
  populationMean,
  solveIncreasing,
  solveMaiIntercept,
  type CountryWaveModel,
  type MigShares,
} from './model.ts';
import { populationCells, type Cell } from './population.ts';
import { REALISTIC_DRIFT, type Scenario } from './scenario.ts';
import {
  DRIFT,
  MIG_ANSWERS,
  PRIOR_DECREASE,
  PRIOR_REST_SPLIT,
  PUBLISHED_DECREASE,
  PUBLISHED_MAI,
  PUBLISHED_WORLD_DISTRIBUTION,
  SIMULATED_WAVES,
  illustrativeMai,
  type SimulatedWave,
} from './targets.ts';

export const TRUTH_INDICATORS = [
  'wantsDecrease',
  'wantsKept',
  'wantsIncrease',
  'migrantAcceptanceIndex',
  'campaignAware',
  'saysImmigrantsMakeBetter',
] as const;
export type TruthIndicator = (typeof TRUTH_INDICATORS)[number];
export type TruthGeography =
  | { readonly kind: 'country'; readonly iso3: string }
  | { readonly kind: 'region'; readonly region: string }
  | { readonly kind: 'world' };

export interface SimulatedCountry {
  readonly iso3: string;
  readonly name: string;
  readonly region: string;
  readonly population: number;
  readonly cells: readonly Cell[];
}

export interface SimulatedWorld {
  readonly study: Study;
  /** Who answers and how the countries move (scenario.ts); the population model is the same in both. */
  readonly scenario: Scenario;
  readonly countries: readonly SimulatedCountry[];
  readonly campaigns: readonly SimulatedCampaign[];
  /** The answer model of a country in a wave. */
  model(iso3: string, wave: string): CountryWaveModel;
  /** The true population value; `null` where the wave's instrument does not ask the question. */
  truth(indicator: TruthIndicator, where: TruthGeography, wave: string): number | null;
  /** The value without any campaign (equal to `truth` outside campaign countries and waves). */
  counterfactual(indicator: TruthIndicator, where: TruthGeography, wave: string): number | null;
  /**
   * The true share saying "yes" to a slogan (a SLOGAN_SEEN item) — the campaign's aware recall
   * it, everyone else guesses at the false-recall rate — or `null` where the wave does not ask it.
   */
  sloganRecall(item: string, where: TruthGeography, wave: string): number | null;
  /**
   * The true share saying immigrants make the country a better place had everyone been assigned
   * `arm` of the message experiment (`MESSAGE_EFFECTS`); `null` where the wave does not ask it.
   * `truth('saysImmigrantsMakeBetter', …)` is the mean over the arms (they are balanced).
   */
  armTruth(arm: string, where: TruthGeography, wave: string): number | null;
}

function waveIndex(wave: string): number {
  const i = SIMULATED_WAVES.findIndex((w) => w === wave);
  if (i < 0) throw new Error(`the simulated world has no wave ${wave} (${SIMULATED_WAVES.join(', ')})`);
  return i;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(what);
  return value;
}

/** 2022 decrease shares: published where published, priors shifted to meet the published regional and world figures. */
function calibrateDecrease(countries: readonly SimulatedCountry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of countries) {
    const published = PUBLISHED_DECREASE.countries[c.iso3];
    if (published !== undefined) out.set(c.iso3, published);
  }
  const prior = (c: SimulatedCountry) =>
    must(PRIOR_DECREASE[c.iso3], `no published or prior share wanting decrease for ${c.iso3}`);
  const shiftTo = (group: readonly SimulatedCountry[], target: number, totalOver: readonly SimulatedCountry[]) => {
    const free = group.filter((c) => !out.has(c.iso3));
    const fixed = totalOver
      .filter((c) => out.has(c.iso3))
      .reduce((s, c) => s + c.population * (out.get(c.iso3) ?? 0), 0);
    const total = totalOver.reduce((s, c) => s + c.population, 0);
    const mean = (shift: number) =>
      (fixed + free.reduce((s, c) => s + c.population * expit(logit(prior(c)) + shift), 0)) / total;
    const shift = solveIncreasing(mean, target, -10, 10);
    for (const c of free) out.set(c.iso3, expit(logit(prior(c)) + shift));
  };
  for (const [region, target] of Object.entries(PUBLISHED_DECREASE.regions)) {
    const members = countries.filter((c) => c.region === region);
    if (members.length > 0) shiftTo(members, target, members);
  }
  shiftTo(countries, PUBLISHED_DECREASE.world, countries);
  return out;
}

/** 2022 answer shares per country: decrease as calibrated, the rest split by IPF to the published world distribution. */
function calibrateShares(countries: readonly SimulatedCountry[]): Map<string, MigShares> {
  const decrease = calibrateDecrease(countries);
  const rest = ['present_level', 'increased', 'dont_know'] as const;
  const table = countries.map((c) => {
    const split = must(PRIOR_REST_SPLIT[c.region], `no prior split for region ${c.region}`);
    const left = c.population * (1 - (decrease.get(c.iso3) ?? 0));
    const sum = split[0] + split[1] + split[2];
    return split.map((s) => (left * s) / sum);
  });
  const total = countries.reduce((s, c) => s + c.population, 0);
  for (let sweep = 0; sweep < 10_000; sweep++) {
    rest.forEach((answer, j) => {
      const sum = table.reduce((s, row) => s + (row[j] ?? 0), 0);
      for (const row of table) row[j] = ((row[j] ?? 0) * PUBLISHED_WORLD_DISTRIBUTION[answer] * total) / sum;
    });
    let worst = 0;
    countries.forEach((c, i) => {
      const row = must(table[i], 'row');
      const left = c.population * (1 - (decrease.get(c.iso3) ?? 0));
      const sum = row.reduce((s, v) => s + v, 0);
      worst = Math.max(worst, Math.abs(sum - left) / total);
      for (let j = 0; j < row.length; j++) row[j] = ((row[j] ?? 0) * left) / sum;
    });
    if (worst < 1e-14) break;
  }
  return new Map(
    countries.map((c, i) => {
      const row = must(table[i], 'row');
      const shares = {
        decreased: decrease.get(c.iso3) ?? 0,
        present_level: (row[0] ?? 0) / c.population,
        increased: (row[1] ?? 0) / c.population,
        dont_know: (row[2] ?? 0) / c.population,
      };
      return [c.iso3, shares];
    }),
  );
}

/** The MIG_LEVEL target of a wave: the 2022 shares with the decrease moved by the drifts so far, the rest rescaled. */
function driftedShares(iso3: string, base: MigShares, wave: string, scenario: Scenario): MigShares {
  const steps = (scenario === 'realistic' ? REALISTIC_DRIFT[iso3] : undefined) ?? DRIFT[iso3] ?? [0, 0];
  let decreased = base.decreased;
  for (let i = 0; i < waveIndex(wave); i++) decreased += (steps[i] ?? 0) / 100;
  const scale = (1 - decreased) / (1 - base.decreased);
  return {
    decreased,
    present_level: base.present_level * scale,
    increased: base.increased * scale,
    dont_know: base.dont_know * scale,
  };
}

function asks(study: Study, wave: string, code: string): boolean {
  return findQuestion(waveInstrument(study, wave), code) !== undefined;
}

function asksSlogan(study: Study, wave: string, item: string): boolean {
  const q = findQuestion(waveInstrument(study, wave), 'SLOGAN_SEEN');
  return q?.kind === 'grid' && q.items.some((i) => i.code === item);
}

function armEffect(arm: string): number {
  return must(
    MESSAGE_EFFECTS[arm],
    `the simulated message experiment has no arm ${arm} (${Object.keys(MESSAGE_EFFECTS).join(', ')})`,
  );
}

/** Builds the simulated world over the study's countries (those of its first wave, the same in every wave). */
export function simulatedWorld(
  study: Study,
  campaigns: readonly SimulatedCampaign[] = SIMULATED_CAMPAIGNS,
  scenario: Scenario = 'textbook',
): SimulatedWorld {
  const first = must(study.waves[0], `study ${study.id} has no wave`);
  for (const w of SIMULATED_WAVES)
    if (!study.waves.some((sw) => sw.id === w)) throw new Error(`study ${study.id} has no wave ${w}`);
  const countries: SimulatedCountry[] = first.countries.map((c: WaveCountry) => ({
    iso3: c.iso3,
    name: c.name,
    region: c.region,
    population: c.adultPopulation.value,
    cells: populationCells(c),
  }));
  const byIso = new Map(countries.map((c) => [c.iso3, c]));
  const country = (iso3: string) => must(byIso.get(iso3), `the simulated world has no country ${iso3}`);
  const baseline = calibrateShares(countries);
  const maiIntercepts = new Map<string, number>();
  const maiIntercept = (c: SimulatedCountry) => {
    let b = maiIntercepts.get(c.iso3);
    if (b === undefined) {
      const shares = must(baseline.get(c.iso3), c.iso3);
      b = solveMaiIntercept(c.cells, shares, PUBLISHED_MAI[c.iso3] ?? illustrativeMai(shares.decreased));
      maiIntercepts.set(c.iso3, b);
    }
    return b;
  };
  const models = new Map<string, CountryWaveModel>();
  const model = (iso3: string, wave: string, withCampaign = true): CountryWaveModel => {
    const key = `${iso3}|${wave}|${withCampaign}`;
    let m = models.get(key);
    if (!m) {
      const c = country(iso3);
      const target = driftedShares(iso3, must(baseline.get(iso3), iso3), wave, scenario);
      m = countryWaveModel(
        c.cells,
        target,
        maiIntercept(c),
        withCampaign ? campaignIn(campaigns, iso3, wave) : undefined,
      );
      models.set(key, m);
    }
    return m;
  };
  type Measure = TruthIndicator | { readonly slogan: string } | { readonly arm: string };
  const countryValue = (indicator: Measure, iso3: string, wave: string, withCampaign: boolean): number | null => {
    const m = model(iso3, wave, withCampaign);
    if (typeof indicator === 'object') {
      if ('slogan' in indicator) {
        if (!asksSlogan(study, wave, indicator.slogan)) return null;
        const live = m.campaign?.slogan?.item === indicator.slogan;
        return populationMean(m.cells, (c) => expectedSloganRecall(c, live));
      }
      const effect = armEffect(indicator.arm);
      return asks(study, wave, 'MSG_BETTER_PLACE') ? populationMean(m.cells, (c) => expectedBetter(c, effect)) : null;
    }
    switch (indicator) {
      case 'wantsDecrease':
        return populationMean(m.cells, (c) => expectedMig(c, 'decreased'));
      case 'wantsKept':
        return populationMean(m.cells, (c) => expectedMig(c, 'present_level'));
      case 'wantsIncrease':
        return populationMean(m.cells, (c) => expectedMig(c, 'increased'));
      case 'migrantAcceptanceIndex':
        return populationMean(m.cells, expectedMai);
      case 'campaignAware':
        return asks(study, wave, 'CAMPAIGN_SEEN') ? populationMean(m.cells, (c) => c.aware) : null;
      case 'saysImmigrantsMakeBetter': {
        if (!asks(study, wave, 'MSG_BETTER_PLACE')) return null;
        const arms = Object.values(MESSAGE_EFFECTS);
        return populationMean(m.cells, (c) => arms.reduce((s, e) => s + expectedBetter(c, e), 0) / arms.length);
      }
    }
  };
  const value = (indicator: Measure, where: TruthGeography, wave: string, withCampaign: boolean): number | null => {
    waveIndex(wave);
    if (where.kind === 'country') return countryValue(indicator, country(where.iso3).iso3, wave, withCampaign);
    const members = where.kind === 'world' ? countries : countries.filter((c) => c.region === where.region);
    if (members.length === 0)
      throw new Error(`the simulated world has no region ${where.kind === 'region' ? where.region : ''}`);
    let num = 0;
    let den = 0;
    for (const c of members) {
      const v = countryValue(indicator, c.iso3, wave, withCampaign);
      if (v === null) return null;
      num += c.population * v;
      den += c.population;
    }
    return num / den;
  };
  return {
    study,
    scenario,
    countries,
    campaigns,
    model: (iso3, wave) => model(iso3, wave, true),
    truth: (indicator, where, wave) => value(indicator, where, wave, true),
    counterfactual: (indicator, where, wave) => value(indicator, where, wave, false),
    sloganRecall: (item, where, wave) => value({ slogan: item }, where, wave, true),
    armTruth: (arm, where, wave) => value({ arm }, where, wave, true),
  };
}

export { MIG_ANSWERS, SIMULATED_WAVES, type SimulatedWave };
