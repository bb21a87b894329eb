/**
 * The fact arm by prior overestimation (src/indicators/campaign/fact-arm.ts) on the flagship study
 * and its campaign "I Am a Migrant Too": against R's survey package on a fixture world
 * (fixtures/fact-arm.R, which derives the outcome, the official figure, the overestimate and the
 * comparison weighting from the raw answers itself), "not yet" with no number where no wave asking
 * both has responses, withheld below the minimum n, and by simulation: the intervals of a planted
 * effect that differs by prior overestimation cover it, and a planted zero difference is found
 * significant about as often as the 5% level says.
 */
import { describe, expect, it } from 'vitest';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { iAmAMigrantToo } from '../../survey-definitions/migration-perceptions/campaigns.ts';
import { campaignTable } from '../../src/indicators/campaign/table.ts';
import {
  priorPerceptionReport,
  publishPrior,
  type PriorPerceptionReport,
} from '../../src/indicators/campaign/fact-arm.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import { effectOnIndicator, factWorld, FIXTURE_EFFECTS, type FactWorldOptions } from './fixtures/fact-world.ts';
import { simulatedCampaignWorld, worldStudy } from './fixtures/campaign-world.ts';
import reference from './fixtures/fact-arm-reference.json' with { type: 'json' };

const LEVEL = 0.95;

