/**
 * The study overview: the headline numbers (world and each region, latest wave, change since
 * the previous wave and whether it is significant), then the trend, the change, the map, the
 * ranking and the full answer distribution of one indicator (the first unless `?indicator=`).
 */
import type { Indicator } from '../src/instrument/index.ts';
import type { SeriesChange, SeriesPoint } from '../src/indicators/types.ts';
import { geographyKey, geographyName, say } from './i18n.ts';
import { formatChange, formatCount, formatValue, type ValueKind } from './format.ts';
import { sayQuality, withheldWord } from './i18n-quality.ts';
import { marginText, shownEstimate } from './margin.ts';
import { html, type Html } from '../src/html.ts';
import { indicatorRange, studyText, valueKind } from './model.ts';
import type { IndicatorData, ResolvedState, ViewCache, ViewName, ViewQuery } from './views.ts';
import { statusOf } from './chart-columns.ts';
import { chartBlock, citation, emptyBlock, page, type PageContext } from './page-layout.ts';
import { filterForm } from './page-filters.ts';
import { sayCampaign } from './i18n-campaign.ts';
import { countrySearch, type Country } from './page-countries.ts';
import { basesNote } from './definitions.ts';

function deltaLine(lang: PageContext['lang'], kind: ValueKind, change: SeriesChange, from: number): Html {
  if (change.change === null) {
    const why = change.seriesBreak ? say(lang, 'seriesBreak') : withheldWord(lang, change.suppressed);
    return html`<p class="delta">${say(lang, 'change')}: ${say(lang, 'notComputed')} (${why})</p>`;
  }
  const sig = change.significant === true;
  const arrow = change.change > 0 ? '▲' : change.change < 0 ? '▼' : '●';
  const adjusted =
    change.significantAdjusted === true || change.significantAdjusted === false
      ? html`; <span class="adjusted">${sayQuality(lang, change.significantAdjusted ? 'significantAdjusted' : 'notSignificantAdjusted')}</span>`
      : '';
  return html`<p class="delta ${sig ? 'sig' : 'ns'}"><span aria-hidden="true">${sig ? arrow : '○'}</span> ${formatChange(lang, kind, change.change)} ${say(lang, 'sincePrevious')} ${from} — <strong>${sig ? say(lang, 'significant') : say(lang, 'notSignificant')}</strong>${adjusted}</p>`;
}

function headline(
  ctx: PageContext,
  data: IndicatorData,
  p: SeriesPoint,
  change: SeriesChange | undefined,
  from: number,
): Html {
  const { lang } = ctx;
  const kind = valueKind(data.indicator);
  const range = indicatorRange(data.indicator);
  const name = geographyName(lang, p.geography);
  const estimate = shownEstimate(p);
  const value =
    estimate !== null
      ? html`<p class="value">${formatValue(lang, kind, estimate, range)}</p><p class="moe">${marginText(lang, kind, p, range)}${p.moe !== null ? ` (${say(lang, 'moe').toLowerCase()}, 95%)` : ''}</p>`
      : html`<p class="value missing">${withheldWord(lang, p.suppressed)}</p>`;
  const delta = change ? deltaLine(lang, kind, change, from) : html``;
  return html`<li class="card ${p.geography.kind}"><h3>${name}</h3>${value}${delta}</li>`;
}

/** The note under the headline cards: each change tested alone, and what the adjustment controls. */
function comparisonsNote(lang: PageContext['lang'], changes: readonly SeriesChange[]): Html {
  const tested = changes.filter((c) => c.pValue !== null).length;
  const family = changes.filter((c) => c.pAdjusted !== null && c.pAdjusted !== undefined).length;
  if (tested === 0) return html``;
  const expected = formatCount(lang, Math.round(tested * 0.05 * 10) / 10);
  return html`<p class="note comparisons">${sayQuality(lang, 'eachTestNote', { m: formatCount(lang, tested), expected })} ${family > 0 ? sayQuality(lang, 'adjustedNote', { m: formatCount(lang, family) }) : ''}</p>`;
}

