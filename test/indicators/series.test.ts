import { beforeEach, expect, it } from 'vitest';
import {
  materialiseSeries,
  readChanges,
  readDistributions,
  readSeries,
  runWeighting,
  type SeriesPoint,
} from '../../src/indicators/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from './fixtures/study.ts';
import { R, relClose, responseInputs, type REstimate } from './reference.ts';

function geoOf(p: SeriesPoint): string {
  return p.geography.kind === 'country'
    ? p.geography.iso3
    : p.geography.kind === 'region'
      ? p.geography.region
      : 'world';
}

function compare(points: readonly SeriesPoint[], refs: readonly REstimate[], tol: number): number {
  const index = new Map(
    points.map((p) => [
      `${p.wave}|${geoOf(p)}|${p.indicator}|${p.subgroup?.variable ?? ''}|${p.subgroup?.level ?? ''}`,
      p,
    ]),
  );
  for (const r of refs) {
    const p = index.get(`${r.wave}|${r.geo}|${r.indicator}|${r.variable}|${r.level}`);
    const where = `${r.wave} ${r.geo} ${r.indicator} ${r.variable}=${r.level}`;
    expect(p, where).toBeDefined();
    expect(p?.n, where).toBe(r.n);
    for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'effectiveN'] as const) {
      // R's logit interval is centred on its glm fit, which stops iterating at a relative change of 1e-8.
      const t = key === 'ciLow' || key === 'ciHigh' ? Math.max(tol, 1e-7) : tol;
      expect(relClose(p?.[key], r[key], t), `${where} ${key}: ${p?.[key]} vs R ${r[key]}`).toBe(true);
    }
  }
  return refs.length;
}

describeEachDb('indicator series', (ctx) => {
  const study = fixtureStudy();
  beforeEach(async () => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(ctx.handle.db, study, responseInputs());
    await runWeighting(ctx.handle.db, { study, wave: 'w1' });
    await runWeighting(ctx.handle.db, { study, wave: 'w2' });
  });

  it('per country, by subgroup: estimate, linearised SE after bounded calibration or raking, logit CI, deff and effective n as R (svymean, svyciprop)', async () => {
    const points = await readSeries(ctx.handle.db, {
      study: 'fixture',
      subgroup: '*',
      geography: ['country'],
      includeSuppressed: true,
    });
    expect(compare(points, R.countries, 1e-8)).toBe(112);
  });

  it('materialises again only when the current run changes; rebuilt from the stored run, the series are the same', async () => {
    const before = await readSeries(ctx.handle.db, { study: 'fixture', subgroup: '*', includeSuppressed: true });
    expect(await materialiseSeries(ctx.handle.db, { study })).toEqual({
      materialised: [],
      unchanged: ['w1', 'w2'],
      checks: {},
    });
    const again = await materialiseSeries(ctx.handle.db, { study, force: true });
    expect(again).toMatchObject({ materialised: ['w1', 'w2'], unchanged: [] });
    // Every value of the fixture's waves passes its invariants.
    for (const w of ['w1', 'w2']) expect(again.checks[w]).toMatchObject({ failed: 0, byInvariant: {}, examples: [] });
    expect(again.checks.w1?.checked).toBeGreaterThan(100);
    expect(await readSeries(ctx.handle.db, { study: 'fixture', subgroup: '*', includeSuppressed: true })).toEqual(
      before,
    );
  });

  it('regions and world of a raked (w2) and a bounded-calibrated (w1) wave: the pooled design with country as stratum and weights in persons, as R', async () => {
    const points = await readSeries(ctx.handle.db, {
      study: 'fixture',
      waves: ['w1', 'w2'],
      subgroup: '*',
      geography: ['region', 'world'],
      includeSuppressed: true,
    });
    expect(compare(points, R.aggregates, 1e-8)).toBe(96);
    const south = points.find(
      (p) =>
        p.wave === 'w2' &&
        p.geography.kind === 'region' &&
        p.geography.region === 'South' &&
        p.subgroup === null &&
        p.indicator === 'yesShare',
    );
    // DDD (2 million adults) is not in w2: South covers CCC's 20 million of 22 million.
    expect(south?.missingCountries).toEqual(['DDD']);
    expect(south?.coverage).toBeCloseTo(20 / 22, 12);
  });
});