function estimated(options: FactWorldOptions): Extract<PriorPerceptionReport, { kind: 'estimated' }> {
  const table = campaignTable(study, iAmAMigrantToo, factWorld(options));
  const r = priorPerceptionReport(study, iAmAMigrantToo, table, LEVEL);
  if (r?.kind !== 'estimated') throw new Error(`expected an estimate, got ${r?.kind ?? 'null'}`);
  return r;
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

describe('the fact arm by prior overestimation', () => {
  it('matches R survey (svyby + svycontrast) to 1e-9 on the fixture world, from the 2028 wave only', () => {
    const r = estimated(FIXTURE_EFFECTS);
    expect(r.waves).toEqual(['mp-2028']);
    expect(r.measured).toEqual(['mp-2028']);
    expect([r.arm, r.control, r.indicator, r.margin]).toEqual(['fact', 'control', 'overestimatesMigrantShare', 10]);
    for (const key of ['overestimated', 'notOverestimated', 'difference'] as const) {
      const mine = r[key].effect;
      const ref = reference[key];
      close(mine.estimate, ref.estimate);
      close(mine.se, ref.se);
      expect(mine.df).toBe(ref.df);
      close(mine.ci[0], ref.ci[0] ?? Number.NaN);
      close(mine.ci[1], ref.ci[1] ?? Number.NaN);
      // The MDE as for the experiment's other arms: (z₀.₉₇₅ + z₀.₈) · SE.
      expect(r[key].mde / mine.se).toBeCloseTo(2.801585, 5);
    }
    expect([r.overestimated.effect.n, r.overestimated.effect.nControl]).toEqual([
      reference.overestimated.n,
      reference.overestimated.nControl,
    ]);
    expect([r.notOverestimated.effect.n, r.notOverestimated.effect.nControl]).toEqual([
      reference.notOverestimated.n,
      reference.notOverestimated.nControl,
    ]);
    expect(r.unknownPrior).toBe(reference.unknownPrior);
  });

  it('says "not yet" with no number when the wave asking both has no responses (the npm start world)', () => {
    const table = campaignTable(study, iAmAMigrantToo, factWorld({ withV4: false, n: 60 }));
    const r = priorPerceptionReport(study, iAmAMigrantToo, table, LEVEL);
    expect(r).toEqual({
      kind: 'not-yet',
      arm: 'fact',
      control: 'control',
      indicator: 'overestimatesMigrantShare',
      margin: 10,
      outcome: 'saysImmigrantsMakeBetter',
      waves: ['mp-2028'],
    });
    expect(JSON.stringify(r)).not.toMatch(/"estimate"|"se"|"ci"/);
  });

  it('is withheld publicly when a cell has fewer respondents than the minimum, shown to token holders', () => {
    const p = estimated({ ...FIXTURE_EFFECTS, n: 40, withV3: false });
    const n = [
      p.overestimated.effect.n,
      p.overestimated.effect.nControl,
      p.notOverestimated.effect.n,
      p.notOverestimated.effect.nControl,
    ];
    expect(Math.min(...n)).toBeLessThan(study.minimumN);
    const published = publishPrior(p, study.minimumN, false);
    expect(published).toMatchObject({ kind: 'withheld', suppressed: 'below_minimum_n', n });
    expect(JSON.stringify(published)).not.toMatch(/"estimate"|"se"|"ci"/);
    expect(publishPrior(p, study.minimumN, true)).toBe(p);
    expect(publishPrior(p, Math.min(...n), false)).toBe(p);
  });

  it('withholds, rather than fails, when a cell is empty (no one who did not overestimate got the fact arm)', () => {
    const responses = factWorld({ ...FIXTURE_EFFECTS, n: 30, withV3: false }).filter((r) => {
      const guess = r.answers.MIG_SHARE_GUESS;
      return !(r.answers.MSG_ARM === 'fact' && typeof guess === 'number' && guess < 15);
    });
    const table = campaignTable(study, iAmAMigrantToo, responses);
    const r = priorPerceptionReport(study, iAmAMigrantToo, table, LEVEL);
    expect(r).toMatchObject({ kind: 'withheld', suppressed: 'below_minimum_n' });
    expect(r?.kind === 'withheld' ? r.n[2] : undefined).toBe(0);
  });

  it('is written out by `barometer campaign report`: the effects with their MDE, or "not yet", and why the gap is not an outcome', () => {
    const world = worldStudy();
    const campaign = world.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const report = campaignReport(world, campaign, simulatedCampaignWorld({ n: 120 }));
    expect(report.priorPerception).toBeNull();
    expect(renderCampaignReport(report)).not.toContain('before the message');
    const p = estimated(FIXTURE_EFFECTS);
    const text = renderCampaignReport({ ...report, priorPerception: p });
    const why =
      'not estimated: the effect on the misperception gap itself, because the perception question is asked before the message';
    expect(text).toContain(why);
    expect(text).toContain(`  difference: ${p.difference.effect.estimate.toFixed(1)} points (95% CI `);
    expect(text).toContain(`MDE ${p.overestimated.mde.toFixed(1)}`);
    const notYet = renderCampaignReport({ ...report, priorPerception: { ...p, kind: 'not-yet' } });
    expect(notYet).toContain('not yet: no wave asking both has responses (mp-2028)');
    expect(notYet).toContain(why);
  });

  it('recovers a planted effect that differs by prior overestimation: the intervals cover the truth in about 95% of worlds', () => {
    const planted = { effectOver: 0.15, effectNot: 0.03 };
    const truth = {
      overestimated: effectOnIndicator(planted.effectOver),
      notOverestimated: effectOnIndicator(planted.effectNot),
      difference: effectOnIndicator(planted.effectOver - planted.effectNot),
    };
    const runs = 300;
    const covered = { overestimated: 0, notOverestimated: 0, difference: 0 };
    let sum = 0;
    for (let k = 0; k < runs; k++) {
      const r = estimated({ ...planted, n: 100, withV3: false, seed: `fact-coverage-${k}` });
      for (const key of ['overestimated', 'notOverestimated', 'difference'] as const) {
        const [lo, hi] = r[key].effect.ci;
        if (lo <= truth[key] && truth[key] <= hi) covered[key]++;
      }
      sum += r.difference.effect.estimate;
    }
    // 300 worlds: 95% ± 2.5 binomial SEs (1.26 points each) is about 92–98%.
    for (const key of ['overestimated', 'notOverestimated', 'difference'] as const) {
      expect(covered[key] / runs, key).toBeGreaterThanOrEqual(0.92);
      expect(covered[key] / runs, key).toBeLessThanOrEqual(0.98);
    }
    // Unbiased: the mean estimate of the difference is within 3 Monte Carlo SEs (SE of one ≈ 7 points).
    expect(Math.abs(sum / runs - truth.difference)).toBeLessThan((3 * 7) / Math.sqrt(runs));
  }, 120_000);

  it('can fail: a planted zero difference is found significant at 5% in no more than 5% of worlds plus noise', () => {
    const runs = 300;
    let significant = 0;
    for (let k = 0; k < runs; k++) {
      const r = estimated({ effectOver: 0.06, effectNot: 0.06, n: 100, withV3: false, seed: `fact-null-${k}` });
      if (r.difference.effect.p < 0.05) significant++;
    }
    // Binomial(300, 0.05): mean 15, SD 3.8; more than 25 (5% + 2.7 SD) would mean the test is too liberal.
    expect(significant).toBeLessThanOrEqual(25);
  }, 120_000);
});
