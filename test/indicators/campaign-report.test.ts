import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { publishCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { CampaignDataError } from '../../src/indicators/campaign/table.ts';
import type { ArmEffect } from '../../src/stats/index.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import { AWARE_SHARE, simulatedCampaignWorld, worldStudy } from './fixtures/campaign-world.ts';

const reference = z
  .object({ did: z.object({ estimate: z.number(), se: z.number(), df: z.number() }) })
  .parse(JSON.parse(readFileSync(new URL('./fixtures/campaign-reference.json', import.meta.url), 'utf8')));

const study = worldStudy();
const campaign = study.campaigns[0];
if (!campaign) throw new Error('no campaign');

describe('campaign report on a small simulated world with known truths', () => {
  it('the DiD of the four weighted shares matches R svycontrast(svyby(...)) to 1e-9', () => {
    const report = campaignReport(study, campaign, simulatedCampaignWorld({ n: 200 }));
    const did = report.outcomes[0]?.did;
    expect(Math.abs((did?.estimate ?? Number.NaN) - reference.did.estimate)).toBeLessThan(
      1e-9 * Math.max(1, Math.abs(reference.did.estimate)),
    );
    expect(Math.abs((did?.se ?? Number.NaN) - reference.did.se)).toBeLessThan(1e-9 * reference.did.se);
    expect(did?.df).toBe(reference.did.df);
  });

  it('recovers a true effect of −6 points within its interval, with a passed pre-trend and a plain-language headline', () => {
    const truth = -0.15 * AWARE_SHARE * 100; // −6.0 points
    expect(truth).toBeCloseTo(-6, 10);
    const report = campaignReport(
      study,
      campaign,
      simulatedCampaignWorld({ n: 3000, effectOnAware: -0.15, storyEffect: 0.1 }),
    );
    const o = report.outcomes[0];
    if (!o) throw new Error('no outcome');
    expect(o.did.ci[0]).toBeLessThan(truth);
    expect(o.did.ci[1]).toBeGreaterThan(truth);
    expect(o.adjusted?.ci[0]).toBeLessThan(truth);
    expect(o.adjusted?.ci[1]).toBeGreaterThan(truth);
    expect(o.verdict.kind).toBe('detected');
    expect(o.preTrend?.passed).toBe(true);
    expect(o.preTrend?.waves).toEqual(['w-2021', 'w-2023']);
    // Parallel trends in the simulation, and a placebo interval narrow enough to lie within ±5 (the aim).
    expect(o.preTrendPower?.kind).toBe('alike');
    // Aware people want fewer immigrants 15 points less often in the simulation: the association recovers it.
    expect(o.awareVsUnaware?.kind).toBe('association');
    expect(o.awareVsUnaware?.ci[0]).toBeLessThan(-15);
    expect(o.awareVsUnaware?.ci[1]).toBeGreaterThan(-15);
    expect(o.summary).toMatch(
      /^“Want fewer” fell \d+\.\d points \(95% CI \d+\.\d to \d+\.\d\) more in ZAF than in the comparison countries; before the campaign both moved alike \(−?\d+\.\d points, 95% CI −?\d+\.\d to −?\d+\.\d; pre-trend test p = 0\.\d\d\)\.$/,
    );
    // Reach: 40% of adults recall the slogan, 5% "recall" the fictitious one.
    const reach = report.reach.overall;
    expect(reach.ci?.[0]).toBeLessThan(100 * AWARE_SHARE);
    expect(reach.ci?.[1]).toBeGreaterThan(100 * AWARE_SHARE);
    expect(report.reach.falseRecall.ci?.[0]).toBeLessThan(5);
    expect(report.reach.falseRecall.ci?.[1]).toBeGreaterThan(5);
    // The story moved the outcome by 10 points in the experiment.
    const story = report.experiment?.arms.find((a) => a.arm === 'story');
    expect(story?.effect.ci[0]).toBeLessThan(10);
    expect(story?.effect.ci[1]).toBeGreaterThan(10);
    expect(report.experiment?.byCountry.map((c) => c.country)).toEqual(['DEU', 'FRA', 'ZAF']);
    const text = renderCampaignReport(report);
    expect(text).toContain('Campaign real-slogan: Real slogan (study campaign-study)');
    expect(text).toContain('aware vs unaware (an association, not an effect');
    expect(text).toContain('false recall (fictitious slogan): ');
  });

  it('with no effect, says "inconclusive at this sample size" with the MDE, never "no effect"', () => {
    const report = campaignReport(study, campaign, simulatedCampaignWorld({ n: 300, seed: 'no effect' }));
    const o = report.outcomes[0];
    if (!o) throw new Error('no outcome');
    expect(o.did.ci[0]).toBeLessThan(0);
    expect(o.did.ci[1]).toBeGreaterThan(0);
    expect(o.verdict.kind).toBe('inconclusive');
    expect(o.mde).toBeGreaterThan(5); // 4 cells of 300 at p ≈ 0.5: 2.8·√(4·0.25/300)·√deff ≈ 16 points
    // The MDE of a computed DiD is M·SE with its own SE (M = z.975 + z.8 = 1.959964 + 0.841621), so a
    // result whose interval excludes zero always has |estimate| ≥ 1.96·SE, i.e. above 0.7·MDE.
    expect(o.mde).toBeCloseTo(2.801585 * o.did.se, 5);
    // Its design effect is that SE's variance over simple random sampling's in the four cells.
    const srs = o.cells.reduce((v, c) => v + ((c.estimate / 100) * (1 - c.estimate / 100)) / c.n, 0);
    expect(o.deff).toBeCloseTo((o.did.se / 100) ** 2 / srs, 9);
    expect(o.summary).toMatch(
      /^Inconclusive at this sample size: “Want fewer” changed −?\d+\.\d points \(95% CI −?\d+\.\d to −?\d+\.\d\) in ZAF relative to the comparison countries; the smallest effect this study could reliably detect is \d+\.\d points; the campaign aimed for −5\.0 points \(a decrease\);/,
    );
    expect(o.summary).not.toMatch(/no effect/i);
  });

  it('warns when campaign and comparison countries already moved apart before the campaign', () => {
    const report = campaignReport(study, campaign, simulatedCampaignWorld({ n: 1500, preTrendShift: 0.12 }));
    expect(report.outcomes[0]?.preTrend?.passed).toBe(false);
    expect(report.warnings.join('\n')).toMatch(/already moved apart before the campaign/);
    expect(report.outcomes[0]?.summary).toMatch(/but they already moved apart before the campaign/);
  });

  it('leaves respondents without an arm out of the experiment and counts them, instead of failing', () => {
    const world = simulatedCampaignWorld({ n: 200 });
    // Every 10th respondent after the campaign has no arm (no value at all, or coded not asked).
    let dropped = 0;
    const gaps = world.map((r, i) => {
      if (r.wave !== 'w-2025' || i % 10 !== 0) return r;
      dropped++;
      const { ARM: _arm, ...rest } = r.answers;
      return { ...r, answers: i % 20 === 0 ? rest : { ...rest, ARM: { missing: 'not_asked' as const } } };
    });
    expect(dropped).toBe(60); // 600 respondents after the campaign, every 10th
    const report = campaignReport(study, campaign, gaps);
    expect(report.experiment?.withoutArm).toBe(60);
    const pooled = report.experiment?.arms[0]?.effect;
    expect((pooled?.n ?? 0) + (pooled?.nControl ?? 0)).toBe(600 - 60);
    expect(renderCampaignReport(report)).toContain('(60 respondents without an arm left out)');
  });
});

describe('a campaign whose comparison countries have no respondents', () => {
  it('is refused with a CampaignDataError naming the side and the wave, not an estimation failure', () => {
    const onlyTreated = simulatedCampaignWorld({ n: 100 }).filter((r) => r.iso3 === 'ZAF');
    expect(() => campaignReport(study, campaign, onlyTreated)).toThrow(CampaignDataError);
    expect(() => campaignReport(study, campaign, onlyTreated)).toThrow(
      /no weighted responses from the comparison countries of campaign \S+ in wave w-20\d\d/,
    );
  });
});

describe('the experiment by country in public outputs', () => {
  const base = campaignReport(study, campaign, simulatedCampaignWorld({ n: 200 }));
  const arm = (country: string, n: number): { country: string; arms: ArmEffect[] } => ({
    country,
    arms: [
      {
        estimate: 5,
        se: 2,
        ci: [1, 9],
        df: 100,
        t: 2.5,
        p: 0.01,
        level: 0.95,
        arm: 'story',
        armMean: 55,
        controlMean: 50,
        n,
        nControl: 120,
      },
    ],
  });
  const withCountries = (byCountry: { country: string; arms: ArmEffect[] }[]) => {
    if (!base.experiment) throw new Error('the simulated world has no experiment');
    return { ...base, experiment: { ...base.experiment, byCountry } };
  };

  it('withholds every country once one is below the minimum n: pooled = Σ countries would give it away', () => {
    // Pooled story mean = (W_A·x_A + W_B·x_B + W_C·x_C) / W: with B and C published, x_A is one subtraction away.
    const published = publishCampaignReport(withCountries([arm('AAA', 20), arm('BBB', 300), arm('CCC', 250)]));
    const reasons = published.experiment?.byCountry.map((c) => c.arms.map((a) => a.suppressed)).flat();
    expect(reasons).toEqual(['below_minimum_n', 'complementary', 'complementary']);
    expect(published.experiment?.byCountry.every((c) => c.arms.every((a) => a.withheld))).toBe(true);
    // Token holders see the values, flagged with the reason.
    const flagged = publishCampaignReport(withCountries([arm('AAA', 20), arm('BBB', 300)]), {
      includeSuppressed: true,
    });
    expect(flagged.experiment?.byCountry.map((c) => c.arms[0]?.withheld)).toEqual([false, false]);
    expect(flagged.experiment?.byCountry.map((c) => c.arms[0]?.suppressed)).toEqual([
      'below_minimum_n',
      'complementary',
    ]);
  });

  it('publishes every country when none is small', () => {
    const published = publishCampaignReport(withCountries([arm('AAA', 200), arm('BBB', 300)]));
    expect(published.experiment?.byCountry.map((c) => c.arms[0]?.suppressed)).toEqual([null, null]);
  });
});
