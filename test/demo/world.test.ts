import { describe, expect, it } from 'vitest';
import {
  MESSAGE_EFFECTS,
  SIMULATED_CAMPAIGNS,
  SLOGAN_FALSE_RECALL,
  SLOGAN_RECALL_AWARE,
} from '../../src/demo/campaigns.ts';
import { armReader } from '../../src/demo/plan.ts';
import { expectedMig, MAI_ITEMS } from '../../src/demo/model.ts';
import { populationCells } from '../../src/demo/population.ts';
import { samplingWeights, simulateRespondent } from '../../src/demo/respondents.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import { validateAnswers, waveInstrument } from '../../src/instrument/index.ts';
import { seededRandom } from '../../src/instrument/random.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';

const world = simulatedWorld(study);
const country = (iso3: string) => ({ kind: 'country', iso3 }) as const;

describe('the simulated world reproduces the published figures it is calibrated to', () => {
  it('IOM (2015): world 34.5%, Europe 52.1%, Northern America 39.3% want immigration decreased (2022 wave)', () => {
    expect(world.truth('wantsDecrease', { kind: 'world' }, 'mp-2022')).toBeCloseTo(0.345, 10);
    expect(world.truth('wantsDecrease', { kind: 'region', region: 'Europe' }, 'mp-2022')).toBeCloseTo(0.521, 10);
    expect(world.truth('wantsDecrease', { kind: 'region', region: 'Northern America' }, 'mp-2022')).toBeCloseTo(
      0.393,
      10,
    );
  });

  it('IOM (2015): the published countries, and the world distribution (21.8% present level, 21.3% increased)', () => {
    const published = { GBR: 0.69, GRC: 0.84, MLT: 0.76, RUS: 0.7, ITA: 0.67, ESP: 0.56, FRA: 0.45, USA: 0.4 };
    for (const [iso3, share] of Object.entries(published))
      expect(world.truth('wantsDecrease', country(iso3), 'mp-2022'), iso3).toBeCloseTo(share, 10);
    expect(world.truth('wantsKept', { kind: 'world' }, 'mp-2022')).toBeCloseTo(0.218, 10);
    expect(world.truth('wantsIncrease', { kind: 'world' }, 'mp-2022')).toBeCloseTo(0.213, 10);
  });

  it('Gallup Migrant Acceptance Index (2016–17): Iceland 8.26, North Macedonia 1.47, Hungary 1.69, Canada 8.14', () => {
    const published = { ISL: 8.26, MKD: 1.47, HUN: 1.69, CAN: 8.14, RWA: 8.16, USA: 7.86 };
    for (const [iso3, mai] of Object.entries(published))
      expect(world.truth('migrantAcceptanceIndex', country(iso3), 'mp-2022'), iso3).toBeCloseTo(mai, 8);
  });

  it('the population table has exactly the study’s margins (UN WPP age × sex, Wittgenstein education)', () => {
    const zaf = study.waves[0]?.countries.find((c) => c.iso3 === 'ZAF');
    if (!zaf) throw new Error('ZAF missing');
    const cells = populationCells(zaf);
    const total = cells.reduce((s, c) => s + c.population, 0);
    expect(total).toBeCloseTo(48092115, 3);
    const female1529 = cells
      .filter((c) => c.sex === 'female' && c.age === '15-29')
      .reduce((s, c) => s + c.population, 0);
    expect(female1529).toBeCloseTo(
      zaf.margins[0]?.cells.find((c) => c.levels.sex === 'female' && c.levels.age_group === '15-29')?.value ?? NaN,
      3,
    );
    const eduShares = zaf.margins[1]?.cells ?? [];
    const eduSum = eduShares.reduce((s, c) => s + c.value, 0);
    for (const level of eduShares) {
      const got =
        cells.filter((c) => c.education === level.levels.education).reduce((s, c) => s + c.population, 0) / total;
      expect(got).toBeCloseTo(level.value / eduSum, 12);
    }
  });
});

