/**
 * The study overview: the headline numbers (world and each region, latest wave, change since
 * the previous wave and whether it is significant), then the trend, the change, the map, the
 * ranking and the full answer distribution of one indicator (the first unless `?indicator=`).
 */
import type { Indicator } from '../src/instrument/index.ts';
import type { SeriesChange, SeriesPoint } from '../src/indicators/types.ts';
import { formatChange, formatValue, geographyKey, geographyName, say } from './i18n.ts';
import { h, type Html } from './html.ts';
import { studyText, valueKind } from './model.ts';
import type { IndicatorData, ResolvedState, ViewCache, ViewName, ViewQuery } from './views.ts';
import { statusOf } from './chart-columns.ts';
import { chartBlock, citation, emptyBlock, page, type PageContext } from './page-layout.ts';
import { filterForm } from './page-filters.ts';
import { sayCampaign } from './i18n-campaign.ts';

function headline(
  ctx: PageContext,
  data: IndicatorData,
  p: SeriesPoint,
  change: SeriesChange | undefined,
  from: number,
): Html {
  const { lang } = ctx;
  const kind = valueKind(data.indicator);
  const name = geographyName(lang, p.geography);
  const value =
    p.estimate !== null && p.suppressed === null
      ? h`<p class="value">${formatValue(lang, kind, p.estimate)}</p>${p.moe !== null ? h`<p class="moe">± ${formatValue(lang, kind, p.moe)} (${say(lang, 'moe').toLowerCase()}, 95%)</p>` : ''}`
      : h`<p class="value missing">${statusOf(lang, { suppressed: p.suppressed, estimate: null })}</p>`;
  let delta: Html = h``;
  if (change) {
    if (change.change === null) {
      delta = h`<p class="delta">${change.seriesBreak ? say(lang, 'seriesBreak') : say(lang, 'noData')}</p>`;
    } else {
      const sig = change.significant === true;
      const arrow = change.change > 0 ? '▲' : change.change < 0 ? '▼' : '●';
      delta = h`<p class="delta ${sig ? 'sig' : 'ns'}"><span aria-hidden="true">${sig ? arrow : '○'}</span> ${formatChange(lang, kind, change.change)} ${say(lang, 'sincePrevious')} ${from} — <strong>${sig ? say(lang, 'significant') : say(lang, 'notSignificant')}</strong></p>`;
    }
  }
  return h`<li class="card ${p.geography.kind}"><h3>${name}</h3>${value}${delta}</li>`;
}

export interface OverviewInput {
  readonly data: IndicatorData;
  readonly state: ResolvedState | null;
  readonly query: ViewQuery;
  readonly cache: ViewCache;
  /** Latest world value of every indicator, for the indicator list. */
  readonly others: readonly { indicator: Indicator; world: SeriesPoint | undefined }[];
}

export function overviewPage(ctx: PageContext, input: OverviewInput): string {
  const { lang, urls, study } = ctx;
  const { data, state, query, cache } = input;
  const label = studyText(study, data.indicator.label, lang);
  const title = studyText(study, study.title, lang);
  const description = study.description ? studyText(study, study.description, lang) : '';
  const indicatorList = h`<nav class="indicators" aria-label="${say(lang, 'indicators')}"><ul>${input.others.map(
    ({ indicator, world }) => {
      const l = studyText(study, indicator.label, lang);
      const v =
        world?.estimate !== null && world?.estimate !== undefined && world.suppressed === null
          ? formatValue(lang, valueKind(indicator), world.estimate)
          : '';
      const current = indicator.id === data.indicator.id;
      return h`<li><a href="${urls.overview({ indicator: indicator.id })}"${current ? h` aria-current="page"` : ''}>${l}</a>${v ? h` <span class="world-value">${say(lang, 'worldShort')} ${v}</span>` : ''} · <a href="${urls.indicator(indicator.id)}">${say(lang, 'chart')}/${say(lang, 'map')}/${say(lang, 'table')}</a></li>`;
    },
  )}</ul></nav>`;
  const campaigns =
    study.campaigns.length === 0
      ? h``
      : h`<nav class="campaigns" aria-labelledby="campaigns-title"><h2 id="campaigns-title">${sayCampaign(lang, 'campaigns')}</h2><ul>${study.campaigns.map(
          (c) =>
            h`<li><a href="${urls.campaign(c.id)}">${studyText(study, c.name, lang)}</a> (${c.when.start.slice(0, 4)})</li>`,
        )}</ul></nav>`;
  if (!state) {
    return page(ctx, {
      title,
      here: (l) => urls.overview(query, l),
      body: h`<h1>${title}</h1><p class="lead">${description}</p>${indicatorList}${campaigns}<p class="note">${say(lang, 'noData')}.</p>`,
    });
  }
  const latest = data.points.filter(
    (p) => p.subgroup === null && p.wave === state.to.id && p.geography.kind !== 'country',
  );
  const changeOf = (p: SeriesPoint) =>
    data.changes.find(
      (c) =>
        c.subgroup === null &&
        c.toWave === state.to.id &&
        c.fromWave === state.from.id &&
        geographyKey(c.geography) === geographyKey(p.geography),
    );
  const ordered = [...latest].sort((a, b) =>
    a.geography.kind === 'world'
      ? -1
      : b.geography.kind === 'world'
        ? 1
        : geographyName(lang, a.geography).localeCompare(geographyName(lang, b.geography)),
  );
  const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
  const block = (id: string, view: ViewName, fallbackTitle: string) => {
    const rendered = cache.render(data, view, state, lang);
    const q: ViewQuery = { ...query, indicator: undefined };
    return rendered
      ? chartBlock(
          ctx,
          rendered,
          { id, indicator: data.indicator.id, view, query: q },
          citation(ctx, label, waves, urls.indicator(data.indicator.id, 'chart', q)),
        )
      : emptyBlock(ctx, id, fallbackTitle);
  };
  const body = h`<h1>${title}</h1>
<p class="lead">${description}</p>
${indicatorList}
${campaigns}
<section class="headlines" aria-labelledby="headlines-title">
<h2 id="headlines-title">${label} — ${say(lang, 'headline')} (${state.to.year})</h2>
<ul class="cards">${ordered.map((p) => headline(ctx, data, p, changeOf(p), state.from.year))}</ul>
<p class="note">${say(lang, 'bandNote')} <a href="${urls.methodology()}">${say(lang, 'methodology')}</a></p>
</section>
${filterForm(ctx, data, state, { action: urls.overview(), fields: ['indicator', 'wave', 'from', 'to'], query })}
${block('trend', 'trend', say(lang, 'trend'))}
${block('change', 'change', say(lang, 'changeBetween'))}
${block('map', 'map', say(lang, 'map'))}
${block('ranking', 'ranking', say(lang, 'ranking'))}
${block('distribution', 'distribution', say(lang, 'distribution'))}`;
  return page(ctx, { title, here: (l) => urls.overview(query, l), body });
}
