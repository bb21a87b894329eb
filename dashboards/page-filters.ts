/**
 * Filters as a GET form: every choice lands in the query string, so a view is a link anyone
 * can share, and the form works without JavaScript (the optional script submits it on change).
 * A static copy has no server to read the query, so it shows no form.
 */
import { geographyKey, geographyName, say } from './i18n.ts';
import { html, type Html } from '../src/html.ts';
import { geographiesOf, studyText } from './model.ts';
import type { IndicatorData, ResolvedState, ViewQuery } from './views.ts';
import type { PageContext } from './page-layout.ts';

export type FilterField = 'indicator' | 'geo' | 'wave' | 'from' | 'to' | 'level' | 'place';

export function filterForm(
  ctx: PageContext,
  data: IndicatorData,
  s: ResolvedState,
  o: { action: string; fields: readonly FilterField[]; query: ViewQuery },
): Html {
  const { lang, urls, study } = ctx;
  if (urls.isStatic) return html``;
  const has = (f: FilterField) => o.fields.includes(f);
  const waves = [...data.waves].reverse();
  const waveSelect = (name: 'wave' | 'from' | 'to', label: string, current: string) =>
    html`<p class="field"><label for="f-${name}">${label}</label> <select id="f-${name}" name="${name}">${waves.map((w) => html`<option value="${w.id}" data-year="${w.year}"${w.id === current ? html` selected` : ''}>${w.year}</option>`)}</select></p>`;
  const geos = geographiesOf(data.points);
  const selected = new Set(s.geo);
  const box = (key: string, name: string) =>
    html`<li><label><input type="checkbox" name="geo" value="${key}"${selected.has(key) ? html` checked` : ''}> ${name}</label></li>`;
  const aggregates = geos.filter((g) => g.kind !== 'country');
  const countries = geos.filter((g) => g.kind === 'country');
  const parts: Html[] = [];
  if (has('indicator'))
    parts.push(
      html`<p class="field"><label for="f-indicator">${say(lang, 'indicators')}</label> <select id="f-indicator" name="indicator">${study.indicators.map(
        (i) =>
          html`<option value="${i.id}"${i.id === data.indicator.id ? html` selected` : ''}>${studyText(study, i.label, lang)}</option>`,
      )}</select></p>`,
    );
  if (has('geo'))
    parts.push(html`<fieldset class="geo"><legend>${say(lang, 'show')}</legend>
<ul class="checks">${aggregates.map((g) => box(geographyKey(g), geographyName(lang, g)))}</ul>
<details${countries.some((g) => selected.has(geographyKey(g))) ? html` open` : ''}><summary>${say(lang, 'countries')} (${countries.length})</summary>
<ul class="checks countries">${countries.map((g) => box(geographyKey(g), geographyName(lang, g)))}</ul></details></fieldset>`);
  if (has('wave')) parts.push(waveSelect('wave', `${say(lang, 'map')} / ${say(lang, 'ranking')}`, s.wave.id));
  if (has('from')) parts.push(waveSelect('from', `${say(lang, 'changeBetween')}: ${say(lang, 'from')}`, s.from.id));
  if (has('to')) parts.push(waveSelect('to', say(lang, 'to'), s.to.id));
  if (has('level'))
    parts.push(
      html`<fieldset class="level"><legend>${say(lang, 'changeBetween')}</legend>${(
        ['regions', 'countries'] as const
      ).map(
        (l) =>
          html`<label><input type="radio" name="level" value="${l}"${s.level === l ? html` checked` : ''}> ${l === 'regions' ? say(lang, 'region') : say(lang, 'countries')}</label> `,
      )}</fieldset>`,
    );
  if (has('place'))
    parts.push(
      html`<p class="field"><label for="f-place">${say(lang, 'subgroups')}</label> <select id="f-place" name="place">${geos.map(
        (g) =>
          html`<option value="${geographyKey(g)}"${geographyKey(g) === s.place ? html` selected` : ''}>${geographyName(lang, g)}</option>`,
      )}</select></p>`,
    );
  return html`<form class="filters" method="get" action="${o.action}" data-autosubmit>
<h2 class="visually-hidden">${say(lang, 'filters')}</h2>
${parts}
<p class="field"><button type="submit">${say(lang, 'apply')}</button></p>
</form>`;
}
