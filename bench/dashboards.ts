/**
 * `npm run bench:dashboards` — server render time of the dashboards' overview for 150 countries ×
 * 10 waves (synthetic series for every indicator of the flagship study), uncached and cached,
 * and the full static build of the flagship study's dashboards (the demo study's shape: its own
 * countries and waves; synthetic series). Baseline,
 * measured in the same run: one bare Observable Plot render (a line of 10 points) on linkedom.
 *
 * Then the same on the demo world as `npm start` builds it (`--world=N` completes per country and
 * wave, default 1000; 0 skips it): the world built on embedded PGlite, then, as a fresh process
 * would read it (the campaign reports from the database, no page cached), the static build of
 * every study and language, and one uncached country page and campaign page.
 *
 * Goals: overview under 300 ms uncached and under 20 ms cached; any uncached page of the world
 * under 300 ms; its static build under 30 s.
 * Options: --runs=N (default 10), --world=N (default 1000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Plot from '@observablehq/plot';
import countries from 'i18n-iso-countries';
import { parseHTML } from 'linkedom';
import { buildStaticSite } from '../dashboards/build.ts';
import { dashboardRoutes } from '../dashboards/routes.ts';
import { memorySource } from '../dashboards/source.ts';
import { ViewCache } from '../dashboards/views.ts';
import { flagshipFixture, synthesize } from '../test/helpers/dashboards.ts';
import { definitionsDir } from '../test/helpers/collection.ts';
import { createDb } from '../db/index.ts';
import { bootstrapDefinitions } from '../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../src/demo/index.ts';
import { forgetKeptReports, publishedSeriesAndCampaigns } from '../src/indicators/campaign/stored.ts';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 10);
const worldSize = Number(process.argv.find((a) => a.startsWith('--world='))?.split('=')[1] ?? 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

// Baseline: one bare Plot render on the same server-side DOM.
const { document } = parseHTML('<!doctype html><html><body></body></html>');
const line = Array.from({ length: 10 }, (_, i) => ({ x: 2016 + i, y: Math.sin(i) }));
const bare = () => Plot.plot({ document, marks: [Plot.lineY(line, { x: 'x', y: 'y' })] }).outerHTML;
for (let i = 0; i < 5; i++) bare();
const bareTimes: number[] = [];
for (let i = 0; i < runs * 3; i++) bareTimes.push(await time(bare));

// 150 countries × 10 waves, the study's indicators, seven regions.
const { study } = await flagshipFixture();
const regions = [
  'Europe',
  'Asia',
  'Sub-Saharan Africa',
  'Latin America and the Caribbean',
  'Middle East and North Africa',
  'Northern America',
  'Oceania',
];
const iso3 = Object.keys(countries.getAlpha3Codes())
  .filter((c) => countries.alpha3ToNumeric(c) !== undefined)
  .sort()
  .slice(0, 150);
const data = synthesize({
  study: study.id,
  indicators: study.indicators.map((i) => i.id),
  countries: iso3.map((c, i) => ({
    iso3: c,
    name: countries.getName(c, 'en') ?? c,
    region: regions[i % regions.length] ?? 'Europe',
  })),
  waves: Array.from({ length: 10 }, (_, i) => ({ id: `w${2017 + i}`, year: 2017 + i })),
  seed: 3,
});
const source = memorySource([study], data);
const url = `/dashboards/${study.id}/en/`;
const points = data.series.length;

const uncached: number[] = [];
for (let i = 0; i < runs; i++) {
  const app = dashboardRoutes({ source, cache: new ViewCache() });
  uncached.push(
    await time(async () => {
      const res = await app.request(url);
      if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
      await res.text();
    }),
  );
}
const app = dashboardRoutes({ source, cache: new ViewCache() });
await (await app.request(url)).text();
const cached: number[] = [];
for (let i = 0; i < runs * 3; i++) cached.push(await time(async () => (await app.request(url)).text()));

// Full static build of the flagship study's dashboards.
const flagship = await flagshipFixture();
const out = mkdtempSync(join(tmpdir(), 'barometer-bench-site-'));
let build = { files: 0, pages: 0, bytes: 0 };
const buildMs = await time(async () => {
  build = await buildStaticSite(memorySource([flagship.study], flagship.data), out);
});
rmSync(out, { recursive: true, force: true });

const baseline = median(bareTimes);
const u = median(uncached);
const c = median(cached);
console.log(`bench:dashboards (${runs} runs; medians; the machine is shared, so figures are noisy)`);
console.log(`  baseline: one bare Plot render (line of 10 points, linkedom)      ${ms(baseline)}`);
console.log(`  overview, 150 countries × 10 waves (${points.toLocaleString('en')} series points):`);
console.log(
  `    uncached  ${ms(u).padStart(10)}  (= ${(u / baseline).toFixed(0)} bare renders)  goal < 300 ms: ${u < 300 ? 'PASS' : 'FAIL'}  [min ${ms(Math.min(...uncached))}, max ${ms(Math.max(...uncached))}]`,
);
console.log(
  `    cached    ${ms(c).padStart(10)}  goal < 20 ms: ${c < 20 ? 'PASS' : 'FAIL'}  [min ${ms(Math.min(...cached))}, max ${ms(Math.max(...cached))}]`,
);
console.log(
  `  static build of the flagship study (${flagship.study.waves.length} waves, 4 languages): ${(buildMs / 1000).toFixed(1)} s, ${build.pages} pages, ${build.files} files, ${(build.bytes / 1e6).toFixed(1)} MB`,
);

if (worldSize > 0) {
  const dataDir = mkdtempSync(join(tmpdir(), 'barometer-bench-world-'));
  const handle = await createDb({ kind: 'pglite', dataDir });
  try {
    await handle.migrate();
    const { studies } = await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
    const worldMs = await time(() =>
      buildDemoWorld(handle.db, { size: { scale: worldSize / 1000 }, scenario: 'realistic', through: 'bulk' }),
    );
    // As a fresh process finds it: reports in the database only, nothing rendered.
    forgetKeptReports(handle.db);
    const worldSource = publishedSeriesAndCampaigns(handle.db, studies);
    const site = mkdtempSync(join(tmpdir(), 'barometer-bench-world-site-'));
    let built = { files: 0, pages: 0, bytes: 0 };
    const siteMs = await time(async () => {
      built = await buildStaticSite(worldSource, site);
    });
    rmSync(site, { recursive: true, force: true });
    forgetKeptReports(handle.db);
    const live = dashboardRoutes({ source: publishedSeriesAndCampaigns(handle.db, studies), cache: new ViewCache() });
    const first = await time(async () => (await live.request('/dashboards/migration-perceptions/en/')).text());
    const timed: [string, number][] = [];
    for (const path of [
      '/dashboards/migration-perceptions/ar/countries/KEN/',
      '/dashboards/migration-perceptions/fr/countries/DEU/',
      '/dashboards/migration-perceptions/en/indicators/wantsDecrease/map/',
      '/dashboards/migration-perceptions/ar/campaigns/migration-means/',
      '/dashboards/migration-perceptions/es/campaigns/i-am-a-migrant-too/',
    ])
      timed.push([path, await time(async () => (await live.request(path)).text())]);
    console.log(
      `  the demo world, ${worldSize.toLocaleString('en')} per country and wave (built in ${(worldMs / 1000).toFixed(1)} s):`,
    );
    console.log(
      `    static build, every study and language: ${(siteMs / 1000).toFixed(1)} s, ${built.pages} pages, ${built.files} files, ${(built.bytes / 1e6).toFixed(1)} MB  (= ${(siteMs / baseline).toFixed(0)} bare renders)  goal ≤ 30 s: ${siteMs <= 30_000 ? 'PASS' : 'FAIL'}`,
    );
    console.log(`    first page (reads the series and the campaign reports): ${ms(first)}`);
    for (const [path, t] of timed)
      console.log(
        `    uncached ${path.replace('/dashboards/migration-perceptions', '').padEnd(40)} ${ms(t).padStart(10)}  goal < 300 ms: ${t < 300 ? 'PASS' : 'FAIL'}`,
      );
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
