/**
 * The dashboards over the database: a small study weighted and materialised (as in
 * test/indicators/series.test.ts), served through createApp with `publishedSeriesAndCampaigns` as the source.
 */
import { beforeEach, expect, it } from 'vitest';
import type { DashboardSource } from '../../dashboards/source.ts';
import { formatValue } from '../../dashboards/format.ts';
import { createApp } from '../../src/app.ts';
import { publishedSeriesAndCampaigns } from '../../src/indicators/campaign/stored.ts';
import { readSeries, runWeighting } from '../../src/indicators/index.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from '../indicators/fixtures/study.ts';
import { responseInputs } from '../indicators/reference.ts';

describeEachDb('dashboards over the materialised series', (ctx) => {
  const study = fixtureStudy();
  beforeEach(async () => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(ctx.handle.db, study, responseInputs());
    await runWeighting(ctx.handle.db, { study, wave: 'w1' });
    await runWeighting(ctx.handle.db, { study, wave: 'w2' });
  });

  it('an indicator page served through createApp shows the stored estimate; the version follows the current runs', async () => {
    const source: DashboardSource = publishedSeriesAndCampaigns(ctx.handle.db, [study]);
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024 }, { dashboards: source });
    const [world] = await readSeries(ctx.handle.db, {
      study: 'fixture',
      indicator: 'mScore',
      waves: ['w2'],
      geography: ['world'],
    });
    expect(world?.estimate).toEqual(expect.any(Number));
    const res = await app.request('/dashboards/fixture/en/indicators/mScore/table/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(formatValue('en', 'number', world?.estimate ?? NaN));

    const before = await source.version('fixture');
    expect(before).not.toBe('');
    await runWeighting(ctx.handle.db, { study, wave: 'w2' });
    expect(await source.version('fixture')).not.toBe(before);
    expect(await source.series('unknown', 'mScore')).toEqual([]);
  });
});
