/**
 * The campaign page's block on the facts as a message: why the effect on the misperception gap
 * itself is not estimated (the perception question comes before the message), then the fact arm
 * against control for those who overestimated before the message and for those who did not, and
 * the difference, each with its interval, a table of the same numbers and the detectable sizes.
 * Until a wave asking both has responses it says "not yet" and shows no number; a part resting on
 * fewer respondents than the minimum is withheld with its reason.
 */
import { experimentsOf, waveInstrument, type Study } from '../src/instrument/index.ts';
import type { PriorPerceptionReport } from '../src/indicators/campaign/fact-arm.ts';
import { html, type Html } from '../src/html.ts';
import { intervalChart, type IntervalRow } from './chart-campaign.ts';
import { NARROW, toSvg, WIDE } from './chart-core.ts';
import { tableHtml } from './chart-table.ts';
import { countOf, say, type UiLanguage } from './i18n.ts';
import { formatPoints, sayCampaign } from './i18n-campaign.ts';
import { sayFact } from './i18n-fact.ts';
import { studyText } from './model.ts';
import { chartFigure, type PageContext } from './page-layout.ts';

const verdictWord = { detected: 'detected', inconclusive: 'inconclusive', 'smaller-than-aimed': 'smaller' } as const;

/** The arm's, the control's and the outcome's labels in `lang` (codes where the study has none). */
function labels(study: Study, p: PriorPerceptionReport, lang: UiLanguage) {
  const wave = p.waves[0];
  const experiment = wave
    ? experimentsOf(waveInstrument(study, wave)).find((e) => e.experiment.arms.some((a) => a.code === p.arm))
        ?.experiment
    : undefined;
  const arm = (code: string) => {
    const label = experiment?.arms.find((a) => a.code === code)?.label;
    return label ? studyText(study, label, lang) : code;
  };
  const outcome = study.indicators.find((i) => i.id === p.outcome);
  return {
    arm: arm(p.arm),
    control: arm(p.control),
    outcome: outcome ? studyText(study, outcome.label, lang) : p.outcome,
  };
}

export function factSection(ctx: PageContext, p: PriorPerceptionReport | null, minimumN: number): Html {
  if (!p) return html``;
  const { lang, study } = ctx;
  const names = labels(study, p, lang);
  const head = html`<h2 id="fact-title">${sayFact(lang, 'title')}</h2>
<p class="note">${sayFact(lang, 'why', { ...names, margin: p.margin })}</p>`;
  const wrap = (body: Html) =>
    html`<section class="fact" id="fact" aria-labelledby="fact-title">${head}${body}</section>`;
  if (p.kind === 'not-yet') {
    const year = study.waves.find((w) => w.id === p.waves[0])?.year;
    return wrap(
      html`<p class="status">${year === undefined ? sayFact(lang, 'notAsked') : sayFact(lang, 'notYet', { year: String(year) })}</p>`,
    );
  }
  if (p.kind === 'withheld')
    return wrap(
      html`<p class="status">${sayCampaign(lang, 'withheld', { respondents: countOf(lang, 'respondents', minimumN) })}</p>`,
    );
  const row = (label: string, j: (typeof p)['difference'], n: number | null): IntervalRow => ({
    label,
    estimate: j.effect.estimate / 100,
    lo: j.effect.ci[0] / 100,
    hi: j.effect.ci[1] / 100,
    n,
    status: sayCampaign(lang, verdictWord[j.verdict.kind]),
  });
  const o = p.overestimated;
  const u = p.notOverestimated;
  const rows = [
    row(sayFact(lang, 'over', { margin: p.margin }), o, o.effect.n + o.effect.nControl),
    row(sayFact(lang, 'notOver'), u, u.effect.n + u.effect.nControl),
    row(sayFact(lang, 'difference'), p.difference, null),
  ];
  const title = sayFact(lang, 'chartTitle', names);
  const draw = (width: number) =>
    intervalChart(rows, { lang, width, mode: 'change', title, note: sayCampaign(lang, 'zeroNote') });
  const chart = draw(WIDE);
  const years = p.measured.map((id) => String(study.waves.find((w) => w.id === id)?.year ?? id)).join(', ');
  return wrap(html`<section class="chart" id="fact-chart" aria-labelledby="fact-chart-title">
<h3 id="fact-chart-title">${title}</h3>
${chartFigure(lang, title, toSvg(chart), toSvg(draw(NARROW)))}
<details class="data"><summary>${say(lang, 'table')}</summary>${tableHtml(lang, chart.kind, chart.table, title)}</details>
</section>
<p>${sayFact(lang, 'mde', { over: formatPoints(lang, o.mde), not: formatPoints(lang, u.mde), diff: formatPoints(lang, p.difference.mde) })} ${sayFact(lang, 'waves', { waves: years })}</p>`);
}
