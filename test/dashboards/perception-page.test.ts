/**
 * The perception-versus-reality page of the flagship (synthetic series of the dashboard fixture):
 * a plain sentence per region and for the world, dumbbell charts drawn twice (wide and narrow)
 * with the official figure's source and year under them, tables whose official figure is the
 * estimate minus the gap, and links to the gap's ranking and map; in English and Arabic.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { ViewCache } from '../../dashboards/views.ts';
import { referenceFor } from '../../src/instrument/index.ts';
import { foreignBornShare } from '../../survey-definitions/migration-perceptions/references.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let app: ReturnType<typeof dashboardRoutes>;
/** The same study before its 2028 wave is weighted (as `npm start` builds it: 2022–2026). */
let before: ReturnType<typeof dashboardRoutes>;
let gapOf: (iso3: string) => number | null;
const base = '/dashboards/migration-perceptions';

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  app = dashboardRoutes({ source: memorySource([study], data), cache: new ViewCache() });
  // The synthetic fixture gives every indicator every wave: drop the perception indicators' series.
  const perception = new Set(['perceivedMigrantShare', 'migrantShareGap', 'overestimatesMigrantShare']);
  const upTo2026 = {
    ...data,
    series: data.series.filter((p) => p.wave !== 'mp-2028' && !perception.has(p.indicator)),
    changes: data.changes.filter((c) => c.toWave !== 'mp-2028' && !perception.has(c.indicator)),
  };
  before = dashboardRoutes({ source: memorySource([study], upTo2026), cache: new ViewCache() });
  gapOf = (iso3) =>
    data.series.find(
      (p) =>
        p.indicator === 'migrantShareGap' &&
        p.wave === 'mp-2028' &&
        p.subgroup === null &&
        p.geography.kind === 'country' &&
        p.geography.iso3 === iso3,
    )?.estimate ?? null;
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, doc: parseHTML(await res.text()).document };
};

describe('the perception-versus-reality page', () => {
  it('in English: plain sentences, the dumbbells drawn twice with the source and year, tables with the gap', async () => {
    const { status, doc } = await get(`${base}/en/perception/`);
    expect(status).toBe(200);
    expect(doc.querySelector('h1')?.textContent).toBe('Perception against reality: people born abroad, out of 100');
    const plain = Array.from(doc.querySelectorAll('ul.plain li')).map((li) => li.textContent ?? '');
    expect(plain.length).toBeGreaterThanOrEqual(8);
    expect(plain[0]).toMatch(
      /^Adults worldwide think \d+ in 100 people were born abroad; the official figure is -?\d+\.$/,
    );
    for (const id of ['perception-regions', 'perception-countries']) {
      const section = doc.querySelector(`section#${id}`);
      expect(section?.querySelectorAll('.wide svg').length, id).toBeGreaterThan(0);
      expect(section?.querySelectorAll('.narrow svg').length, id).toBeGreaterThan(0);
      expect(section?.querySelector('.source')?.textContent).toMatch(
        /^Official figure: United Nations, .*International Migrant Stock 2024.*, estimate of 2024 \(UN DESA: CC BY 3\.0 IGO; Our World in Data processing: CC BY 4\.0\)\./,
      );
    }
    expect(doc.querySelector('section#perception-regions .source')?.textContent).toContain(
      'weighted by the same adult populations as the estimates',
    );
    const links = Array.from(doc.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(links).toContain(`${base}/en/indicators/migrantShareGap/`);
    expect(links).toContain(`${base}/en/indicators/migrantShareGap/map/`);
    const deu = Array.from(doc.querySelectorAll('section#perception-countries tbody tr')).find((tr) =>
      tr.textContent?.startsWith('Germany'),
    );
    expect(deu, 'a row for Germany').toBeDefined();
    // The official figure column (5th) is Germany's 2024 estimate; the gap column (6th) the series' gap.
    const cells = Array.from(deu?.querySelectorAll('td') ?? []).map((td) =>
      Number((td.textContent ?? '').replace(/[^0-9.−-]/g, '').replace('−', '-')),
    );
    expect(cells[3]).toBeCloseTo(referenceFor(foreignBornShare, 'DEU', 2028)?.value ?? Number.NaN, 2);
    expect(cells[4]).toBeCloseTo(gapOf('DEU') ?? Number.NaN, 2);
  });

  it('in Arabic, right to left, with the source line', async () => {
    const { status, doc } = await get(`${base}/ar/perception/`);
    expect(status).toBe(200);
    expect(doc.documentElement.getAttribute('dir')).toBe('rtl');
    expect(doc.querySelector('ul.plain li')?.textContent).toMatch(/^يعتقد البالغون في /);
    expect(doc.querySelector('section#perception-countries .source')?.textContent).toMatch(/^الرقم الرسمي: /);
  });

  it('is linked from the methodology page (so the static build reaches it)', async () => {
    const { doc } = await get(`${base}/en/methodology/`);
    const links = Array.from(doc.querySelectorAll('section[aria-labelledby="m-reality"] a')).map((a) =>
      a.getAttribute('href'),
    );
    expect(links).toEqual([`${base}/en/perception/`]);
  });

  it('is not found for a study without a gap indicator', async () => {
    const { study, data } = await flagshipFixture();
    const plain = { ...study, indicators: study.indicators.filter((i) => i.kind !== 'gap') };
    const other = dashboardRoutes({ source: memorySource([plain], data), cache: new ViewCache() });
    expect((await other.request(`${base}/en/perception/`)).status).toBe(404);
  });

  it('before the first wave that asks the question is weighted: says which wave, its status and fieldwork, not just "No data"', async () => {
    const res = await before.request(`${base}/en/perception/`);
    expect(res.status).toBe(200);
    const doc = parseHTML(await res.text()).document;
    const text = doc.querySelector('main')?.textContent ?? '';
    expect(text).toMatch(
      /first asked in the 2028 wave \(planned, fieldwork [A-Z][a-z]+ \d{1,2}, 2028 – [A-Z][a-z]+ \d{1,2}, 2028\)/,
    );
    expect(doc.querySelector('main a[href$="/methodology/"]')).not.toBeNull();
    const ar = await (await before.request(`${base}/ar/perception/`)).text();
    expect(ar).toContain('موجة 2028');
  });
});
