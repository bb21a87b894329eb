/**
 * A campaign's page: the plain-language summary first, then for each indicator the campaign aimed
 * to move its effect (difference-in-differences) with its interval beside the placebo effects
 * before it, the pre-trend test, the minimum detectable effect and the reading ("inconclusive at
 * this sample size", never "no effect"); awareness by country and subgroup with false recall; the
 * aware-vs-unaware difference labelled as an association with false recall beside it; and the
 * message experiment's arms, and the fact arm by prior overestimation (page-campaign-fact.ts). Each chart has its text alternative and a table of the same numbers.
 * The report is the public one (estimates below the study's minimum n withheld).
 */
import type { Campaign } from '../src/instrument/index.ts';
import type { PublishedCampaignReport, PublishedOutcome } from '../src/indicators/campaign/published.ts';
import type { Share } from '../src/indicators/campaign/reach.ts';
import { intervalChart, type IntervalRow } from './chart-campaign.ts';
import { eventStudyChart } from './chart-event-study.ts';
import { NARROW, toSvg, WIDE, type Chart } from './chart-core.ts';
import { html, raw, type Html } from '../src/html.ts';
import { tableHtml } from './chart-table.ts';
import { countOf, countryName, say, type UiLanguage } from './i18n.ts';
import { formatDate, formatValue, pInSentence } from './format.ts';
import { formatAim, formatPoints, sayCampaign } from './i18n-campaign.ts';
import { withheldWord } from './i18n-quality.ts';
import { studyText, subgroupLabels } from './model.ts';
import { chartFigure, page, type PageContext } from './page-layout.ts';
import { syntheticSection } from './page-campaign-synthetic.ts';
import { factSection } from './page-campaign-fact.ts';
import { saySynthetic } from './i18n-synthetic.ts';

type Outcome = Extract<PublishedOutcome, { withheld: false }>;

/** A chart with its heading, its SVG (`role="img"`, the text alternative as its title) and its table. */
function figureBlock(ctx: PageContext, id: string, title: string, draw: (width: number) => Chart): Html {
  const chart = draw(WIDE);
  return html`<section class="chart" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${title}</h3>
${chartFigure(ctx.lang, title, toSvg(chart), toSvg(draw(NARROW)))}
<details class="data"><summary>${say(ctx.lang, 'table')}</summary>${tableHtml(ctx.lang, chart.kind, chart.table, title)}</details>
</section>`;
}

const places = (lang: UiLanguage, codes: readonly string[]) => codes.map((c) => countryName(lang, c, c)).join(', ');

/** The comparison group: its countries and how they are weighted against each other. */
export function comparisonLine(
  lang: UiLanguage,
  c: {
    readonly comparison: readonly string[];
    readonly weighting: 'equal' | 'population';
    readonly synthetic?: boolean;
  },
): string {
  const key = c.weighting === 'equal' ? 'comparisonEqual' : 'comparisonPopulation';
  const line = sayCampaign(lang, key, { n: c.comparison.length, countries: places(lang, c.comparison) });
  return c.synthetic ? `${line} ${saySynthetic(lang, 'donorsNote')}` : line;
}

function withheld(lang: UiLanguage, minimumN: number): string {
  return sayCampaign(lang, 'withheld', { respondents: countOf(lang, 'respondents', minimumN) });
}

/** The plain-language sentence of one outcome in `lang`. */
export function campaignSentence(lang: UiLanguage, o: Outcome, where: string): string {
  const pts = (v: number) => formatPoints(lang, v);
  const power = o.preTrendPower;
  const trend =
    power === null
      ? sayCampaign(lang, 'trendUnknown')
      : power.kind === 'not-ruled-out'
        ? sayCampaign(lang, 'trendNotRuledOut', { x: pts(power.ruledOut) })
        : sayCampaign(lang, power.kind === 'alike' ? 'trendAlike' : 'trendApart');
  const { estimate, ci } = o.did;
  const common = { label: o.label, where, trend, mde: pts(o.mde), aimed: formatAim(lang, o.aimed) };
  if (o.verdict.kind === 'detected') {
    const [lo, hi] = estimate < 0 ? [-ci[1], -ci[0]] : ci;
    const moved = sayCampaign(lang, estimate < 0 ? 'fell' : 'rose');
    return sayCampaign(lang, 'detectedSentence', {
      ...common,
      moved,
      x: pts(Math.abs(estimate)),
      lo: pts(lo),
      hi: pts(hi),
    });
  }
  const numbers = { ...common, x: pts(estimate), lo: pts(ci[0]), hi: pts(ci[1]) };
  return sayCampaign(lang, o.verdict.kind === 'inconclusive' ? 'inconclusiveSentence' : 'smallerSentence', numbers);
}

