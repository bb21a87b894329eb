/**
 * Finding a country (issue 24): the map's shapes, the ranking's rows and the tables' rows link to
 * the country's page, every such link answers 200 with that country's name as its heading, and
 * the overview's country search (a GET form, no script) leads to the page of the country chosen:
 * a redirect for a known one, 404 for a country without estimates, 400 for a code that is none.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let app: ReturnType<typeof dashboardRoutes>;
const base = '/dashboards/migration-perceptions';
const countryLink = /\/countries\/([A-Z]{3})\/$/;

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  app = dashboardRoutes({ source: memorySource([study], data) });
});

const page = async (path: string) => {
  const res = await app.request(path);
  return { res, doc: parseHTML(await res.text()).document };
};

/** The country links (address → link text or title) inside `selector`. */
function countryLinks(doc: Document, selector: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const a of Array.from(doc.querySelectorAll(`${selector} a`))) {
    const href = a.getAttribute('href') ?? '';
    if (countryLink.test(href)) found.set(href, a.textContent?.trim() ?? '');
  }
  return found;
}

describe('finding a country', () => {
  it('map shapes, ranking rows and the tables next to them link to country pages that answer with the country', async () => {
    const { doc } = await page(`${base}/en/indicators/wantsDecrease/map/`);
    const onMap = countryLinks(doc, '#map svg');
    const rankingLabels = countryLinks(doc, '#ranking svg');
    const mapTable = countryLinks(doc, '#map table tbody th');
    const rankingTable = countryLinks(doc, '#ranking table tbody th');
    for (const [name, links] of Object.entries({ onMap, rankingLabels, mapTable, rankingTable }))
      expect(links.size, name).toBeGreaterThan(20);
    // The map's link around France holds France's shape (its title names it).
    const france = `${base}/en/countries/FRA/`;
    expect(onMap.get(france)).toContain('France');
    expect(rankingLabels.get(france)).toContain('France');
    expect(mapTable.get(france)).toBe('France');
    for (const href of [...mapTable.keys()].slice(0, 5)) {
      const { res, doc: country } = await page(href);
      expect(res.status, href).toBe(200);
      expect(country.querySelector('h1')?.textContent).toBe(mapTable.get(href));
    }
  });

  it('the table tab links each country row; region and world rows stay plain', async () => {
    const { doc } = await page(`${base}/fr/indicators/wantsDecrease/table/`);
    const rows = Array.from(doc.querySelectorAll('#table tbody th'));
    const linked = rows.filter((th) => th.querySelector('a'));
    expect(linked.length).toBeGreaterThan(0);
    expect(rows.find((th) => th.textContent === 'Monde')?.querySelector('a')).toBeNull();
    expect(
      linked
        .find((th) => th.textContent === 'Allemagne')
        ?.querySelector('a')
        ?.getAttribute('href'),
    ).toBe(`${base}/fr/countries/DEU/`);
  });

  it('the overview has a country search that works without script, in the reader’s language', async () => {
    const { doc } = await page(`${base}/es/`);
    const form = doc.querySelector('form.country-search');
    expect(form?.getAttribute('method')).toBe('get');
    const action = form?.getAttribute('action') ?? '';
    expect(action).toBe(`${base}/es/countries/`);
    const options = Array.from(form?.querySelectorAll('select[name="country"] option') ?? []);
    expect(options.find((o) => o.getAttribute('value') === 'DEU')?.textContent).toBe('Alemania');
    // Submitting the form: the browser sends ?country=<the option's value>.
    const res = await app.request(`${action}?country=DEU`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${base}/es/countries/DEU/`);
    expect((await app.request(res.headers.get('location') ?? '')).status).toBe(200);
  });

  it('an unknown country is a 404 page, a code that is none a 400 page, each in the address’s language', async () => {
    const unknown = await page(`${base}/fr/countries/?country=ATA`);
    expect(unknown.res.status).toBe(404);
    expect(unknown.doc.querySelector('h1')?.textContent).toBe('Page introuvable');
    expect(unknown.doc.body.textContent).toContain('ATA');
    const bad = await page(`${base}/en/countries/?country=../x`);
    expect(bad.res.status).toBe(400);
    expect(bad.doc.body.textContent).toContain('country');
  });

  it('the countries page lists every country with estimates, each linked, and the overview links to it', async () => {
    const overview = await page(`${base}/ar/`);
    const list = overview.doc.querySelector(`form.country-search a[href="${base}/ar/countries/"]`);
    expect(list).not.toBeNull();
    const { res, doc } = await page(`${base}/ar/countries/`);
    expect(res.status).toBe(200);
    const links = countryLinks(doc, '.country-list');
    const options = overview.doc.querySelectorAll('form.country-search option');
    expect(links.size).toBe(options.length);
    expect(links.get(`${base}/ar/countries/EGY/`)).toBe('مصر');
  });
});
