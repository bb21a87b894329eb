import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import * as s from '../../src/stats/index.ts';
import { loadApi, referenceDesign, repoRoot } from './support/api-data.ts';
import { loadGlmCases, lookupIn } from './support/glm-cases.ts';

// Expected values: R 4.2.2 + survey 4.1-1 on did_survey.csv (test/stats/fixtures/did-extra.R and
// the public glm_reference.json / our glm-extra.json cases). Effects are in percentage points (× 100).
const R = JSON.parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/did-extra.json'), 'utf8'));
const { public: published, extra } = loadGlmCases();
interface GlmResult {
  coefficients: Record<string, number>;
  se: Record<string, number>;
  df_residual: number;
}
const glm = (id: string): GlmResult => {
  const c = [...published, ...extra].find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  const { coefficients, se, df_residual } = c.result;
  return {
    coefficients: coefficients as Record<string, number>,
    se: se as Record<string, number>,
    df_residual: Number(df_residual),
  };
};
const table = loadApi('did_survey');
const design = referenceDesign('ddid');
const lookup = lookupIn(table);
const female = table.num('female');
const postColumn = table.num('post');
const close = (actual: number, expected: number, rel = 1e-9) => {
  expect(Math.abs(actual - expected), `${actual} vs R ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('difference-in-differences against R (svycontrast, svyglm, regTermTest)', () => {
  const did = s.differenceInDifferences(design, lookup, {
    outcome: 'y',
    group: 'treated',
    post: 'post',
    wave: 'wave',
    covariates: ['age', 'female'],
  });

  it('gives the four weighted shares and their SEs (svyby)', () => {
    expect(did.cells.map((c) => `${c.group}.${c.post}`)).toEqual(R.cells.names);
    did.cells.forEach((c, k) => {
      close(c.estimate, 100 * R.cells.estimate[k]);
      close(c.se, 100 * R.cells.se[k]);
    });
  });
  it('gives the DiD of the shares with its SE (svycontrast) and a t interval with the design df', () => {
    close(did.simple.estimate, 100 * R.did_simple.estimate);
    close(did.simple.se, 100 * R.did_simple.se);
    expect(did.simple.df).toBe(R.degf);
    const q = s.qt(0.975, R.degf);
    close(did.simple.ci[0], 100 * (R.did_simple.estimate - q * R.did_simple.se));
    close(did.simple.ci[1], 100 * (R.did_simple.estimate + q * R.did_simple.se));
  });
  it('gives the regression-adjusted DiD (treated:post of svyglm with age group and sex)', () => {
    const r = glm('did_lpm_adjusted');
    close(did.adjusted?.estimate ?? 0, 100 * (r.coefficients['treated:post'] ?? 0));
    close(did.adjusted?.se ?? 0, 100 * (r.se['treated:post'] ?? 0));
    expect(did.adjusted?.df).toBe(r.df_residual);
  });
  it('runs the pre-trend (placebo) test on the two waves before the campaign', () => {
    const pre = did.preTrend;
    expect(pre?.waves).toEqual(['2022', '2024']);
    close(pre?.placebo[0]?.estimate ?? 0, 100 * R.pretrend_two_waves.estimate);
    close(pre?.placebo[0]?.se ?? 0, 100 * R.pretrend_two_waves.se);
    close(pre?.statistic ?? 0, R.pretrend_two_waves.F, 1e-8);
    expect([pre?.ndf, pre?.ddf]).toEqual([R.pretrend_two_waves.df, R.pretrend_two_waves.ddf]);
    close(pre?.p ?? 0, R.pretrend_two_waves.p);
    expect(pre?.passed).toBe(true);
  });
  it('tests several wave interactions jointly (Wald F on 2 df, as regTermTest)', () => {
    const wave = table.text('wave');
    const asFactor: s.ColumnLookup = (name) => (name === 'wave' ? { kind: 'categorical', values: wave } : lookup(name));
    const fit = s.surveyGlm(design, 'y ~ treated * wave', asFactor);
    const w = s.waldTest(fit, ['treated:wave2024', 'treated:wave2026']);
    close(w.statistic, R.wave_interactions_all_waves.F);
    expect([w.ndf, w.ddf]).toEqual([2, R.wave_interactions_all_waves.ddf]);
    close(w.p, R.wave_interactions_all_waves.p);
    close(
      fit.coefficients.find((c) => c.term === 'treated:wave2026')?.estimate ?? 0,
      R.wave_interactions_all_waves.estimate_2026,
    );
    expect(() => s.waldTest(fit, ['treated:wave2030'])).toThrow(/no coefficient treated:wave2030/);
  });
  it('gives the DiD within a domain (women), design kept', () => {
    const women = s.differenceInDifferences(design, lookup, {
      outcome: 'y',
      group: 'treated',
      post: 'post',
      domain: (i) => female[i] === 1,
    });
    close(women.simple.estimate, 100 * R.did_simple_women.estimate);
    close(women.simple.se, 100 * R.did_simple_women.se);
    expect(women.simple.df).toBe(R.did_simple_women.degf);
    const r = glm('did_lpm_women');
    const adj = s.differenceInDifferences(design, lookup, {
      outcome: 'y',
      group: 'treated',
      post: 'post',
      covariates: ['age'],
      domain: (i) => female[i] === 1,
    });
    close(adj.adjusted?.estimate ?? 0, 100 * (r.coefficients['treated:post'] ?? 0));
  });
  it('names the empty cell when a group has no interviews in a period', () => {
    expect(() =>
      s.differenceInDifferences(design, lookup, {
        outcome: 'y',
        group: 'treated',
        post: 'post',
        domain: (i) => postColumn[i] === 0,
      }),
    ).toThrow(/no interviews with an outcome in: comparison countries after, campaign countries after/);
  });
});

describe('aware vs unaware (association) against R', () => {
  it('is the aware coefficient of svyglm(y ~ aware + age + female) among campaign countries after the campaign', () => {
    const r = glm('did_lpm_aware');
    const treated = table.num('treated');
    const post = table.num('post');
    const a = s.awarenessAssociation(design, lookup, {
      outcome: 'y',
      aware: 'aware',
      covariates: ['age', 'female'],
      domain: (i) => treated[i] === 1 && post[i] === 1,
    });
    expect(a.kind).toBe('association');
    close(a.estimate, 100 * (r.coefficients.aware ?? 0));
    close(a.se, 100 * (r.se.aware ?? 0));
    expect(a.df).toBe(r.df_residual);
  });
});

describe('message experiment effects against R (svycontrast of svyby by arm)', () => {
  const arms: string[] = (
    parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/did-arms.csv'), 'utf8'), { columns: true }) as {
      arm: string;
    }[]
  ).map((r) => r.arm);
  const result = s.experimentEffects(design, {
    outcome: table.num('y'),
    arm: arms,
    control: 'control',
    stratum: table.text('country'),
  });
  it('pools every arm against control', () => {
    expect(result.pooled.map((e) => e.arm)).toEqual(['fact', 'story']);
    result.pooled.forEach((e, k) => {
      close(e.estimate, 100 * R.experiment_pooled[k].estimate);
      close(e.se, 100 * R.experiment_pooled[k].se);
    });
  });
  it('gives each arm against control within each country (domains of the full design)', () => {
    const flat = result.byStratum.flatMap((b) =>
      b.effects.map((e) => ({ country: b.stratum, arm: e.arm, estimate: e.estimate, se: e.se })),
    );
    expect(flat.map((f) => `${f.country}/${f.arm}`)).toEqual(
      R.experiment_by_country.map((r: { country: string; arm: string }) => `${r.country}/${r.arm}`),
    );
    flat.forEach((f, k) => {
      close(f.estimate, 100 * R.experiment_by_country[k].estimate);
      close(f.se, 100 * R.experiment_by_country[k].se);
    });
  });
});