describe('the known truths move as stated', () => {
  it('between waves: the United Kingdom down 5 then 4 points, Russia flat, the United States up 3 then 5', () => {
    const at = (iso3: string, wave: string) => world.truth('wantsDecrease', country(iso3), wave) ?? NaN;
    expect(at('GBR', 'mp-2024') - at('GBR', 'mp-2022')).toBeCloseTo(-0.05, 12);
    expect(at('GBR', 'mp-2026') - at('GBR', 'mp-2024')).toBeCloseTo(-0.04, 12);
    expect(at('RUS', 'mp-2026')).toBeCloseTo(at('RUS', 'mp-2022'), 12);
    expect(at('USA', 'mp-2026') - at('USA', 'mp-2022')).toBeCloseTo(0.08, 12);
  });

  it('campaigns: −6 points against the counterfactual in South Africa in 2026, 0 for #MigrationMeans; parallel pre-trends', () => {
    expect(SIMULATED_CAMPAIGNS.map((c) => c.id)).toEqual(['i-am-a-migrant-too', 'migration-means']);
    const zaf = country('ZAF');
    expect(
      (world.truth('wantsDecrease', zaf, 'mp-2026') ?? NaN) -
        (world.counterfactual('wantsDecrease', zaf, 'mp-2026') ?? NaN),
    ).toBeCloseTo(-0.06, 12);
    expect(world.truth('wantsDecrease', zaf, 'mp-2024')).toBe(world.counterfactual('wantsDecrease', zaf, 'mp-2024'));
    for (const iso3 of ['DEU', 'SWE', 'NLD', 'FIN']) {
      expect(world.truth('wantsDecrease', country(iso3), 'mp-2026'), iso3).toBeCloseTo(
        world.counterfactual('wantsDecrease', country(iso3), 'mp-2026') ?? NaN,
        12,
      );
      expect(world.truth('campaignAware', country(iso3), 'mp-2026'), iso3).toBeCloseTo(0.25, 10);
    }
    const change = (iso3: string, from: string, to: string) =>
      (world.counterfactual('wantsDecrease', country(iso3), to) ?? NaN) -
      (world.counterfactual('wantsDecrease', country(iso3), from) ?? NaN);
    for (const control of ['NGA', 'KEN', 'GHA']) {
      expect(change(control, 'mp-2022', 'mp-2024')).toBeCloseTo(change('ZAF', 'mp-2022', 'mp-2024'), 12);
      expect(change(control, 'mp-2024', 'mp-2026')).toBeCloseTo(change('ZAF', 'mp-2024', 'mp-2026'), 12);
    }
  });

  it('awareness: 35% in South Africa after the campaign, 5% false recall elsewhere and before; not asked in 2022', () => {
    expect(world.truth('campaignAware', country('ZAF'), 'mp-2026')).toBeCloseTo(0.35, 10);
    expect(world.truth('campaignAware', country('ZAF'), 'mp-2024')).toBeCloseTo(0.05, 10);
    expect(world.truth('campaignAware', country('BRA'), 'mp-2026')).toBeCloseTo(0.05, 10);
    expect(world.truth('campaignAware', country('BRA'), 'mp-2022')).toBeNull();
  });
});

describe('who the simulated adults are', () => {
  const cells = world.model('FRA', 'mp-2024').cells;
  const find = (age: string, education: string) =>
    cells.find((c) => c.cell.age === age && c.cell.education === education && c.cell.sex === 'female');

  it('older and less educated adults want immigration decreased more often; the young and educated recall campaigns more', () => {
    const young = find('15-29', 'tertiary');
    const old = find('65+', 'primary_or_less');
    if (!young || !old) throw new Error('cells missing');
    expect(expectedMig(old, 'decreased')).toBeGreaterThan(expectedMig(young, 'decreased') + 0.2);
    expect(young.aware).toBeGreaterThan(old.aware);
    expect(old.maiGood(MAI_ITEMS[0], 'present_level')).toBeLessThan(young.maiGood(MAI_ITEMS[0], 'present_level'));
  });

  it('online respondents over-represent older and more educated adults (non-response), so the raw sample is biased', () => {
    const model = world.model('FRA', 'mp-2024');
    const weights = samplingWeights(model);
    const random = seededRandom('world-test');
    const n = 20_000;
    let tertiary = 0;
    for (let i = 0; i < n; i++) {
      const r = simulateRespondent(
        model,
        weights,
        { code: 'fra', regions: ['fra_ouest'], language: 'fr' },
        ['end'],
        random,
      );
      if (r.answers.EDUCATION === 'tertiary') tertiary++;
    }
    const populationTertiary =
      model.cells.filter((c) => c.cell.education === 'tertiary').reduce((s, c) => s + c.cell.population, 0) /
      model.cells.reduce((s, c) => s + c.cell.population, 0);
    expect(tertiary / n).toBeGreaterThan(populationTertiary + 0.15);
  });
});

