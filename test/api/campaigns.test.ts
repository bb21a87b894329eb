import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.ts';
import { publishedSeriesAndCampaigns } from '../../src/indicators/campaign/stored.ts';
import { silentLogger } from '../../src/log.ts';
import { call, ok, tokenFor } from '../helpers/collection.ts';
import { storeWorld, weighWorld } from '../helpers/campaign.ts';
import { describeEachDb } from '../helpers/db.ts';
import { expectError } from '../helpers/http.ts';
import { simulatedCampaignWorld, worldStudy } from '../indicators/fixtures/campaign-world.ts';

// Expected values: R's survey package on the same simulated world (n = 200 per country × wave;
// test/indicators/fixtures/campaign-reference.R): the DiD as svycontrast of the four svyby cells,
// reach and reach under 40 as svyciprop(method = "logit").
const RShare = z.object({ estimate: z.number(), se: z.number(), ci: z.tuple([z.number(), z.number()]), n: z.number() });
const R = z
  .object({
    reach: RShare,
    falseRecall: RShare,
    reachYoung: RShare,
    did: z.object({ estimate: z.number(), se: z.number(), df: z.number() }),
  })
  .parse(JSON.parse(readFileSync(new URL('../indicators/fixtures/campaign-reference.json', import.meta.url), 'utf8')));
