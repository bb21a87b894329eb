/**
 * The demo world's perceptions (src/demo/perception.ts) against their known truth: the planned
 * 2028 wave (instrument v4) at full size — 1,000 simulated respondents in each of the 51
 * countries, textbook scenario — weighted and estimated by the pipeline in memory (computeWeights,
 * waveSeries; no database, so the test stays a few seconds). The 95% intervals of the
 * misperception gap and of the overestimate share cover the simulated truth (the exact expectation
 * of the answer model among those who give a number) in 93–97% of the country cells: all adults
 * and each education level with at least the study's minimum n.
 */
import { describe, expect, it } from 'vitest';
import { computeWeights, waveSeries, type SeriesPoint } from '../../src/indicators/index.ts';
import { SIMULATED_CAMPAIGNS } from '../../src/demo/campaigns.ts';
import { perceptionTruth, type PerceptionMeasure } from '../../src/demo/perception.ts';
import { foreignBornShare, plannedRespondents } from '../../src/demo/plan.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import { validateAnswers, waveInstrument } from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';

const WAVE = 'mp-2028';
const MEASURES: Readonly<Record<string, PerceptionMeasure>> = {
  migrantShareGap: 'gap',
  overestimatesMigrantShare: 'overestimate',
};

describe('the demo world’s perceptions against their known truth', () => {
  it('overestimate as the literature reports, more without a degree, and the intervals cover the truth in 93–97% of country cells', () => {
    const world = simulatedWorld(study, SIMULATED_CAMPAIGNS, 'textbook');
    const starts = new Map(world.countries.map((c) => [c.iso3, 1000]));
    let id = 0;
    const instrument = waveInstrument(study, WAVE);
    // Each simulated answer set validated by the instrument, as the collection service validates a save.
    const responses = [...plannedRespondents(world, WAVE, starts, 'perception-coverage')].map((p) => {
      const checked = validateAnswers(instrument, p.respondent.answers, { mode: 'partial' });
      if (!checked.ok) throw new Error(`invalid simulated answers: ${JSON.stringify(checked.errors)}`);
      return { id: ++id, answers: checked.answers, mode: 'web' as const };
    });
    const subset = { ...study, indicators: study.indicators.filter((i) => i.id in MEASURES) };
    const { countries } = computeWeights(subset, WAVE, responses);
    const wave = { id: 'wave', studyId: 'study', code: WAVE, year: 2028 };
    const points = waveSeries(subset, wave, 'run', countries, responses).points.filter(
      (p): p is SeriesPoint & { geography: { kind: 'country'; iso3: string } } =>
        p.geography.kind === 'country' && (p.subgroup === null || p.subgroup.variable === 'education'),
    );
    let cells = 0;
    let covered = 0;
    const misses: string[] = [];
    for (const p of points) {
      const measure = MEASURES[p.indicator];
      const c = world.countries.find((x) => x.iso3 === p.geography.iso3);
      const actual = foreignBornShare(study, p.geography.iso3, WAVE);
      if (!measure || !c || actual === undefined) throw new Error(`no truth for ${p.indicator} ${p.geography.iso3}`);
      if (p.n < study.minimumN || p.ciLow === null || p.ciHigh === null) continue;
      const level = p.subgroup?.level;
      const truth = perceptionTruth(
        c.cells.filter((x) => level === undefined || x.education === level),
        actual,
        measure,
      );
      cells++;
      if (p.ciLow <= truth && truth <= p.ciHigh) covered++;
      else misses.push(`${p.indicator} ${c.iso3} ${level ?? 'all'}: ${truth} outside [${p.ciLow}, ${p.ciHigh}]`);
    }
    const rate = covered / cells;
    console.log(`perception coverage at 1,000/country: ${covered}/${cells} = ${(100 * rate).toFixed(1)}%`);
    expect(cells).toBeGreaterThan(300);
    expect(rate, misses.join('\n')).toBeGreaterThanOrEqual(0.93);
    expect(rate, misses.join('\n')).toBeLessThanOrEqual(0.97);

    // Everyone overestimates on average, by about a factor of two in the United States, more without a degree.
    const usa = world.countries.find((c) => c.iso3 === 'USA');
    const usActual = foreignBornShare(study, 'USA', WAVE);
    if (!usa || usActual === undefined) throw new Error('no United States');
    const perceived = perceptionTruth(usa.cells, usActual, 'perceived');
    expect(perceived / usActual).toBeGreaterThan(1.8);
    expect(perceived / usActual).toBeLessThan(2.6);
    const byEducation = (e: string) =>
      perceptionTruth(
        usa.cells.filter((x) => x.education === e),
        usActual,
        'gap',
      );
    expect(byEducation('primary_or_less')).toBeGreaterThan(byEducation('secondary'));
    expect(byEducation('secondary')).toBeGreaterThan(byEducation('tertiary'));
    for (const c of world.countries)
      expect(
        perceptionTruth(c.cells, foreignBornShare(study, c.iso3, WAVE) ?? Number.NaN, 'gap'),
        c.iso3,
      ).toBeGreaterThan(0);
  });
});
