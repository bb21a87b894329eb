/**
 * The demo world's campaigns, with their declared comparison groups, over repeated small samples:
 * each replication draws respondents of the campaign and comparison countries in the DiD's two waves
 * (src/demo's simulation, the scenario named below), weights each by the inverse of its simulated
 * response propensity on the weighting variables (age group and education; what the weighting
 * run's calibration estimates; respondents who refuse either get no weight, as there), and takes
 * the difference-in-differences of the campaign report (`campaignTable`, equal weighting of the
 * comparison countries, `differenceInDifferences`). The target is the population's DiD with the
 * comparison countries weighted equally, from the world's truths.
 *
 * - `i-am-a-migrant-too` (true effect −6 points), realistic scenario: the 95% intervals cover the
 *   target in 92–98% of 400 replications.
 * - `migration-means` (true effect 0), textbook scenario (its realistic drift is a deliberate
 *   failure of parallel trends, docs/demo.md): the 5% test rejects in 3–7% of 800 replications.
 *
 * The seeds are fixed, so the test is deterministic; a wrong SE or a wrong comparison group makes it fail.
 */
import { describe, expect, it } from 'vitest';
import { RESPONSE_AGE, RESPONSE_EDUCATION, samplingWeights, simulateRespondent } from '../../src/demo/respondents.ts';
import type { Scenario } from '../../src/demo/scenario.ts';
import { simulatedWorld } from '../../src/demo/world.ts';
import { campaignTable, type CampaignResponse } from '../../src/indicators/campaign/table.ts';
import { Answers, comparisonCountries, seededRandom, type Campaign } from '../../src/instrument/index.ts';
import { differenceInDifferences } from '../../src/stats/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';

/** The DiD's two waves: the last before the campaigns and the one that measures them. */
const WAVES = ['mp-2024', 'mp-2026'] as const;

function ageGroup(age: unknown): keyof typeof RESPONSE_AGE | null {
  if (typeof age !== 'number') return null;
  return age < 30 ? '15-29' : age < 45 ? '30-44' : age < 65 ? '45-64' : '65+';
}

function education(value: unknown): keyof typeof RESPONSE_EDUCATION | null {
  return value === 'primary_or_less' || value === 'secondary' || value === 'tertiary' ? value : null;
}

function replications(campaign: Campaign, scenario: Scenario, n: number, count: number, seed: string) {
  const world = simulatedWorld(study, undefined, scenario);
  const countries = [...campaign.where.countries, ...comparisonCountries(campaign, study.waves)];
  const comparison = comparisonCountries(campaign, study.waves);
  const truth = (iso3: string, wave: string) =>
    100 * (world.truth('wantsDecrease', { kind: 'country', iso3 }, wave) ?? Number.NaN);
  const change = (iso3: string) => truth(iso3, 'mp-2026') - truth(iso3, 'mp-2024');
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const target = mean(campaign.where.countries.map(change)) - mean(comparison.map(change));
  const models = new Map(
    countries.flatMap((iso3) =>
      WAVES.map((wave) => {
        const model = world.model(iso3, wave);
        return [`${iso3}|${wave}`, { model, weights: samplingWeights(model) }] as const;
      }),
    ),
  );
  const random = seededRandom(seed);
  const results: { estimate: number; ci: [number, number]; p: number }[] = [];
  for (let r = 0; r < count; r++) {
    const responses: CampaignResponse[] = [];
    for (const iso3 of countries)
      for (const wave of WAVES) {
        const m = models.get(`${iso3}|${wave}`);
        if (!m) throw new Error(`no model for ${iso3} ${wave}`);
        for (let i = 0; i < n; i++) {
          const s = simulateRespondent(
            m.model,
            m.weights,
            { code: iso3.toLowerCase(), regions: [], language: 'en' },
            ['x'],
            random,
            undefined,
            scenario,
          );
          if (s.breaksOffAt !== null) continue;
          const age = ageGroup(s.answers.AGE);
          const edu = education(s.answers.EDUCATION);
          if (age === null || edu === null) continue;
          responses.push({
            wave,
            iso3,
            weight: Math.exp(-(RESPONSE_AGE[age] + RESPONSE_EDUCATION[edu])),
            // Only what the DiD reads: the outcome and the weighting variables.
            answers: Answers.parse({
              MIG_LEVEL: s.answers.MIG_LEVEL,
              AGE: s.answers.AGE,
              SEX: s.answers.SEX,
              EDUCATION: s.answers.EDUCATION,
            }),
            psu: `${r}-${responses.length}`,
          });
        }
      }
    const table = campaignTable(study, campaign, responses);
    const y = table.lookup('y_wantsDecrease');
    const did = differenceInDifferences(table.design, table.lookup, {
      outcome: 'y_wantsDecrease',
      group: 'group',
      post: 'post',
      domain: (i) => Number.isFinite(y.values[i] ?? Number.NaN),
    });
    results.push({ estimate: did.simple.estimate, ci: did.simple.ci, p: did.simple.p });
  }
  return { target, results };
}

const byId = (id: string) => {
  const c = study.campaigns.find((x) => x.id === id);
  if (!c) throw new Error(`no campaign ${id}`);
  return c;
};

describe('the demo world’s campaigns over repeated samples', () => {
  it('i-am-a-migrant-too, realistic: 95% intervals cover the true DiD in 92–98% of replications', () => {
    const { target, results } = replications(byId('i-am-a-migrant-too'), 'realistic', 80, 400, 'replications-zaf');
    expect(target).toBeLessThan(-5);
    const covered = results.filter((x) => x.ci[0] <= target && target <= x.ci[1]).length / results.length;
    const bias = results.reduce((s, x) => s + x.estimate, 0) / results.length - target;
    process.stderr.write(
      `i-am-a-migrant-too: target ${target.toFixed(2)} points, coverage ${(100 * covered).toFixed(1)}%, mean bias ${bias.toFixed(2)}\n`,
    );
    expect(covered).toBeGreaterThanOrEqual(0.92);
    expect(covered).toBeLessThanOrEqual(0.98);
  });

  it('migration-means, textbook: no true effect, the 5% test rejects in 3–7% of replications', () => {
    const { target, results } = replications(byId('migration-means'), 'textbook', 30, 800, 'replications-means');
    expect(Math.abs(target)).toBeLessThan(0.5);
    const rejected = results.filter((x) => x.p < 0.05).length / results.length;
    process.stderr.write(
      `migration-means: target ${target.toFixed(2)} points, rejection rate ${(100 * rejected).toFixed(1)}%\n`,
    );
    expect(rejected).toBeGreaterThanOrEqual(0.03);
    expect(rejected).toBeLessThanOrEqual(0.07);
  });
});