const verdictWord = { detected: 'detected', inconclusive: 'inconclusive', 'smaller-than-aimed': 'smaller' } as const;

/** An effect in points as a chart row (fractions: 5.3 points → 0.053). */
function effectRow(
  label: string,
  e: { readonly estimate: number; readonly ci: readonly [number, number] },
  n: number | null,
  status = '',
): IntervalRow {
  return { label, estimate: e.estimate / 100, lo: e.ci[0] / 100, hi: e.ci[1] / 100, n, status };
}

function effectRows(lang: UiLanguage, o: Outcome): IntervalRow[] {
  const n = o.cells.reduce((s, c) => s + c.n, 0);
  const { before, after } = o.waves;
  return [
    effectRow(
      sayCampaign(lang, 'afterRow', { from: before, to: after }),
      o.did,
      n,
      sayCampaign(lang, verdictWord[o.verdict.kind]),
    ),
    ...(o.adjusted ? [effectRow(sayCampaign(lang, 'adjustedRow'), o.adjusted, n)] : []),
    ...(o.preTrend?.placebo ?? []).map((p) =>
      effectRow(sayCampaign(lang, 'placeboRow', { from: o.preTrend?.waves[0] ?? '', to: p.wave }), p, null),
    ),
  ];
}

/** The pre-trend's verdict (moved alike only within ±the aimed effect), its difference, interval and detectable size. */
function preTrendText(lang: UiLanguage, o: Outcome): string {
  const power = o.preTrendPower;
  if (o.preTrend === null || power === null) return sayCampaign(lang, 'preTrendNone');
  const p = pInSentence(lang, o.preTrend.p);
  const verdict =
    power.kind === 'not-ruled-out'
      ? sayCampaign(lang, 'preTrendNotRuledOut', { p, x: formatPoints(lang, power.ruledOut) })
      : sayCampaign(lang, power.kind === 'alike' ? 'preTrendPassed' : 'preTrendFailed', { p });
  const d = power.difference;
  const difference = sayCampaign(lang, 'preTrendDifference', {
    from: o.preTrend.waves[0] ?? '',
    to: d.wave,
    d: formatPoints(lang, d.estimate),
    lo: formatPoints(lang, d.ci[0]),
    hi: formatPoints(lang, d.ci[1]),
    mde: formatPoints(lang, power.mde),
  });
  return `${verdict} ${difference}`;
}

/** The event study of an outcome: every wave's DiD against the last wave before the campaign. */
function eventChart(lang: UiLanguage, width: number, o: Outcome, events: NonNullable<Outcome['eventStudy']>): Chart {
  const firstAfter = events.periods.findIndex((p) => p.wave === o.waves.after);
  const rows = events.periods.map((p, t) =>
    p.reference
      ? { wave: p.wave, post: false, estimate: 0, lo: null, hi: null }
      : { wave: p.wave, post: t >= firstAfter, estimate: p.estimate / 100, lo: p.ci[0] / 100, hi: p.ci[1] / 100 },
  );
  return eventStudyChart(rows, {
    lang,
    width,
    title: sayCampaign(lang, 'eventTitle'),
    note: sayCampaign(lang, 'eventNote'),
    referenceWord: sayCampaign(lang, 'eventReference'),
    beforeWord: sayCampaign(lang, 'eventBefore'),
    afterWord: sayCampaign(lang, 'eventAfter'),
  });
}

