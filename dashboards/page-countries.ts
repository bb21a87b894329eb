/**
 * Finding a country: the search form on the overview (a GET form with a `<select>` of every
 * country in the reader's language, answered by a redirect to the country's page, so it works
 * without JavaScript) and the page of every country, which the form's address shows when it
 * names no country (and a static copy, whose host ignores the query string, shows instead).
 */
import type { Geography } from '../src/indicators/types.ts';
import { html, type Html } from '../src/html.ts';
import { countryName, regionName, say, w, type UiLanguage } from './i18n.ts';
import { page, type PageContext } from './page-layout.ts';
import type { IndicatorData } from './views.ts';

export type Country = Extract<Geography, { kind: 'country' }>;

const words = {
  findCountry: w('Find a country', 'Trouver un pays', 'Buscar un país', 'ابحث عن بلد'),
  show: w('Show', 'Afficher', 'Mostrar', 'اعرض'),
  allCountries: w('All countries', 'Tous les pays', 'Todos los países', 'كل البلدان'),
};

/** Every country with an estimate of any indicator, sorted by its name in `lang`. */
export function countriesOf(lang: UiLanguage, all: readonly IndicatorData[]): Country[] {
  const byIso = new Map<string, Country>();
  for (const d of all)
    for (const p of d.points) if (p.geography.kind === 'country') byIso.set(p.geography.iso3, p.geography);
  const name = (c: Country) => countryName(lang, c.iso3, c.name);
  return [...byIso.values()].sort((a, b) => name(a).localeCompare(name(b), lang));
}

/**
 * The country search: a `<select>` of the countries, sent by GET to the countries' address, and a
 * link to them all (a static copy, which has no server to read a form, shows the link alone).
 */
export function countrySearch(ctx: PageContext, countries: readonly Country[]): Html {
  const { lang, urls } = ctx;
  if (countries.length === 0) return html``;
  const all = html`<a href="${urls.countries()}">${words.allCountries[lang]}</a>`;
  if (urls.isStatic) return html`<p class="country-search">${all}</p>`;
  return html`<form class="country-search" method="get" action="${urls.countries()}" role="search">
<p class="field"><label for="f-country">${words.findCountry[lang]}</label> <select id="f-country" name="country">${countries.map(
    (c) => html`<option value="${c.iso3}">${countryName(lang, c.iso3, c.name)}</option>`,
  )}</select> <button type="submit">${words.show[lang]}</button> · ${all}</p></form>`;
}

/** Every country, each linked to its page, grouped by region. */
export function countriesPage(ctx: PageContext, countries: readonly Country[]): string {
  const { lang, urls } = ctx;
  const regions = [...new Set(countries.map((c) => c.region))].sort((a, b) =>
    regionName(lang, a).localeCompare(regionName(lang, b), lang),
  );
  const title = words.allCountries[lang];
  const body = html`<p class="crumbs"><a href="${urls.overview()}">${say(lang, 'backToOverview')}</a></p>
<h1>${title}</h1>
${countrySearch(ctx, countries)}
${regions.map(
  (r) =>
    html`<section aria-labelledby="r-${r.replace(/\W+/g, '-')}"><h2 id="r-${r.replace(/\W+/g, '-')}">${regionName(lang, r)}</h2><ul class="country-list">${countries
      .filter((c) => c.region === r)
      .map(
        (c) => html`<li><a href="${urls.countryHref(c.iso3)}">${countryName(lang, c.iso3, c.name)}</a></li>`,
      )}</ul></section>`,
)}`;
  return page(ctx, { title, here: (l) => urls.countries(l), body });
}