export interface OverviewInput {
  readonly data: IndicatorData;
  readonly state: ResolvedState | null;
  readonly query: ViewQuery;
  readonly cache: ViewCache;
  /** Latest world value of every indicator, for the indicator list. */
  readonly others: readonly { indicator: Indicator; world: SeriesPoint | undefined }[];
  /** Every country with estimates, for the country search. */
  readonly countries: readonly Country[];
}

/** Every indicator with its latest world value, the one shown marked current. */
function indicatorNav(ctx: PageContext, input: OverviewInput): Html {
  const { lang, urls, study } = ctx;
  return html`<nav class="indicators" aria-label="${say(lang, 'indicators')}"><ul>${input.others.map(
    ({ indicator, world }) => {
      const l = studyText(study, indicator.label, lang);
      const shown = world ? shownEstimate(world) : null;
      const v = shown !== null ? formatValue(lang, valueKind(indicator), shown, indicatorRange(indicator)) : '';
      const current = indicator.id === input.data.indicator.id;
      return html`<li><a href="${urls.overview({ indicator: indicator.id })}"${current ? html` aria-current="page"` : ''}>${l}</a>${v ? html` <span class="world-value">${say(lang, 'worldShort')} ${v}</span>` : ''} · <a href="${urls.indicator(indicator.id)}">${say(lang, 'chart')}/${say(lang, 'map')}/${say(lang, 'table')}</a></li>`;
    },
  )}</ul></nav>`;
}

/** The study's campaigns with their year (nothing when it has none). */
function campaignNav(ctx: PageContext): Html {
  const { lang, urls, study } = ctx;
  return study.campaigns.length === 0
    ? html``
    : html`<nav class="campaigns" aria-labelledby="campaigns-title"><h2 id="campaigns-title">${sayCampaign(lang, 'campaigns')}</h2><ul>${study.campaigns.map(
        (c) =>
          html`<li><a href="${urls.campaign(c.id)}"><bdi>${studyText(study, c.name, lang)}</bdi></a> (${c.when.start.slice(0, 4)})</li>`,
      )}</ul></nav>`;
}

export function overviewPage(ctx: PageContext, input: OverviewInput): string {
  const { lang, urls, study } = ctx;
  const { data, state, query, cache } = input;
  const label = studyText(study, data.indicator.label, lang);
  const title = studyText(study, study.title, lang);
  const description = study.description ? studyText(study, study.description, lang) : '';
  const indicatorList = html`${indicatorNav(ctx, input)}${countrySearch(ctx, input.countries)}`;
  const campaigns = campaignNav(ctx);
  if (!state) {
    return page(ctx, {
      title,
      here: (l) => urls.overview(query, l),
      body: html`<h1>${title}</h1><p class="lead">${description}</p>${indicatorList}${campaigns}<p class="note">${say(lang, 'noData')}.</p>`,
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
    const rendered = cache.render(data, view, state, lang, urls.countryHref);
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
  // The headline and the "All answers" bars have different bases: said next to each.
  const basesText = data.distributions.length > 0 ? basesNote(data.indicator, lang) : null;
  const bases = basesText ? html`<p class="note bases">${basesText}</p>` : html``;
  const body = html`<h1>${title}</h1>
<p class="lead">${description}</p>
${indicatorList}
${campaigns}
<section class="headlines" aria-labelledby="headlines-title">
<h2 id="headlines-title">${label} — ${say(lang, 'headline')} (${state.to.year})</h2>
<ul class="cards">${ordered.map((p) => headline(ctx, data, p, changeOf(p), state.from.year))}</ul>
${comparisonsNote(
  lang,
  data.changes.filter((c) => c.subgroup === null && c.fromWave === state.from.id && c.toWave === state.to.id),
)}
${bases}
<p class="note">${say(lang, 'bandNote')} <a href="${urls.methodology()}">${say(lang, 'methodology')}</a></p>
</section>
${filterForm(ctx, data, state, { action: urls.overview(), fields: ['indicator', 'wave', 'from', 'to'], query })}
${block('trend', 'trend', say(lang, 'trend'))}
${block('change', 'change', say(lang, 'changeBetween'))}
${block('map', 'map', say(lang, 'map'))}
${block('ranking', 'ranking', say(lang, 'ranking'))}
${block('distribution', 'distribution', say(lang, 'distribution'))}
${bases}`;
  return page(ctx, { title, here: (l) => urls.overview(query, l), body });
}