describe('instrument version 3: slogans and the message experiment (mp-2026)', () => {
  it('aided recall: the aware recall their campaign’s slogan after it, everyone guesses at the false-recall rate otherwise', () => {
    const zaf = country('ZAF');
    const aware = world.truth('campaignAware', zaf, 'mp-2026') ?? NaN;
    expect(world.sloganRecall('I_AM_A_MIGRANT_TOO', zaf, 'mp-2026')).toBeCloseTo(
      aware * SLOGAN_RECALL_AWARE + (1 - aware) * SLOGAN_FALSE_RECALL,
      12,
    );
    expect(world.sloganRecall('I_AM_A_MIGRANT_TOO', zaf, 'mp-2026') ?? 0).toBeGreaterThan(0.25);
    expect(world.sloganRecall('MIGRATION_MEANS', zaf, 'mp-2026')).toBeCloseTo(SLOGAN_FALSE_RECALL, 12);
    expect(world.sloganRecall('MIGRATION_MEANS', country('DEU'), 'mp-2026') ?? 0).toBeGreaterThan(0.2);
    for (const iso3 of ['ZAF', 'DEU', 'BRA'])
      expect(world.sloganRecall('OPEN_HANDS', country(iso3), 'mp-2026'), iso3).toBeCloseTo(SLOGAN_FALSE_RECALL, 12);
    expect(world.sloganRecall('I_AM_A_MIGRANT_TOO', zaf, 'mp-2024')).toBeNull();
  });

  it('the message experiment: story +8 points, fact +4, control 0 on "a better place"; the wave’s truth is the mean over the balanced arms', () => {
    expect(MESSAGE_EFFECTS).toEqual({ story: 0.08, fact: 0.04, control: 0 });
    for (const where of [country('FRA'), country('ZAF'), { kind: 'world' } as const]) {
      const control = world.armTruth('control', where, 'mp-2026') ?? NaN;
      expect(control).toBeGreaterThan(0.05);
      expect(control).toBeLessThan(0.8);
      expect((world.armTruth('story', where, 'mp-2026') ?? NaN) - control).toBeCloseTo(0.08, 12);
      expect((world.armTruth('fact', where, 'mp-2026') ?? NaN) - control).toBeCloseTo(0.04, 12);
      expect(world.truth('saysImmigrantsMakeBetter', where, 'mp-2026')).toBeCloseTo(control + 0.04, 12);
    }
    expect(world.truth('saysImmigrantsMakeBetter', country('FRA'), 'mp-2024')).toBeNull();
  });

  it('every simulated answer to the v3 questions is valid for the instrument, whatever the arm', () => {
    const instrument = waveInstrument(study, 'mp-2026');
    const armOf = armReader(instrument);
    expect(armOf(new Set(['MSG_STORY']))).toBe('story');
    expect(armOf(new Set(['MSG_FACT']))).toBe('fact');
    expect(armOf(new Set(['MAI_LIVE']))).toBe('control');
    const codes = new Set(instrument.blocks.flatMap((b) => b.questions.map((q) => q.code)));
    const asks = { codes, slogans: ['I_AM_A_MIGRANT_TOO', 'MIGRATION_MEANS', 'OPEN_HANDS'] };
    const model = world.model('ZAF', 'mp-2026');
    const weights = samplingWeights(model);
    const random = seededRandom('v3-test');
    let unaidedNamesSlogan = 0;
    for (let i = 0; i < 400; i++) {
      const r = simulateRespondent(model, weights, { code: 'zaf', regions: [], language: 'en' }, ['end'], random, asks);
      if (typeof r.answers.CAMPAIGN_UNAIDED === 'string' && /migrant too/i.test(r.answers.CAMPAIGN_UNAIDED))
        unaidedNamesSlogan++;
      for (const arm of ['story', 'fact', 'control']) {
        const answers = { ...r.answers, ...r.armAnswers[arm], MSG_ARM: arm };
        const result = validateAnswers(instrument, answers, { mode: 'submit' });
        expect(result.ok ? {} : result.errors, `respondent ${i}, arm ${arm}`).toEqual({});
      }
    }
    expect(unaidedNamesSlogan).toBeGreaterThan(10);
  });
});
