import { beforeEach, expect, it } from 'vitest';
import { readChanges, readDistributions, readSeries, runWeighting, type SeriesPoint } from '../../src/indicators/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from './fixtures/study.ts';
import { R, relClose, responseInputs, type REstimate } from './reference.ts';

function geoOf(p: SeriesPoint): string {
  return p.geography.kind === 'country' ? p.geography.iso3 : p.geography.kind === 'region' ? p.geography.region : 'world';
}

function compare(points: readonly SeriesPoint[], refs: readonly REstimate[], tol: number): number {
  const index = new Map(points.map((p) => [`${p.wave}|${geoOf(p)}|${p.indicator}|${p.subgroup?.variable ?? ''}|${p.subgroup?.level ?? ''}`, p]));
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

  it('per country, by subgroup: estimate, linearised SE after raking and trimming, logit CI, deff and effective n as R (svymean, svyciprop)', async () => {
    const points = await readSeries(ctx.handle.db, { study: 'fixture', subgroup: '*', geography: ['country'], includeSuppressed: true });
    expect(compare(points, R.countries, 1e-8)).toBe(112);
  });

  it('regions and world: the pooled design with country as stratum and weights in persons, as R', async () => {
    const points = await readSeries(ctx.handle.db, { study: 'fixture', waves: ['w2'], subgroup: '*', geography: ['region', 'world'], includeSuppressed: true });
    expect(compare(points, R.aggregates, 1e-8)).toBe(48);
    const south = points.find((p) => p.geography.kind === 'region' && p.geography.region === 'South' && p.subgroup === null && p.indicator === 'yesShare');
    // DDD (2 million adults) is not in w2: South covers CCC's 20 million of 22 million.
    expect(south?.missingCountries).toEqual(['DDD']);
    expect(south?.coverage).toBeCloseTo(20 / 22, 12);
  });
});