function outcomeSection(ctx: PageContext, o: PublishedOutcome, k: number, minimumN: number): Html {
  const { lang } = ctx;
  if (o.withheld)
    return html`<section class="outcome" id="outcome-${k}"><h2>${o.label}</h2><p class="note">${withheld(lang, minimumN)}.</p></section>`;
  const chart = (width: number) =>
    intervalChart(effectRows(lang, o), {
      lang,
      width,
      mode: 'change',
      title: `${o.label} — ${sayCampaign(lang, 'effectTitle')}`,
      note: sayCampaign(lang, 'zeroNote'),
    });
  const trend = preTrendText(lang, o);
  const events = o.eventStudy;
  return html`<section class="outcome" id="outcome-${k}" aria-labelledby="outcome-${k}-title">
<h2 id="outcome-${k}-title">${o.label}</h2>
${figureBlock(ctx, `effect-${k}`, sayCampaign(lang, 'effectTitle'), chart)}
<p><strong>${sayCampaign(lang, 'preTrend')}:</strong> ${trend}</p>
${events ? figureBlock(ctx, `event-${k}`, sayCampaign(lang, 'eventTitle'), (width) => eventChart(lang, width, o, events)) : ''}
<p><strong>${sayCampaign(lang, 'verdict')}: ${sayCampaign(lang, verdictWord[o.verdict.kind])}.</strong> ${sayCampaign(lang, 'mde', { mde: formatPoints(lang, o.mde), deff: formatPoints(lang, o.deff, 2) })} ${o.aimed !== 0 ? sayCampaign(lang, 'aimed', { aimed: formatAim(lang, o.aimed) }) : ''}</p>
${syntheticSection(lang, o.synthetic, k, minimumN, o.aimed)}
</section>`;
}

function shareRow(lang: UiLanguage, label: string, s: Share, minimumN: number): IntervalRow {
  const status =
    s.estimate === null
      ? s.suppressed === 'below_minimum_n'
        ? withheld(lang, minimumN)
        : s.suppressed === 'complementary'
          ? say(lang, 'complementary')
          : say(lang, 'noData')
      : s.suppressed === 'below_minimum_n'
        ? say(lang, 'suppressed')
        : '';
  return {
    label,
    estimate: s.estimate === null ? null : s.estimate / 100,
    lo: s.ci ? s.ci[0] / 100 : null,
    hi: s.ci ? s.ci[1] / 100 : null,
    n: s.n,
    status,
  };
}

/** `s` with its first letter in capitals (a mid-sentence phrase heading a line). */
const capitalised = (lang: UiLanguage, s: string) => `${s.charAt(0).toLocaleUpperCase(lang)}${s.slice(1)}`;

function reachSection(ctx: PageContext, r: PublishedCampaignReport): Html {
  const { lang } = ctx;
  const reach = r.reach;
  const row = (label: string, s: Share) => shareRow(lang, label, s, r.minimumN);
  const names = subgroupLabels(ctx.study, lang);
  const rows = [
    ...reach.byCountry.map((c) => ({
      ...row(countryName(lang, c.country, c.country), c),
      group: capitalised(lang, sayCampaign(lang, 'campaignCountries')),
    })),
    ...(reach.byCountry.length > 1 ? [row(sayCampaign(lang, 'allCampaign'), reach.overall)] : []),
    ...reach.bySubgroup.map((s) =>
      row(`${names.variable(s.subgroup.variable)}: ${names.level(s.subgroup.variable, s.subgroup.level)}`, s),
    ),
    ...(reach.unaided ? [row(sayCampaign(lang, 'unaided'), reach.unaided)] : []),
    row(sayCampaign(lang, 'falseRecall'), reach.falseRecall),
    row(sayCampaign(lang, 'comparisonNoise'), reach.comparison),
  ];
  const title = sayCampaign(lang, 'reachTitle');
  return figureBlock(ctx, 'reach', title, (width) =>
    intervalChart(rows, { lang, width, mode: 'share', title, note: say(lang, 'intervalNote') }),
  );
}

