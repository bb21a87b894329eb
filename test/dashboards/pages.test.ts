/**
 * The dashboards' pages through `app.request()` on a fixture source (the flagship study's
 * definition with synthetic series): each page answers, filters live in the query string and
 * a bad one answers 400 naming the field, the CSV of a view holds the rows of the table next to
 * its chart, downloads carry the metadata, and the static build is self-contained.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaticSite } from '../../dashboards/build.ts';
import { RenderLimit } from '../../dashboards/cache.ts';
import { minimumDetectableChange } from '../../src/indicators/power.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { bibtexText } from '../../dashboards/page-layout.ts';
import { memorySource, type DashboardSource } from '../../dashboards/source.ts';
import { ViewCache } from '../../dashboards/views.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let source: DashboardSource;
let app: ReturnType<typeof dashboardRoutes>;
let cache: ViewCache;
const base = '/dashboards/migration-perceptions';

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  source = memorySource([study], data);
  cache = new ViewCache();
  app = dashboardRoutes({ source, cache });
});

const page = async (path: string) => {
  const res = await app.request(path);
  const text = await res.text();
  return { res, text, doc: parseHTML(text).document };
};

describe('pages', () => {
  it('overview: headline per region with change and significance, then every chart with its table', async () => {
    const { res, doc } = await page(`${base}/en/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const cards = Array.from(doc.querySelectorAll('.cards .card h3')).map((h) => h.textContent);
    expect(cards[0]).toBe('World');
    expect(cards).toContain('Europe');
    expect(doc.querySelectorAll('.cards .delta').length).toBe(cards.length);
    for (const id of ['trend', 'change', 'map', 'ranking', 'distribution']) {
      const section = doc.querySelector(`section#${id}`);
      // The map's and ranking's countries link to their pages: those charts are figures (an image holds no link).
      const role = id === 'map' || id === 'ranking' ? 'figure' : 'img';
      expect(section?.querySelector(`svg[role="${role}"] > title`), id).not.toBeNull();
      expect(section?.querySelector('table'), id).not.toBeNull();
    }
  });

  it('indicator tabs, country and methodology pages answer in every language; Arabic is right to left', async () => {
    for (const lang of ['en', 'fr', 'es', 'ar']) {
      for (const path of [
        'indicators/wantsDecrease/',
        'indicators/wantsDecrease/map/',
        'indicators/wantsDecrease/table/',
        'countries/GBR/',
        'methodology/',
      ]) {
        const { res, doc } = await page(`${base}/${lang}/${path}`);
        expect(res.status, `${lang}/${path}`).toBe(200);
        expect(doc.documentElement.getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      }
    }
  });

  it('the methodology page states the suppression rule, breaks, the weighting method and a minimum detectable change per country', async () => {
    const { doc, text } = await page(`${base}/en/methodology/`);
    expect(text).toContain('fewer than 50 respondents');
    // The flagship's collapsing rule (k = 5) and bounds ([0.05, 5]), from its wave definitions.
    const weighting = doc.querySelector('#m-weight')?.parentElement?.textContent ?? '';
    expect(weighting).toContain(
      'a margin cell with fewer than 5 respondents is merged with its neighbouring age group',
    );
    expect(weighting).toContain('between 0.05 and 5 times the country’s average weight');
    const fr = await page(`${base}/fr/methodology/`);
    expect(fr.text).toContain('moins de 5 répondants est fusionnée');
    expect(doc.querySelector('#m-breaks')?.parentElement?.textContent).toContain('answer options changed');
    expect(text).toContain('World Population Prospects 2024');
    expect(doc.querySelector('[lang="ar"][dir="rtl"]')?.textContent).toContain('الهجرة');
    // Each country of each wave with the mode it was fielded in (the flagship's waves are online throughout).
    const waves = doc.querySelector('#m-waves')?.parentElement;
    const countries = Array.from(waves?.querySelectorAll('tbody tr') ?? []).map(
      (r) => r.lastElementChild?.textContent ?? '',
    );
    expect(countries.length).toBeGreaterThan(0);
    for (const cell of countries) {
      const named = cell.split(', ');
      expect(
        named.every((c) => c.endsWith(' (Online)')),
        cell,
      ).toBe(true);
    }
  });

  it('a filter is in the URL: choosing geographies changes the trend; an unknown one is a 400 naming the field', async () => {
    const { doc } = await page(`${base}/en/indicators/wantsDecrease/?geo=country:GBR&geo=country:FRA`);
    const rows = Array.from(doc.querySelectorAll('section#trend tbody th')).map((t) => t.textContent);
    expect(new Set(rows)).toEqual(new Set(['United Kingdom', 'France']));
    const bad = await page(`${base}/en/indicators/wantsDecrease/?wave=nope`);
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('wave: no wave');
    const unknownField = await page(`${base}/en/?colour=red`);
    expect(unknownField.res.status).toBe(400);
    expect((await app.request(`${base}/en/indicators/nope/`)).status).toBe(404);
    expect((await app.request(`${base}/xx/`)).status).toBe(404);
  });

  it('the CSV of a view holds exactly the rows of the table next to its chart', async () => {
    const query = '?geo=world&geo=region:Europe';
    const { doc } = await page(`${base}/en/indicators/wantsDecrease/${query}`);
    const link = doc.querySelector('section#trend a[data-download="shown"]')?.getAttribute('href');
    expect(decodeURIComponent(link ?? '')).toBe(`${base}/en/indicators/wantsDecrease/trend.csv${query}`);
    const csv = await (await app.request(link ?? '')).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('geography,year,estimate,ci_low,ci_high,n,status');
    const tableRows = Array.from(doc.querySelectorAll('section#trend tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent),
    );
    expect(lines.length - 1).toBe(tableRows.length);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      const row = tableRows[i] ?? [];
      expect(cells[0]).toBe(row[0]);
      expect(cells[1]).toBe(row[1]);
      const shown = cells[2] === '' ? '–' : `${(Number(cells[2]) * 100).toFixed(1)}%`;
      expect(row[2]).toBe(shown);
    });
  });

  it('full series CSV leaves suppressed estimates empty; metadata names definition, base, sources, citation', async () => {
    const csv = await (await app.request(`${base}/series/wantsDecrease.csv`)).text();
    const header = csv.split('\r\n')[0]?.split(',') ?? [];
    const suppressed = csv.split('\r\n').filter((l) => l.includes('below_minimum_n'));
    expect(suppressed.length).toBeGreaterThan(0);
    for (const l of suppressed) expect(l.split(',')[header.indexOf('estimate')]).toBe('');
    const meta = (await (await app.request(`${base}/series/wantsDecrease.json`)).json()) as Record<string, unknown>;
    expect(Object.keys(meta)).toEqual(
      expect.arrayContaining(['indicator', 'waves', 'sources', 'suppression', 'citation', 'data']),
    );
    expect(JSON.stringify(meta)).toContain('MIG_LEVEL');
    expect(meta['bibtex']).toMatch(
      /^@misc\{barometer-migration-perceptions-wantsDecrease,\n {2}author = \{\{Barometer\}\},/,
    );
    expect(meta['bibtex']).toContain('2022--2028');
  });

  it('the SVG download is the chart drawn on the page; embed pages may be framed, others not', async () => {
    const svg = await (await app.request(`${base}/en/indicators/wantsDecrease/trend.svg`)).text();
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg/);
    // It describes itself (read back as XML): title, definition, field periods, the minimum n, source, citation.
    const doc = new DOMParser().parseFromString(svg.replace(/^<\?xml[^>]*>\n/, ''), 'image/svg+xml');
    const lines = [...doc.querySelectorAll('svg > text')].map((t) => t.textContent ?? '');
    const said = lines.join(' ');
    expect(lines[0]).toMatch(/^Want immigration decreased — /);
    expect(said).toMatch(/Field period: 2022 \(/);
    expect(said).toMatch(/fewer than 50 respondents is not published/);
    expect(said).toMatch(/Source: Barometer, “/);
    expect(said).toMatch(/Cite: Barometer, “.*” \(migration-perceptions\), 2022–2028: Want immigration decreased\./);
    expect(doc.querySelectorAll('svg > svg')).toHaveLength(1);
    const arabic = await (await app.request(`${base}/ar/indicators/wantsDecrease/trend.svg`)).text();
    // Right to left: each line of the description a right-to-left isolate anchored at its end.
    expect(arabic).toMatch(/<text [^>]*text-anchor="end"[^>]*>\u2067فترة الميدان/);
    expect(arabic).toContain('فترة الميدان');
    // Right to left: the citation's URL is a left-to-right isolate (not "/http://…"), and the
    // legend's Arabic note an isolate of its own inside the left-to-right chart.
    expect(arabic).toMatch(/\u2066http:\/\/[^\u2069]*\/ar\/indicators\/wantsDecrease\/\u2069/);
    expect(arabic).toContain('\u2068الأشرطة المظللة: فترات ثقة 95%.\u2069');
    const embed = await app.request(`${base}/en/embed/wantsDecrease/map/`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const normal = await app.request(`${base}/en/`);
    expect(normal.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('pages are cached per parsed filters and data version: the same filters render once, other filters or a new version again', async () => {
    let version = 'run-1';
    const versioned: DashboardSource = { ...source, version: async () => version };
    /** Counts the uncached renders (each page render goes through the limit). */
    class CountingLimit extends RenderLimit {
      runs = 0;
      override run<T>(render: () => Promise<T> | T): Promise<T> {
        this.runs += 1;
        return super.run(render);
      }
    }
    const renders = new CountingLimit({ concurrent: 1, queue: 16 });
    const counted = dashboardRoutes({ source: versioned, cache: new ViewCache(), renders });
    const [study] = await source.studies();
    const from = study?.waves[1]?.id ?? '';
    const get = async (query: string) => {
      const res = await counted.request(`${base}/en/indicators/wantsDecrease/${query}`);
      expect(res.status, query).toBe(200);
      return res.text();
    };
    const first = await get(`?geo=world&from=${from}`);
    expect(renders.runs).toBe(1);
    // The same filters in another order are the same page, answered from the cache.
    expect(await get(`?from=${from}&geo=world`)).toBe(first);
    expect(renders.runs).toBe(1);
    // Other filters: another page.
    const europe = await get(`?geo=region:Europe&from=${from}`);
    expect(renders.runs).toBe(2);
    expect(europe).not.toBe(first);
    // A new data version (a weighting run) renders the same filters again, once.
    version = 'run-2';
    await get(`?geo=world&from=${from}`);
    expect(renders.runs).toBe(3);
    await get(`?geo=world&from=${from}`);
    expect(renders.runs).toBe(3);
  });
});

