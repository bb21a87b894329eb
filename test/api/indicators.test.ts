import { expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.ts';
import { SeriesChangeSchema, SeriesPointSchema } from '../../src/indicators/index.ts';
import { adjustBenjaminiHochberg } from '../../src/stats/index.ts';
import type { Study } from '../../src/instrument/index.ts';
import { silentLogger } from '../../src/log.ts';
import { call, ok, tokenFor } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from '../indicators/fixtures/study.ts';
import { responseInputs } from '../indicators/reference.ts';
import { schema } from '../../db/index.ts';

const Run = z.object({
  run: z.object({
    id: z.string(),
    weightsHash: z.string(),
    warnings: z.array(z.object({ code: z.string(), country: z.string().nullable() })),
  }),
});
const Points = z.object({ points: z.array(SeriesPointSchema) });

describeEachDb('indicator API', (ctx) => {
  const setup = async (study: Study = fixtureStudy()) => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(ctx.handle.db, study, responseInputs());
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] });
    const waves = await ctx.handle.db.select({ id: schema.waves.id, code: schema.waves.code }).from(schema.waves);
    const waveId = (code: string) => waves.find((w) => w.code === code)?.id ?? '';
    return { app, waveId };
  };

  it('runs a weighting for a researcher (401 without a token, 403 for a viewer), then serves the series publicly', async () => {
    const { app, waveId } = await setup();
    expect((await call(app, 'POST', `/v1/research/waves/${waveId('w1')}/weighting-runs`)).status).toBe(401);
    const viewer = await tokenFor(ctx.handle, 'viewer');
    expect(
      (
        await call(app, 'POST', `/v1/research/waves/${waveId('w1')}/weighting-runs`, {
          headers: { authorization: `Bearer ${viewer}` },
        })
      ).status,
    ).toBe(403);
    const researcher = await tokenFor(ctx.handle, 'researcher');
    const auth = { authorization: `Bearer ${researcher}` };
    const run = await ok(
      await call(app, 'POST', `/v1/research/waves/${waveId('w1')}/weighting-runs`, { headers: auth }),
      201,
      Run,
    );
    expect(run.run.warnings.some((w) => w.code === 'below_target' && w.country === 'CCC')).toBe(true);

    const list = await ok(
      await call(app, 'GET', '/v1/studies/fixture/indicators'),
      200,
      z.object({ indicators: z.array(z.object({ id: z.string(), waves: z.array(z.string()) }).loose()) }),
    );
    expect(list.indicators.map((i) => [i.id, i.waves])).toEqual([
      ['yesShare', ['w1']],
      ['mScore', ['w1']],
    ]);

    // DDD has 49 respondents with a scored M: withheld publicly, flagged for a token holder.
    const path = '/v1/studies/fixture/indicators/mScore?countries=DDD&geography=country';
    const pub = await call(app, 'GET', path);
    expect(pub.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = pub.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const [withheld] = Points.parse(await pub.json()).points;
    expect([withheld?.n, withheld?.suppressed, withheld?.estimate, withheld?.moe]).toEqual([
      49,
      'below_minimum_n',
      null,
      null,
    ]);
    const [flagged] = (await ok(await call(app, 'GET', path, { headers: auth }), 200, Points)).points;
    expect(flagged?.suppressed).toBe('below_minimum_n');
    expect(flagged?.estimate).toEqual(expect.any(Number));
    expect((await call(app, 'GET', path, { headers: { authorization: 'Bearer not-a-valid-token-0000' } })).status).toBe(
      401,
    );

    const again = await call(app, 'GET', path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const csv = await call(
      app,
      'GET',
      '/v1/studies/fixture/indicators/yesShare?format=csv&geography=world,region&subgroup=sex',
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^study,indicator,wave,year,geography,iso3,name,region,subgroup_variable,subgroup_level,estimate,se,ci_low,ci_high,level,moe,n,effective_n,deff,coverage,/,
    );
    expect(lines).toHaveLength(1 + 3 * 2);
  });

  it('answers bad reads with 400 and 404 naming what is wrong', async () => {
    const { app } = await setup();
    const bad = await call(app, 'GET', '/v1/studies/fixture/indicators/yesShare?geography=planet');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe('query.geography');
    expect((await call(app, 'GET', '/v1/studies/nope/indicators')).status).toBe(404);
    expect((await call(app, 'GET', '/v1/studies/fixture/indicators/nothing')).status).toBe(404);
  });

  it('changes with adjust=bh: Benjamini–Hochberg over the whole family, whatever geographies are asked for', async () => {
    // No protection interval: the fixture's small regions would otherwise withhold most changes
    // as complementary cells (docs/disclosure.md), leaving no family to adjust.
    const open = {
      ...fixtureStudy(),
      disclosure: { protection: { halfWidth: 0, minWidth: 0 }, protect: 'primary' as const, minimumN: 0 },
    };
    const { app, waveId } = await setup(open);
    const auth = { authorization: `Bearer ${await tokenFor(ctx.handle, 'researcher')}` };
    for (const w of ['w1', 'w2'])
      await ok(await call(app, 'POST', `/v1/research/waves/${waveId(w)}/weighting-runs`, { headers: auth }), 201, Run);
    const Changes = z.object({ changes: z.array(SeriesChangeSchema) });
    const base = '/v1/studies/fixture/indicators/mScore/changes';
    const plain = (await ok(await call(app, 'GET', base), 200, Changes)).changes;
    expect(plain.length).toBeGreaterThan(3);
    expect(plain.every((c) => c.pAdjusted === undefined)).toBe(true);
    const all = (await ok(await call(app, 'GET', `${base}?adjust=bh`), 200, Changes)).changes;
    const family = all.filter((c) => c.suppressed === null && c.pValue !== null);
    expect(family.length).toBeGreaterThan(2);
    // The adjusted p-values are R's p.adjust(method = "BH") of the family's p-values (that
    // function is checked against R in test/stats/published-intervals.test.ts).
    const expected = adjustBenjaminiHochberg(family.map((c) => c.pValue));
    expect(family.map((c) => c.pAdjusted)).toEqual(expected);
    for (const c of family) expect(c.significantAdjusted).toBe((c.pAdjusted ?? 1) < 0.05);
    for (const c of all.filter((x) => x.suppressed !== null)) expect(c.pAdjusted).toBeNull();
    // Asking for one country does not shrink the family.
    const one = (await ok(await call(app, 'GET', `${base}?adjust=bh&countries=AAA&geography=country`), 200, Changes))
      .changes;
    expect(one).toHaveLength(1);
    expect(one[0]?.pAdjusted).toBe(
      all.find((c) => c.geography.kind === 'country' && c.geography.iso3 === 'AAA')?.pAdjusted,
    );
    const csv = await (await call(app, 'GET', `${base}?adjust=bh&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('p_value,significant,p_adjusted_bh,significant_adjusted_bh');
    const bad = await call(app, 'GET', `${base}?adjust=bonferroni`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe('query.adjust');
  });

  it('refuses a study with impossible weighting input when the app is made, naming the margin, and stores no run', async () => {
    const base = fixtureStudy();
    const broken: Study = {
      ...base,
      waves: base.waves.map((w) =>
        w.id === 'w1'
          ? {
              ...w,
              countries: w.countries.map((c) =>
                c.iso3 === 'AAA' ? { ...c, adultPopulation: { ...c.adultPopulation, value: 1 } } : c,
              ),
            }
          : w,
      ),
    };
    // Studies are checked once, when the app is made (runWeighting's own refusal of such input, a
    // 422 through the API, is mapped in test/api/error-status.test.ts).
    await expect(setup(broken)).rejects.toThrow(/study\(fixture\)\.waves\[w1\]\.countries\[AAA\]\.margins\[0\]/);
    expect(await ctx.handle.db.select().from(schema.weightingRuns)).toEqual([]);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const { app } = await setup();
    const doc = await (await call(app, 'GET', '/v1/openapi.json')).json();
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'listIndicators',
        'readIndicatorSeries',
        'readIndicatorChanges',
        'readAnswerDistributions',
        'runWeighting',
      ]),
    );
    // Named once under components, whatever order the modules were imported in (the schemas are
    // defined in src/indicators with plain zod, before the OpenAPI extension is loaded).
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['SeriesPoint', 'SeriesChange', 'DistributionPoint']),
    );
  });
});
