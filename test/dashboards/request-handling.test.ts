/**
 * How the dashboards answer requests, apart from what the pages hold: one canonical address per
 * page state (a `?lang=` in the query string is redirected away; the page cache is keyed by the
 * state, never the Host), caches bounded by bytes as well as entries, a bound on uncached renders
 * at once (503 beyond it), and absolute links from the server's configured or listening address,
 * never the request's Host header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoundedCache, RenderLimit, RendersBusyError } from '../../dashboards/cache.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource, type DashboardSource } from '../../dashboards/source.ts';
import { ViewCache } from '../../dashboards/views.ts';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { createScratchDb, type ScratchDb } from '../helpers/db.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let source: DashboardSource;
const base = '/dashboards/migration-perceptions';

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  source = memorySource([study], data);
});

describe('one page state, one cache entry', () => {
  it('redirects ?lang= to the canonical address, whatever else the query holds', async () => {
    const app = dashboardRoutes({ source, cache: new ViewCache() });
    const cases = [
      [`${base}/en/?lang=zz1`, `${base}/en/`],
      [`${base}/en/?lang=__proto__&indicator=wantsIncrease`, `${base}/en/?indicator=wantsIncrease`],
      [
        `${base}/fr/indicators/wantsDecrease/map/?geo=world&lang=x`,
        `${base}/fr/indicators/wantsDecrease/map/?geo=world`,
      ],
    ] as const;
    for (const [asked, canonical] of cases) {
      const res = await app.request(asked);
      expect(res.status, asked).toBe(301);
      expect(res.headers.get('location'), asked).toBe(canonical);
    }
  });

  it('keys the page cache by the page state: other Host headers and other spellings of the same filters share one entry', async () => {
    const cache = new ViewCache();
    const app = dashboardRoutes({ source, cache });
    const first = await app.request(`${base}/en/?indicator=wantsIncrease`, { headers: { host: 'a.example' } });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(cache.pageUse.entries).toBe(1);
    for (const host of ['b.example', 'c.example:8080', 'a.example']) {
      const res = await app.request(`http://${host}${base}/en/?indicator=wantsIncrease`, { headers: { host } });
      expect(await res.text()).toBe(html);
    }
    expect(cache.pageUse.entries).toBe(1);
    // Every other page too: one entry per page state, whatever the Host.
    for (const path of [
      'indicators/wantsDecrease/map/?geo=world',
      'countries/GBR/',
      'methodology/',
      'embed/wantsDecrease/trend/',
    ]) {
      const pages = cache.pageUse.entries;
      const one = await (await app.request(`http://a.example${base}/en/${path}`)).text();
      const other = await (await app.request(`http://b.example${base}/en/${path}`)).text();
      expect(other, path).toBe(one);
      expect(cache.pageUse.entries, path).toBe(pages + 1);
    }
  });

  it('bounds the page cache by bytes as well as by entries', async () => {
    const { study } = await flagshipFixture();
    // Room for about two overview pages: each new filter evicts the oldest page.
    const probe = new ViewCache();
    const probeApp = dashboardRoutes({ source, cache: probe });
    await (await probeApp.request(`${base}/en/`)).text();
    const onePage = probe.pageUse.bytes;
    expect(onePage).toBeGreaterThan(10_000);
    const cache = new ViewCache(2000, Math.floor(onePage * 2.5));
    const app = dashboardRoutes({ source, cache });
    for (const wave of study.waves) {
      const res = await app.request(`${base}/en/?wave=${wave.id}`);
      expect(res.status).toBe(200);
      expect(cache.pageUse.bytes).toBeLessThanOrEqual(Math.floor(onePage * 2.5));
    }
    expect(study.waves.length).toBeGreaterThan(2);
    expect(cache.pageUse.entries).toBe(2);
  });
});

describe('BoundedCache', () => {
  it('drops the least recently used entries past the byte bound, and never keeps an entry larger than it', () => {
    const cache = new BoundedCache<string>({ maxEntries: 100, maxBytes: 10 }, (s) => s.length);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa'); // a is now the most recently used
    cache.set('c', 'cccc'); // 12 bytes: b, the least recently used, goes
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(8);
    cache.set('big', 'x'.repeat(11));
    expect(cache.has('big')).toBe(false);
    expect(cache.bytes).toBe(8);
    cache.set('a', 'a'); // replacing an entry counts its new size only
    expect(cache.bytes).toBe(5);
  });

  it('drops the oldest entries past the entry bound', () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, maxBytes: 1e9 }, () => 1);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.has('a'), cache.size]).toEqual([false, 2]);
  });
});

describe('uncached renders at once', () => {
  it('RenderLimit runs at most `concurrent` at once, queues up to `queue`, and refuses the rest', async () => {
    const limit = new RenderLimit({ concurrent: 1, queue: 1 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const first = limit.run(async () => {
      await gate;
      order.push('first');
    });
    const second = limit.run(() => order.push('second'));
    expect(limit.load).toEqual({ running: 1, waiting: 1 });
    await expect(limit.run(() => 'third')).rejects.toBeInstanceOf(RendersBusyError);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers 503 with Retry-After while the renders are full', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    // Once held, one indicator's series arrive only when the gate opens (a slow database).
    const slow: DashboardSource = {
      ...source,
      series: async (study, indicator) => {
        if (held && indicator === 'wantsIncrease') await gate;
        return source.series(study, indicator);
      },
      version: async () => (held ? 'v2' : 'v1'),
    };
    const cache = new ViewCache();
    const app = dashboardRoutes({ source: slow, cache, renders: new RenderLimit({ concurrent: 1, queue: 0 }) });
    expect((await app.request(`${base}/en/`)).status).toBe(200);
    held = true;
    const stuck = app.request(`${base}/en/?indicator=wantsIncrease`);
    try {
      await new Promise((r) => setTimeout(r, 20));
      const busy = await app.request(`${base}/en/indicators/wantsDecrease/`);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
    } finally {
      release();
    }
    expect((await stuck).status).toBe(200);
    expect((await app.request(`${base}/en/indicators/wantsDecrease/`)).status).toBe(200);
  });
});

describe('absolute links', () => {
  let scratch: ScratchDb;
  beforeAll(async () => {
    scratch = await createScratchDb('pglite');
  });
  afterAll(async () => {
    await scratch.dispose();
  });

  const linksOf = async (app: ReturnType<typeof createApp>) => {
    const headers = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    const page = await (await app.request(`http://evil.example${base}/en/`, { headers })).text();
    const meta = await (await app.request(`http://evil.example${base}/series/wantsDecrease.json`, { headers })).text();
    return { page, meta };
  };

  it('come from BAROMETER_PUBLIC_URL, never from the Host header', async () => {
    const app = createApp(
      { db: scratch.handle, logger: silentLogger, bodyLimit: 65536, publicUrl: 'https://barometer.example.org' },
      { dashboards: source },
    );
    const { page, meta } = await linksOf(app);
    expect(page).toContain(`&lt;iframe src="https://barometer.example.org${base}/en/embed/`);
    expect(page).toMatch(
      /\. <bdi dir="ltr">https:\/\/barometer\.example\.org\/dashboards\/migration-perceptions\/en\/indicators\//,
    );
    expect(meta).toContain(`"data":{"url":"https://barometer.example.org${base}/series/wantsDecrease.csv"`);
    expect(page + meta).not.toContain('evil.example');
  });

  it('come from the listening address when no public URL is configured', async () => {
    const app = createApp(
      { db: scratch.handle, logger: silentLogger, bodyLimit: 65536, listeningUrl: () => 'http://127.0.0.1:8088' },
      { dashboards: source },
    );
    const { page, meta } = await linksOf(app);
    expect(page).toContain(`&lt;iframe src="http://127.0.0.1:8088${base}/en/embed/`);
    expect(meta).toContain(`"data":{"url":"http://127.0.0.1:8088${base}/series/wantsDecrease.csv"`);
    expect(page + meta).not.toContain('evil.example');
  });
});