function associationSection(ctx: PageContext, r: PublishedCampaignReport): Html {
  const { lang } = ctx;
  const f = r.reach.falseRecall;
  const falseRecall = f.estimate === null ? withheld(lang, r.minimumN) : formatValue(lang, 'share', f.estimate / 100);
  const items = r.outcomes.flatMap((o) =>
    !o.withheld && o.awareVsUnaware
      ? [
          html`<li><strong>${o.label}:</strong> ${sayCampaign(lang, 'associationText', {
            x: formatPoints(lang, o.awareVsUnaware.estimate),
            lo: formatPoints(lang, o.awareVsUnaware.ci[0]),
            hi: formatPoints(lang, o.awareVsUnaware.ci[1]),
            false: falseRecall,
          })}</li>`,
        ]
      : [],
  );
  if (items.length === 0) return html``;
  return html`<section class="association" id="association" aria-labelledby="association-title"><h2 id="association-title">${sayCampaign(lang, 'associationTitle')}</h2><ul>${items}</ul></section>`;
}

function experimentSection(ctx: PageContext, r: PublishedCampaignReport): Html {
  const e = r.experiment;
  if (!e) return html``;
  const { lang } = ctx;
  const label = (arm: string) => e.arms.find((a) => a.arm === arm)?.label ?? arm;
  const rows: IntervalRow[] = [
    ...e.arms.map((a) => effectRow(`${a.label} — ${sayCampaign(lang, 'pooled')}`, a.effect, a.effect.n)),
    ...e.byCountry.flatMap((c) =>
      c.arms.map((a) => {
        const name = `${label(a.arm)} — ${countryName(lang, c.country, c.country)}`;
        if (!a.withheld) return effectRow(name, a, a.n);
        const status = a.suppressed === 'complementary' ? withheldWord(lang, a.suppressed) : withheld(lang, r.minimumN);
        return { label: name, estimate: null, lo: null, hi: null, n: a.n, status, group: label(a.arm) };
      }),
    ),
  ];
  const title = sayCampaign(lang, 'experimentTitle', { control: e.controlLabel });
  return html`<section class="experiment" id="experiment"><h2>${e.label}</h2>${figureBlock(
    ctx,
    'arms',
    title,
    (width) => intervalChart(rows, { lang, width, mode: 'change', title, note: sayCampaign(lang, 'zeroNote') }),
  )}</section>`;
}

export function campaignPage(ctx: PageContext, campaign: Campaign, report: PublishedCampaignReport | null): string {
  const { lang, urls, study } = ctx;
  const name = studyText(study, campaign.name, lang);
  const where = places(lang, campaign.where.countries);
  // The summary names a single country; several are "campaign countries" (listed in the line above it).
  const inSummary = campaign.where.countries.length === 1 ? where : sayCampaign(lang, 'campaignCountries');
  const intro = html`<h1><bdi>${name}</bdi></h1>
<p class="lead">${studyText(study, campaign.description, lang)}</p>
<p>${sayCampaign(lang, 'ran', { start: formatDate(lang, campaign.when.start), end: formatDate(lang, campaign.when.end), where, countries: countOf(lang, 'countries', report?.campaign.comparison.length ?? 0) })}</p>
${report ? html`<p class="comparison">${comparisonLine(lang, report.campaign)}</p>` : ''}`;
  const here = (l: UiLanguage) => urls.campaign(campaign.id, l);
  if (!report)
    return page(ctx, {
      title: name,
      here,
      body: html`${intro}<p class="note">${sayCampaign(lang, 'notAvailable')}</p>`,
    });
  const sentences = report.outcomes.map((o) =>
    o.withheld ? `${o.label}: ${withheld(lang, report.minimumN)}.` : campaignSentence(lang, o, inSummary),
  );
  const body = html`${intro}
<section class="summary" aria-labelledby="summary-title"><h2 id="summary-title">${sayCampaign(lang, 'inBrief')}</h2>${sentences.map((s) => html`<p class="lead">${s}</p>`)}</section>
${report.outcomes.map((o, k) => outcomeSection(ctx, o, k, report.minimumN))}
<section class="reach" aria-labelledby="awareness-title"><h2 id="awareness-title">${sayCampaign(lang, 'reach')}</h2>${reachSection(ctx, report)}</section>
${associationSection(ctx, report)}
${experimentSection(ctx, report)}
${factSection(ctx, report.priorPerception, report.minimumN)}`;
  return page(ctx, { title: name, here, body });
}
