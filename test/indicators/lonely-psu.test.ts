/**
 * A country with a single respondent (a stratum with one PSU) or none, and a subgroup with one
 * respondent: the weighting run succeeds, such points are withheld with their variance marked not
 * estimable, and regions and the world pool the country by R's `survey.lonely.psu = "adjust"`
 * (reference: fixtures/lonely-psu.R → lonely-psu.json, R survey 4.1.1).
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addCells, domainCells, EMPTY_CELL, ratioEstimate } from '../../src/indicators/cells.ts';
import { createApp } from '../../src/app.ts';
import { readSeries, runWeighting, SeriesPointSchema } from '../../src/indicators/index.ts';
import { silentLogger } from '../../src/log.ts';
import { schema } from '../../db/index.ts';
import { call, ok, tokenFor } from '../helpers/collection.ts';
import type { SeriesPoint } from '../../src/indicators/types.ts';
import { createDesign, SurveyError } from '../../src/stats/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from './fixtures/study.ts';
import { relClose, responseInputs } from './reference.ts';

const Reference = z.object({
  data: z.array(z.object({ country: z.string(), w: z.number(), y: z.number() })),
  pooled: z.array(z.object({ rule: z.string(), estimate: z.number(), se: z.number() })),
  alone: z.string(),
});
const Points = z.object({ points: z.array(SeriesPointSchema) });
const REF = Reference.parse(JSON.parse(readFileSync(new URL('./fixtures/lonely-psu.json', import.meta.url), 'utf8')));

describe('a stratum with a single PSU in the cells of an aggregate', () => {
  const cellOf = (country: string) => {
    const rows = REF.data.filter((r) => r.country === country);
    const design = createDesign({ weights: Float64Array.from(rows, (r) => r.w) });
    const [cell] = domainCells(design, [
      { inDomain: new Uint8Array(rows.length).fill(1), values: Float64Array.from(rows, (r) => r.y) },
    ]);
    return cell ?? EMPTY_CELL;
  };

  it('pools a one-respondent country as R does with survey.lonely.psu = "adjust"; alone, its variance is not estimable', () => {
    const adjust = REF.pooled.find((p) => p.rule === 'adjust');
    const pooled = ratioEstimate(addCells(cellOf('AAA'), cellOf('BBB')));
    expect(relClose(pooled?.estimate, adjust?.estimate ?? Number.NaN, 1e-12)).toBe(true);
    expect(relClose(pooled?.se, adjust?.se ?? Number.NaN, 1e-12), `SE ${pooled?.se} vs R ${adjust?.se}`).toBe(true);
    // R's default refuses; the cell of one respondent has an estimate and no SE.
    expect(REF.alone).toMatch(/only one PSU/);
    const alone = ratioEstimate(cellOf('BBB'));
    expect(alone?.estimate).toBe(1);
    expect(alone?.se).toBeNaN();
  });

  it('any other design with a lonely stratum still fails loudly', () => {
    const design = createDesign({ weights: new Float64Array([1, 2, 3]), strata: ['a', 'a', 'b'] });
    expect(() =>
      domainCells(design, [{ inDomain: new Uint8Array([1, 1, 1]), values: new Float64Array([1, 0, 1]) }]),
    ).toThrow(SurveyError);
  });
});

describeEachDb('weighting a wave with a one-respondent country', (ctx) => {
  /** Stores the fixture study with w1's DDD cut to its first `keepDdd` respondents, BBB's group g1 to its first. */
  const store = async (keepDdd: number) => {
    const study = fixtureStudy();
    await storeStudy(ctx.handle.db, study);
    let ddd = 0;
    let g1 = 0;
    const rows = responseInputs().filter((r) => {
      if (r.wave !== 'w1') return true;
      if (r.answers.COUNTRY === 'ddd') return ddd++ < keepDdd;
      if (r.answers.COUNTRY === 'bbb' && r.answers.GROUP === 'g1') return g1++ < 1;
      return true;
    });
    await insertResponses(ctx.handle.db, study, rows);
    return study;
  };
  const setup = async (keepDdd: number) => {
    const study = await store(keepDdd);
    await runWeighting(ctx.handle.db, { study, wave: 'w1' });
    return readSeries(ctx.handle.db, { study: 'fixture', waves: ['w1'], subgroup: '*', includeSuppressed: true });
  };
  const find = (points: SeriesPoint[], indicator: string, where: (p: SeriesPoint) => boolean) =>
    points.filter((p) => p.indicator === indicator && where(p));
  const overall = (p: SeriesPoint) => p.subgroup === null;

  it('succeeds; the country and the subgroup of one withhold their uncertainty; South pools DDD (adjust rule)', async () => {
    const points = await setup(1);
    const single = points.filter((p) => p.n === 1);
    expect(single.length).toBeGreaterThan(0);
    for (const p of single) {
      expect(p.suppressed).toBe('below_minimum_n');
      expect([p.se, p.ciLow, p.ciHigh, p.moe, p.deff, p.effectiveN]).toEqual([null, null, null, null, null, null]);
      expect(p.invariants?.map((f) => f.invariant)).toContain('se_finite');
    }
    // DDD's overall point and BBB's group g1 (a subgroup of one in a country of many) are among them.
    expect(
      find(single, 'yesShare', (p) => p.geography.kind === 'country' && p.geography.iso3 === 'DDD' && overall(p)),
    ).toHaveLength(1);
    expect(
      find(
        single,
        'yesShare',
        (p) => p.geography.kind === 'country' && p.geography.iso3 === 'BBB' && p.subgroup?.level === 'g1',
      ),
    ).toHaveLength(1);
    // South = CCC (20 million adults) + DDD (2 million, one respondent answering no). DDD's weight is
    // its population, and after its calibration is projected out its influence is 0, so by hand:
    // estimate = (20·p_CCC + 2·0)/22 and SE = (20/22)·SE_CCC.
    const [ccc] = find(
      points,
      'yesShare',
      (p) => p.geography.kind === 'country' && p.geography.iso3 === 'CCC' && overall(p),
    );
    const [ddd] = find(
      points,
      'yesShare',
      (p) => p.geography.kind === 'country' && p.geography.iso3 === 'DDD' && overall(p),
    );
    const [south] = find(
      points,
      'yesShare',
      (p) => p.geography.kind === 'region' && p.geography.region === 'South' && overall(p),
    );
    expect(ddd?.estimate).toBe(0);
    expect(south?.n).toBe((ccc?.n ?? 0) + 1);
    expect(relClose(south?.estimate, ((ccc?.estimate ?? Number.NaN) * 20) / 22, 1e-9)).toBe(true);
    expect(relClose(south?.se, ((ccc?.se ?? Number.NaN) * 20) / 22, 1e-6), `${south?.se} vs ${ccc?.se}`).toBe(true);
    expect(south?.invariants).toBeUndefined();
  });

  it('a country with no respondent: no data, and the aggregates report it missing', async () => {
    const points = await setup(0);
    const ddd = find(points, 'yesShare', (p) => p.geography.kind === 'country' && p.geography.iso3 === 'DDD');
    expect(ddd.length).toBeGreaterThan(0);
    for (const p of ddd) expect([p.suppressed, p.estimate]).toEqual(['no_data', null]);
    const [south] = find(
      points,
      'yesShare',
      (p) => p.geography.kind === 'region' && p.geography.region === 'South' && overall(p),
    );
    expect(south?.missingCountries).toEqual(['DDD']);
  });

  it('through the research API: the run answers 201 (was 500), the one-respondent country is withheld publicly', async () => {
    const study = await store(1);
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] });
    const [wave] = await ctx.handle.db
      .select({ id: schema.waves.id })
      .from(schema.waves)
      .where(eq(schema.waves.code, 'w1'));
    const auth = { authorization: `Bearer ${await tokenFor(ctx.handle, 'researcher')}` };
    const res = await call(app, 'POST', `/v1/research/waves/${wave?.id}/weighting-runs`, { headers: auth });
    expect(res.status).toBe(201);
    const path = '/v1/studies/fixture/indicators/mScore?countries=DDD&geography=country';
    const [pub] = (await ok(await call(app, 'GET', path), 200, Points)).points;
    expect([pub?.n, pub?.suppressed, pub?.estimate, pub?.se]).toEqual([1, 'below_minimum_n', null, null]);
    const [researcher] = (await ok(await call(app, 'GET', path, { headers: auth }), 200, Points)).points;
    expect([researcher?.estimate, researcher?.se, researcher?.moe]).toEqual([expect.any(Number), null, null]);
  });
});
