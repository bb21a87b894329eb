/**
 * Perception against reality: for the latest wave that asks the perception question, a plain
 * sentence per region and for the world ("Adults in X think 31 in 100 people were born abroad; the
 * official figure is 17"), then dumbbell charts (adults' estimate with its interval beside the
 * official figure) for the regions and the world and for every country, each with the source and
 * year of the official figure under it and a table of the same numbers; the gap's ranking and map
 * are the gap indicator's own views, linked. A place is shown only where both its estimate and its
 * gap are published. Regions and the world: the actual share is estimate − gap, i.e. the
 * countries' figures on the same population weights as the estimate.
 */
import {
  findQuestion,
  referenceFor,
  waveInstrument,
  type Indicator,
  type ReferenceSeries,
} from '../src/instrument/index.ts';
import { formatDate } from './format.ts';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { html, type Html } from '../src/html.ts';
import { perceptionChart, type PerceptionRow } from './chart-perception.ts';
import { NARROW, toSvg, WIDE } from './chart-core.ts';
import { tableHtml } from './chart-table.ts';
import { geographyKey, geographyName, say } from './i18n.ts';
import { plainPerception, referenceSourceLine, sayReality } from './i18n-reality.ts';
import { chartFigure, page, type PageContext } from './page-layout.ts';
import type { IndicatorData } from './views.ts';

/** The study's perception pair: a gap indicator and the mean of the same question, with its series. */
export interface PerceptionPair {
  readonly perceived: Indicator;
  readonly gap: Extract<Indicator, { kind: 'gap' }>;
  readonly series: ReferenceSeries;
}

export function perceptionPair(ctx: PageContext): PerceptionPair | null {
  const { study } = ctx;
  const gap = study.indicators.find((i): i is Extract<Indicator, { kind: 'gap' }> => i.kind === 'gap');
  const perceived =
    gap && study.indicators.find((i) => i.kind === 'mean' && i.question === gap.question && i.scores === undefined);
  const series = gap && study.references.find((r) => r.id === gap.reference);
  return gap && perceived && series ? { gap, perceived, series } : null;
}

const shown = (p: SeriesPoint | undefined): p is SeriesPoint & { estimate: number; ciLow: number; ciHigh: number } =>
  p !== undefined && p.suppressed === null && p.estimate !== null && p.ciLow !== null && p.ciHigh !== null;

/** Why the page has no figures yet: the first wave whose instrument asks the question, its status and fieldwork. */
function notYetText(ctx: PageContext, pair: PerceptionPair): string {
  const { lang, study } = ctx;
  const first = [...study.waves]
    .sort((a, b) => a.year - b.year)
    .find((w) => findQuestion(waveInstrument(study, w.id), pair.gap.question) !== undefined);
  if (!first) return `${say(lang, 'noData')}.`;
  return sayReality(lang, 'notYet', {
    year: String(first.year),
    status: sayReality(lang, first.status),
    start: formatDate(lang, first.fieldPeriod.start),
    end: formatDate(lang, first.fieldPeriod.end),
  });
}

export function perceptionPage(ctx: PageContext, pair: PerceptionPair, all: readonly IndicatorData[]): string {
  const { lang, urls, study } = ctx;
  const pointsOf = (id: string) =>
    (all.find((d) => d.indicator.id === id)?.points ?? []).filter((p) => p.subgroup === null);
  const gaps = pointsOf(pair.gap.id).filter(shown);
  const wave = [...gaps].sort((a, b) => b.year - a.year)[0];
  const title = sayReality(lang, 'title');
  if (!wave)
    return page(ctx, {
      title,
      here: (l) => perceptionUrl(urls.overview(undefined, l)),
      body: html`<h1>${title}</h1><p>${notYetText(ctx, pair)}</p><p><a href="${urls.methodology()}">${say(lang, 'methodology')}</a></p>`,
    });
  const perceived = new Map(
    pointsOf(pair.perceived.id)
      .filter((p) => p.wave === wave.wave)
      .map((p) => [geographyKey(p.geography), p]),
  );
  const rows: (PerceptionRow & { kind: SeriesPoint['geography']['kind'] })[] = [];
  for (const g of gaps.filter((p) => p.wave === wave.wave)) {
    const p = perceived.get(geographyKey(g.geography));
    if (!shown(p)) continue;
    rows.push({
      kind: g.geography.kind,
      name: geographyName(lang, g.geography),
      iso3: g.geography.kind === 'country' ? g.geography.iso3 : null,
      perceived: p.estimate,
      lo: p.ciLow,
      hi: p.ciHigh,
      actual: p.estimate - g.estimate,
      n: p.n,
    });
  }
  const years = new Set(
    rows.flatMap((r) => (r.iso3 === null ? [] : [referenceFor(pair.series, r.iso3, wave.year)?.year ?? wave.year])),
  );
  const source = [...years].sort().map((y) => referenceSourceLine(lang, pair.series, y));
  const block = (id: string, heading: string, subset: readonly PerceptionRow[], note: string | null): Html => {
    if (subset.length === 0) return html``;
    const draw = (width: number) =>
      perceptionChart(subset, { lang, width, title: `${heading} — ${title} (${wave.year})` });
    const chart = draw(WIDE);
    return html`<section class="chart" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${heading} (${wave.year})</h2>
${chartFigure(lang, heading, toSvg(chart), toSvg(draw(NARROW)))}
<p class="source">${source.join(' ')}${note ? ` ${note}` : ''}</p>
<details class="data"><summary>${say(lang, 'table')}</summary>${tableHtml(lang, chart.kind, chart.table, heading)}</details></section>`;
  };
  const aggregates = rows
    .filter((r) => r.kind !== 'country')
    .sort((a, b) => (a.kind === 'world' ? -1 : b.kind === 'world' ? 1 : a.name.localeCompare(b.name)));
  const body = html`<p class="crumbs"><a href="${urls.overview()}">${say(lang, 'backToOverview')}</a></p>
<h1>${title}</h1>
<ul class="plain">${aggregates.map((r) => html`<li>${plainPerception(lang, r.kind === 'world' ? 'world' : r.name, r.perceived, r.actual)}</li>`)}</ul>
${block('perception-regions', sayReality(lang, 'regions'), aggregates, sayReality(lang, 'aggregateSource'))}
${block(
  'perception-countries',
  sayReality(lang, 'countries'),
  rows.filter((r) => r.kind === 'country'),
  null,
)}
<p>${sayReality(lang, 'gapLinks')} <a href="${urls.indicator(pair.gap.id)}">${say(lang, 'ranking')}</a>, <a href="${urls.indicator(pair.gap.id, 'map')}">${say(lang, 'map')}</a>.</p>`;
  return page(ctx, { title, here: (l) => perceptionUrl(urls.overview(undefined, l)), body });
}

/** The perception page's address, beside the overview of the same language. */
export function perceptionUrl(overview: string): string {
  return `${overview}perception/`;
}
