/**
 * One country: every indicator over time next to its region and the world, then its sample
 * sizes, margins of error and design effects per wave.
 */
import { marginText, mdcText } from './margin.ts';
import type { Geography } from '../src/indicators/types.ts';
import { countryName, regionName, geographyKey, say } from './i18n.ts';
import { formatCount, formatRatio, formatValue } from './format.ts';
import { html } from '../src/html.ts';
import { withheldWord } from './i18n-quality.ts';
import { pointIndex, studyText, valueKind } from './model.ts';
import type { IndicatorData, ViewCache } from './views.ts';
import { resolveState } from './views.ts';
import { chartBlock, citation, emptyBlock, page, type PageContext } from './page-layout.ts';

export function countryPage(
  ctx: PageContext,
  country: Extract<Geography, { kind: 'country' }>,
  all: readonly IndicatorData[],
  cache: ViewCache,
): string {
  const { lang, urls, study } = ctx;
  const name = countryName(lang, country.iso3, country.name);
  const key = geographyKey(country);
  const blocks = all.map((data, i) => {
    const label = studyText(study, data.indicator.label, lang);
    const known = pointIndex(data.points).known;
    const geo = [key, `region:${country.region}`, 'world'].filter((k) => known.has(k));
    const query = { geo };
    const state = known.has(key) ? resolveState(data, query) : null;
    const rendered = state ? cache.render(data, 'trend', state, lang) : null;
    const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
    return rendered
      ? chartBlock(
          ctx,
          rendered,
          { id: `i${i}`, indicator: data.indicator.id, view: 'trend', query, headingLevel: 3 },
          citation(ctx, `${label}, ${name}`, waves, urls.indicator(data.indicator.id, 'chart', query)),
        )
      : emptyBlock(ctx, `i${i}`, label);
  });
  const headlineHere = (d: IndicatorData) => pointIndex(d.points).headlineByPlace.get(key) ?? [];
  const first = all.find((d) => headlineHere(d).length > 0);
  const samples = [...(first ? headlineHere(first) : [])].sort((a, b) => a.year - b.year);
  const table = samples.length
    ? html`<div class="table-wrap"><table><caption>${name}: ${say(lang, 'samples').toLowerCase()} (${first ? studyText(study, first.indicator.label, lang) : ''})</caption>
<thead><tr><th scope="col">${say(lang, 'wave')}</th><th scope="col">${say(lang, 'n')}</th><th scope="col">${say(lang, 'moe')}</th><th scope="col">${say(lang, 'deff')}</th><th scope="col">${say(lang, 'mdc')}</th></tr></thead>
<tbody>${samples.map((p) => {
        const kind = first ? valueKind(first.indicator) : 'share';
        const n = html`<th scope="row">${p.year}</th><td class="num">${formatCount(lang, p.n)}</td>`;
        // Withheld with its estimate (or not estimable): margin, design effect and MDC in one cell that says why, not "–".
        if (p.deff === null)
          return html`<tr>${n}<td class="num withheld" colspan="3">${withheldWord(lang, p.suppressed)}</td></tr>`;
        return html`<tr>${n}<td class="num">${marginText(lang, kind, p)}</td><td class="num">${formatRatio(lang, p.deff)}</td><td class="num">${mdcText(lang, p.n, p.deff)}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p>${say(lang, 'noData')}.</p>`;
  const body = html`<p class="crumbs"><a href="${urls.overview()}">${say(lang, 'backToOverview')}</a></p>
<h1>${name}</h1>
<p class="lead">${say(lang, 'region')}: ${regionName(lang, country.region)}</p>
<section aria-labelledby="samples-title"><h2 id="samples-title">${say(lang, 'samples')}</h2>${table}
<p class="note"><a href="${urls.methodology()}">${say(lang, 'methodology')}</a></p></section>
<section aria-labelledby="ind-title"><h2 id="ind-title">${say(lang, 'indicators')}</h2>${blocks}</section>`;
  return page(ctx, { title: name, here: (l) => urls.country(country.iso3, l), body });
}