describe('minimum detectable change', () => {
  it('is (z₀.₉₇₅ + z₀.₈)·√(deff·p(1−p)·(1/n₁+1/n₂)), checked by hand', () => {
    // 1.959964 + 0.841621 = 2.801585; √(0.25·(2/1000)) = 0.0223607; product 0.062645.
    expect(minimumDetectableChange(1000, 1000, 1)).toBeCloseTo(0.062645, 5);
    // A design effect of 2 multiplies it by √2.
    expect(minimumDetectableChange(1000, 1000, 2)).toBeCloseTo(0.062645 * Math.SQRT2, 5);
    expect(() => minimumDetectableChange(0, 10, 1)).toThrow(/positive number of interviews/);
    expect(() => minimumDetectableChange(10, 10, Infinity)).toThrow(/deff must be a positive number/);
    // Any power, from the normal quantile (R: qnorm(0.975) + qnorm(0.85) = 1.959964 + 1.036433 = 2.996397).
    expect(minimumDetectableChange(1000, 1000, 1, { power: 0.85 })).toBeCloseTo(2.996397 * Math.sqrt(0.0005), 6);
  });
});

describe('static build', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'barometer-site-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes every page and file the pages link to, with no query strings and no off-site request', async () => {
    const result = await buildStaticSite(source, out);
    expect(result.pages).toBeGreaterThan(40);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(out);
    const html = files.filter((f) => f.endsWith('.html'));
    for (const f of html) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/(src|href)="https?:/);
      expect(text, f).not.toMatch(/<form/);
    }
    expect(files.some((f) => f.endsWith('/dashboards/migration-perceptions/ar/countries/KEN/index.html'))).toBe(true);
    // The overview links every country's page through the list of countries (its search form needs a server).
    expect(files.some((f) => f.endsWith('/dashboards/migration-perceptions/fr/countries/index.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('/dashboards/migration-perceptions/series/wantsDecrease.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('/dashboards/assets/dashboards.css'))).toBe(true);
  }, 600_000); // the whole site: 51 countries × 4 languages, each chart drawn wide and narrow
});

describe('citations', () => {
  it('escape BibTeX specials, and the pages give a BibTeX entry beside the line, the address left to right', async () => {
    expect(bibtexText('A & B_1 {50%} #x ~ ^ \\ $')).toBe(
      'A \\& B\\_1 \\{50\\%\\} \\#x \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\$',
    );
    const arabic = await (await app.request(`${base}/ar/indicators/wantsDecrease/`)).text();
    expect(arabic).toMatch(
      /<details class="bibtex"><summary>BibTeX<\/summary><pre dir="ltr">@misc\{barometer-migration-perceptions-wantsDecrease,/,
    );
    expect(arabic).toMatch(/<bdi dir="ltr">http:\/\/[^<]*\/ar\/indicators\/wantsDecrease\/[^<]*<\/bdi>/);
  });
});