const close = (actual: number | null | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected), `${actual} vs R ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );

const Share = z.object({
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number(),
  suppressed: z.enum(['below_minimum_n', 'complementary', 'no_data']).nullable(),
});
const Impact = z.object({
  study: z.string(),
  campaign: z.object({ id: z.string(), name: z.string(), countries: z.array(z.string()) }),
  minimumN: z.number(),
  includeSuppressed: z.boolean(),
  outcomes: z.array(
    z.object({
      indicator: z.string(),
      withheld: z.boolean(),
      did: z.object({ estimate: z.number(), se: z.number(), df: z.number(), ci: z.tuple([z.number(), z.number()]) }),
      mde: z.number(),
      verdict: z.object({ kind: z.string() }),
      preTrend: z.object({ passed: z.boolean() }).nullable(),
      summary: z.string(),
    }),
  ),
  reach: z.object({
    overall: Share,
    falseRecall: Share,
    bySubgroup: z.array(Share.extend({ subgroup: z.object({ variable: z.string(), level: z.string() }) })),
  }),
  experiment: z.object({ arms: z.array(z.object({ arm: z.string() })) }).nullable(),
  summary: z.array(z.string()),
});
const List = z.object({
  study: z.string(),
  campaigns: z.array(
    z.object({
      id: z.string(),
      countries: z.array(z.string()),
      comparison: z.array(z.string()),
      impact: z.string(),
      aims: z.array(z.object({ indicator: z.string(), direction: z.string(), by: z.number() })),
    }),
  ),
});

describeEachDb('campaign API', (ctx) => {
  it('lists the campaigns, refuses the impact until the waves are weighted, then serves it (matching R), cached, with small bases withheld publicly', async () => {
    // A public minimum of 100: reach among adults under 40 in ZAF rests on 99 respondents.
    const study = { ...worldStudy(), minimumN: 100 };
    const world = simulatedCampaignWorld({ n: 200 });
    await storeWorld(ctx.handle.db, study, world);
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] });

    const list = await ok(await call(app, 'GET', '/v1/studies/campaign-study/campaigns'), 200, List);
    expect(list.campaigns).toEqual([
      {
        id: 'real-slogan',
        countries: ['ZAF'],
        comparison: ['DEU', 'FRA'],
        impact: '/v1/studies/campaign-study/campaigns/real-slogan/impact',
        aims: [{ indicator: 'wantsFewer', direction: 'decrease', by: 5 }],
      },
    ]);
    const path = '/v1/studies/campaign-study/campaigns/real-slogan/impact';
    const early = await expectError(await call(app, 'GET', path), 409, 'conflict');
    expect(early.error.message).toBe(
      'wave w-2021 of study campaign-study has no current weighting run (run "barometer weight campaign-study w-2021" first)',
    );

    await weighWorld(ctx.handle.db, world);
    const res = await call(app, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const report = Impact.parse(await res.json());
    expect([report.study, report.campaign.id, report.minimumN, report.includeSuppressed]).toEqual([
      'campaign-study',
      'real-slogan',
      100,
      false,
    ]);
    const [outcome] = report.outcomes;
    close(outcome?.did.estimate, R.did.estimate);
    close(outcome?.did.se, R.did.se);
    expect(outcome?.did.df).toBe(R.did.df);
    // 0.1 points with an SE of 6.4: the interval includes zero, so "inconclusive", never "no effect".
    expect(outcome?.verdict.kind).toBe('inconclusive');
    expect(outcome?.summary).toMatch(/^Inconclusive at this sample size: “Want fewer” changed /);
    expect(report.summary).toEqual([outcome?.summary]);
    close(report.reach.overall.estimate, R.reach.estimate);
    close(report.reach.overall.ci?.[0], R.reach.ci[0]);
    close(report.reach.overall.ci?.[1], R.reach.ci[1]);
    close(report.reach.falseRecall.estimate, R.falseRecall.estimate);
    const young = (r: z.infer<typeof Impact>) =>
      r.reach.bySubgroup.find((s) => s.subgroup.variable === 'age_group' && s.subgroup.level === '15-39');
    expect(young(report)).toMatchObject({
      n: R.reachYoung.n,
      suppressed: 'below_minimum_n',
      estimate: null,
      se: null,
      ci: null,
    });
    // Its sibling age group is withheld too: beside the pooled share it would give 15–39 away.
    const ageSiblings = report.reach.bySubgroup.filter(
      (s) => s.subgroup.variable === 'age_group' && s !== young(report),
    );
    expect(ageSiblings.map((s) => [s.suppressed, s.estimate])).toContainEqual(['complementary', null]);

    expect((await call(app, 'GET', path, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // A token holder sees the withheld share, flagged.
    const token = await tokenFor(ctx.handle, 'viewer');
    const flagged = await call(app, 'GET', path, { headers: { authorization: `Bearer ${token}` } });
    expect(flagged.headers.get('cache-control')).toBe('private, no-cache');
    const full = Impact.parse(await flagged.json());
    expect(full.includeSuppressed).toBe(true);
    expect(young(full)?.suppressed).toBe('below_minimum_n');
    close(young(full)?.estimate, R.reachYoung.estimate);
    close(young(full)?.se, R.reachYoung.se);

    // The dashboards' campaign page reads the same public report from the database.
    const withPages = createApp(
      { db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] },
      { dashboards: publishedSeriesAndCampaigns(ctx.handle.db, [study]) },
    );
    const html = await (await withPages.request('/dashboards/campaign-study/en/campaigns/real-slogan/')).text();
    // R: 0.101 ± qt(0.975, 1194) · 6.372 → −12.4 to 12.6.
    expect(html).toContain('Inconclusive at this sample size: “Want fewer” changed 0.1 points (95% CI −12.4 to 12.6)');
  });

  it('answers 404 for an unknown study or campaign, 401 for a bad token, 400 for a bad parameter', async () => {
    const study = worldStudy();
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] });
    const noStudy = await expectError(await call(app, 'GET', '/v1/studies/nope/campaigns'), 404, 'not_found');
    expect(noStudy.error.message).toBe('no study "nope" is loaded by this server');
    const noCampaign = await expectError(
      await call(app, 'GET', '/v1/studies/campaign-study/campaigns/nope/impact'),
      404,
      'not_found',
    );
    expect(noCampaign.error.message).toBe('study campaign-study has no campaign "nope" (campaigns: real-slogan)');
    await expectError(
      await call(app, 'GET', '/v1/studies/campaign-study/campaigns', {
        headers: { authorization: 'Bearer not-a-valid-token-0000' },
      }),
      401,
      'unauthorized',
    );
    await expectError(
      await call(app, 'GET', `/v1/studies/campaign-study/campaigns/real-slogan/impact?lang=${'x'.repeat(30)}`),
      400,
      'validation_failed',
    );
  });

  it('refuses a language the study has no labels in with 400 naming its languages, prototype members included', async () => {
    const study = worldStudy();
    const world = simulatedCampaignWorld({ n: 40 });
    await storeWorld(ctx.handle.db, study, world);
    await weighWorld(ctx.handle.db, world);
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [study] });
    const path = '/v1/studies/campaign-study/campaigns/real-slogan/impact';
    const languages = study.instruments[0]?.languages.map((l) => l.code).join(', ');
    for (const lang of ['zz1', '__proto__', 'constructor', 'toString']) {
      const refused = await expectError(await call(app, 'GET', `${path}?lang=${lang}`), 400, 'validation_failed');
      expect(refused.error.message).toBe(`query.lang: no "${lang}" labels (languages: ${languages})`);
    }
    // A language of the study still answers, and the refused ones left nothing behind in its place.
    const en = await call(app, 'GET', `${path}?lang=en`);
    expect(en.status).toBe(200);
    expect(z.object({ campaign: z.object({ name: z.string() }) }).parse(await en.json()).campaign.name).toBe(
      'Real slogan',
    );
  });
});
