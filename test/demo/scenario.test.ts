import { describe, expect, it } from 'vitest';
import { expectedMig } from '../../src/demo/model.ts';
import { samplingWeights, simulateRespondent, urbanShares } from '../../src/demo/respondents.ts';
import type { Scenario } from '../../src/demo/scenario.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import { seededRandom } from '../../src/instrument/random.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';

/** The mechanisms of the realistic scenario (src/demo/scenario.ts), each against a hand calculation or its textbook twin. */
describe('the realistic scenario', () => {
  it('urban adults want a decrease 10 points less often than rural ones, and the mixture keeps the cell', () => {
    const p = { decreased: 0.4, present_level: 0.3, increased: 0.2, dont_know: 0.1 };
    // u = 0.55, Δ = 0.10: urban 0.4 − 0.10 × 0.45 = 0.355, rural 0.4 + 0.10 × 0.55 = 0.455.
    const urban = urbanShares(p, true);
    const rural = urbanShares(p, false);
    expect(urban.decreased).toBeCloseTo(0.355, 12);
    expect(rural.decreased).toBeCloseTo(0.455, 12);
    expect(urban.present_level).toBeCloseTo(0.345, 12);
    expect(rural.present_level).toBeCloseTo(0.245, 12);
    for (const k of ['decreased', 'present_level', 'increased', 'dont_know'] as const)
      expect(0.55 * urban[k] + 0.45 * rural[k]).toBeCloseTo(p[k], 12);
  });

  const draw = (scenario: Scenario, iso3: string, n: number) => {
    const world = simulatedWorld(study, undefined, scenario);
    const model = world.model(iso3, 'mp-2024');
    const weights = samplingWeights(model);
    const random = seededRandom(`scenario-test:${iso3}`);
    return {
      model,
      respondents: Array.from({ length: n }, () =>
        simulateRespondent(
          model,
          weights,
          { code: iso3.toLowerCase(), regions: [], language: 'en' },
          ['a', 'b'],
          random,
          undefined,
          scenario,
        ),
      ),
    };
  };

  it('respondents want a decrease less often than in the textbook sample of the same cells (non-ignorable non-response)', () => {
    const n = 40_000;
    const share = (s: Scenario) =>
      draw(s, 'FRA', n).respondents.filter((r) => r.answers.MIG_LEVEL === 'decreased').length / n;
    // Same cell distribution in both: the response depends on urban/rural and on the answer on top of it.
    expect(share('textbook') - share('realistic')).toBeGreaterThan(0.02);
  });

  it('age and education are refused only in the realistic scenario, more often by the old and the less educated', () => {
    const n = 40_000;
    const refused = (v: unknown) => typeof v === 'object' && v !== null && 'missing' in v;
    expect(
      draw('textbook', 'IND', 2_000).respondents.some((r) => refused(r.answers.AGE) || refused(r.answers.EDUCATION)),
    ).toBe(false);
    const { respondents } = draw('realistic', 'IND', n);
    const share = (code: string) => respondents.filter((r) => refused(r.answers[code])).length / n;
    // AGE: 6% of the 65+ and 2% of others; EDUCATION: 8% of primary or less, 2% of others. In the
    // online sample of India (few 65+, many with primary education) that is between the two rates.
    expect(share('AGE')).toBeGreaterThan(0.02);
    expect(share('AGE')).toBeLessThan(0.06);
    expect(share('EDUCATION')).toBeGreaterThan(0.02);
    expect(share('EDUCATION')).toBeLessThan(0.08);
  });

  it('the #MigrationMeans countries drift apart before the campaign only in the realistic world', () => {
    const textbook = simulatedWorld(study, undefined, 'textbook');
    const realistic = simulatedWorld(study, undefined, 'realistic');
    const step = (w: typeof textbook, iso3: string) =>
      (w.truth('wantsDecrease', { kind: 'country', iso3 }, 'mp-2024') ?? 0) -
      (w.truth('wantsDecrease', { kind: 'country', iso3 }, 'mp-2022') ?? 0);
    expect(step(textbook, 'DEU')).toBeCloseTo(0.02, 12);
    expect(step(realistic, 'DEU')).toBeCloseTo(0.15, 12);
    expect(step(realistic, 'FRA')).toBeCloseTo(0.02, 12);
    // The population model is the same: every cell of a 2022 country answers alike in both worlds.
    const cells = (w: typeof textbook) => w.model('FRA', 'mp-2022').cells.map((c) => expectedMig(c, 'decreased'));
    expect(cells(realistic)).toEqual(cells(textbook));
  });
});