describeEachDb('changes, breaks and suppression', (ctx) => {
  const study = fixtureStudy();
  beforeEach(async () => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(ctx.handle.db, study, responseInputs());
    await runWeighting(ctx.handle.db, { study, wave: 'w1' });
    await runWeighting(ctx.handle.db, { study, wave: 'w2' });
  });

  it('year-over-year change of an unchanged question: difference, SE, CI and p-value of the z test, as computed in R', async () => {
    const changes = await readChanges(ctx.handle.db, {
      study: 'fixture',
      indicator: 'mScore',
      from: 'w1',
      to: 'w2',
      geography: ['country'],
      subgroup: '*',
      includeSuppressed: true,
    });
    expect(R.changes.length).toBeGreaterThan(20);
    for (const r of R.changes) {
      const c = changes.find(
        (x) =>
          x.geography.kind === 'country' &&
          x.geography.iso3 === r.geo &&
          (x.subgroup?.variable ?? '') === r.variable &&
          (x.subgroup?.level ?? '') === r.level,
      );
      const where = `${r.geo} ${r.variable}=${r.level}`;
      expect(c?.seriesBreak, where).toBeNull();
      expect(c?.test).toBe('two-sided z test, independent samples (SE = √(SE₁² + SE₂²))');
      for (const [mine, ref] of [
        [c?.change, r.change],
        [c?.se, r.se],
        [c?.ciLow, r.ciLow],
        [c?.ciHigh, r.ciHigh],
        [c?.pValue, r.p],
      ] as const) {
        expect(relClose(mine, ref, 1e-8), `${where}: ${mine} vs R ${ref}`).toBe(true);
      }
      expect(c?.significant, where).toBe(r.p < 0.05);
    }
  });

  it('a reworded question is a series break: no change, and the break says what changed', async () => {
    const changes = await readChanges(ctx.handle.db, {
      study: 'fixture',
      indicator: 'yesShare',
      from: 'w1',
      to: 'w2',
      subgroup: '*',
    });
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.change).toBeNull();
      expect(c.pValue).toBeNull();
      expect(c.seriesBreak).toEqual({ questions: ['Q'], what: 'Q: wording changed (en)' });
    }
  });

  it('suppression at the minimum n of 50: n = 50 passes the reliability threshold, n = 49 withheld publicly and flagged for researchers', async () => {
    const find = (points: SeriesPoint[], iso3: string, indicator: string) =>
      points.find((p) => geoOf(p) === iso3 && p.indicator === indicator && p.subgroup === null);
    const pub = await readSeries(ctx.handle.db, { study: 'fixture', waves: ['w1'], geography: ['country'] });
    const researcher = await readSeries(ctx.handle.db, {
      study: 'fixture',
      waves: ['w1'],
      geography: ['country'],
      includeSuppressed: true,
    });
    // CCC (n = 50) passes the threshold, but it is DDD's only sibling in region South: publishing it
    // beside the region would give DDD away, so it is withheld as DDD's complement (docs/disclosure.md).
    const ccc = find(pub, 'CCC', 'yesShare');
    expect(ccc?.n).toBe(50);
    expect(ccc?.suppressed).toBe('complementary');
    expect(ccc?.estimate).toBeNull();
    expect(find(researcher, 'CCC', 'yesShare')?.estimate).not.toBeNull();
    const ddd = find(pub, 'DDD', 'mScore');
    expect(ddd?.n).toBe(49);
    expect(ddd?.suppressed).toBe('below_minimum_n');
    expect([ddd?.estimate, ddd?.se, ddd?.ciLow, ddd?.ciHigh, ddd?.moe]).toEqual([null, null, null, null, null]);
    const flagged = find(researcher, 'DDD', 'mScore');
    expect(flagged?.suppressed).toBe('below_minimum_n');
    expect(
      relClose(
        flagged?.estimate,
        R.countries.find((r) => r.wave === 'w1' && r.geo === 'DDD' && r.indicator === 'mScore' && r.variable === '')
          ?.estimate ?? Number.NaN,
        1e-9,
      ),
    ).toBe(true);
    // A change from a suppressed point is withheld too.
    const change = await readChanges(ctx.handle.db, {
      study: 'fixture',
      indicator: 'mScore',
      from: 'w1',
      to: 'w2',
      countries: ['DDD'],
      geography: ['country'],
    });
    expect(change).toEqual([]);
  });

  it('answer distributions of single-choice questions: weighted shares over everyone asked, missing codes included', async () => {
    const [world] = await readDistributions(ctx.handle.db, {
      study: 'fixture',
      question: 'Q',
      waves: ['w2'],
      geography: ['world'],
      includeSuppressed: true,
    });
    const keys = Object.keys(world?.shares ?? {});
    expect(keys.sort()).toEqual(['dont_know', 'no', 'refused', 'yes']);
    const total = Object.values(world?.shares ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    // yes over everyone asked (refused in the base here) vs the indicator's base (refused excluded).
    const yes = R.aggregates.find(
      (r) => r.wave === 'w2' && r.geo === 'world' && r.indicator === 'yesShare' && r.variable === '',
    );
    expect(
      relClose((world?.shares.yes ?? 0) / (1 - (world?.shares.refused ?? 0)), yes?.estimate ?? Number.NaN, 1e-9),
    ).toBe(true);
    expect(world?.n).toBe(660);
  });
});
