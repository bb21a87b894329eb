/**
 * One indicator, three tabs (links, so each tab is its own address): the chart tab (trend of
 * the chosen geographies, change between two waves, subgroups), the map tab (map and ranking of
 * one wave), the table tab (every estimate of every geography and wave). Also the chart-only
 * page an `<iframe>` embeds.
 */
import type { SeriesPoint } from '../src/indicators/types.ts';
import { geographyName, say } from './i18n.ts';
import { html, type Html } from '../src/html.ts';
import { tableHtml } from './chart-table.ts';
import { localDefinition } from './definitions.ts';
import { geographiesOf, studyText, valueKind } from './model.ts';
import { statusOf } from './chart-columns.ts';
import type { ChartTable } from './chart-core.ts';
import type { IndicatorData, ResolvedState, ViewCache, ViewName, ViewQuery } from './views.ts';
import { chartBlock, citation, emptyBlock, page, type PageContext } from './page-layout.ts';
import { filterForm } from './page-filters.ts';

export type Tab = 'chart' | 'map' | 'table';

/** Every estimate of the indicator for all adults: one row per geography and wave. */
export function seriesTable(ctx: PageContext, data: IndicatorData): ChartTable {
  const { lang } = ctx;
  const order = new Map(geographiesOf(data.points).map((g, i) => [JSON.stringify(g), i]));
  const points = data.points
    .filter((p) => p.subgroup === null)
    .sort(
      (a, b) =>
        (order.get(JSON.stringify(a.geography)) ?? 0) - (order.get(JSON.stringify(b.geography)) ?? 0) ||
        a.year - b.year,
    );
  const rows = points.map((p: SeriesPoint) => {
    const ok = p.estimate !== null && p.suppressed === null;
    return [
      geographyName(lang, p.geography),
      String(p.year),
      ok ? p.estimate : null,
      ok ? p.ciLow : null,
      ok ? p.ciHigh : null,
      ok ? p.moe : null,
      p.n,
      ok ? p.deff : null,
      statusOf(lang, p),
    ];
  });
  return {
    columns: [
      { key: 'geography', label: say(lang, 'region'), type: 'text' },
      { key: 'year', label: say(lang, 'year'), type: 'text' },
      { key: 'estimate', label: say(lang, 'estimate'), type: 'value' },
      { key: 'ci_low', label: say(lang, 'ciLow'), type: 'value' },
      { key: 'ci_high', label: say(lang, 'ciHigh'), type: 'value' },
      { key: 'moe', label: say(lang, 'moe'), type: 'value' },
      { key: 'n', label: say(lang, 'n'), type: 'count' },
      { key: 'deff', label: say(lang, 'deff'), type: 'ratio' },
      { key: 'status', label: say(lang, 'status'), type: 'text' },
    ],
    rows,
    rowCountries: points.map((p) => (p.geography.kind === 'country' ? p.geography.iso3 : null)),
  };
}

export interface IndicatorInput {
  readonly data: IndicatorData;
  readonly state: ResolvedState | null;
  readonly query: ViewQuery;
  readonly cache: ViewCache;
  readonly tab: Tab;
}

export function indicatorPage(ctx: PageContext, input: IndicatorInput): string {
  const { lang, urls, study } = ctx;
  const { data, state, query, cache, tab } = input;
  const id = data.indicator.id;
  const label = studyText(study, data.indicator.label, lang);
  const def = localDefinition(study, data.indicator, lang);
  const tabs = html`<nav class="tabs" aria-label="${label}"><ul>${(['chart', 'map', 'table'] as const).map((t) =>
    t === tab
      ? html`<li><a href="${urls.indicator(id, t, query)}" aria-current="page">${say(lang, t)}</a></li>`
      : html`<li><a href="${urls.indicator(id, t, query)}">${say(lang, t)}</a></li>`,
  )}</ul></nav>`;
  const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
  const block = (view: ViewName, title: string) => {
    if (!state) return emptyBlock(ctx, view, title);
    const rendered = cache.render(data, view, state, lang, urls.countryHref);
    return rendered
      ? chartBlock(
          ctx,
          rendered,
          { id: view, indicator: id, view, query },
          citation(ctx, label, waves, urls.indicator(id, tab, query)),
        )
      : emptyBlock(ctx, view, title);
  };
  let content: Html;
  if (!state) content = html`<p class="note">${say(lang, 'noData')}.</p>`;
  else if (tab === 'chart')
    content = html`${filterForm(ctx, data, state, { action: urls.indicator(id, 'chart'), fields: ['geo', 'from', 'to', 'level', 'place'], query })}
${block('trend', say(lang, 'trend'))}${block('change', say(lang, 'changeBetween'))}${block('subgroups', say(lang, 'subgroups'))}`;
  else if (tab === 'map')
    content = html`${filterForm(ctx, data, state, { action: urls.indicator(id, 'map'), fields: ['wave'], query })}${block('map', say(lang, 'map'))}${block('ranking', say(lang, 'ranking'))}`;
  else
    content = html`<section class="chart" id="table" aria-labelledby="table-title"><h2 id="table-title">${label} — ${say(lang, 'table')}</h2>
${tableHtml(lang, valueKind(data.indicator), seriesTable(ctx, data), `${label}, ${waves}`, urls.countryHref)}
<ul class="downloads"><li><a href="${urls.seriesCsv(id)}" download data-download="series">${say(lang, 'fullSeries')}</a></li><li><a href="${urls.seriesJson(id)}" download>${say(lang, 'metadata')}</a></li></ul></section>`;
  const body = html`<p class="crumbs"><a href="${urls.overview()}">${say(lang, 'backToOverview')}</a></p>
<h1>${label}</h1>
<p class="lead">${def.definition}. ${say(lang, 'base')}: ${def.base}.</p>
${tabs}
${content}`;
  return page(ctx, { title: `${label} — ${say(lang, tab)}`, here: (l) => urls.indicator(id, tab, query, l), body });
}

/** The chart-only page for an `<iframe>`: the chart, its table and a link back to the full view. */
export function embedPage(ctx: PageContext, input: Omit<IndicatorInput, 'tab'> & { view: ViewName }): string {
  const { lang, urls, study } = ctx;
  const { data, state, query, cache, view } = input;
  const label = studyText(study, data.indicator.label, lang);
  const rendered = state ? cache.render(data, view, state, lang) : null;
  const body = rendered
    ? html`${chartBlock(ctx, rendered, { id: view, indicator: data.indicator.id, view, query, extras: false }, null)}
<p class="source">${say(lang, 'source')}: <a href="${urls.indicator(data.indicator.id, view === 'map' || view === 'ranking' ? 'map' : 'chart', query)}" target="_top">${studyText(study, study.title, lang)} — ${label}</a></p>`
    : emptyBlock(ctx, view, label);
  return page(ctx, {
    title: label,
    here: (l) => urls.indicator(data.indicator.id, 'chart', query, l),
    body,
    embed: true,
  });
}
