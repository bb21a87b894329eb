/**
 * The methodology page, generated from the study definition and the series: what each
 * indicator counts (and its base), the question wording in every language, the waves (field
 * period, mode, instrument), sample size, margin of error and design effect per country and
 * wave, the weighting margins and their sources with the cell-collapsing rule and the bounds of
 * the weights, the suppression rule, the series breaks, how aggregates are formed, and the
 * minimum detectable change per country.
 */
import { marginText, mdcText } from './margin.ts';
import { sayQuality, withheldWord } from './i18n-quality.ts';
import { countOf, countryName, geographyKey, say, w } from './i18n.ts';
import { formatCount, formatDate, formatRatio, formatValue, ltrRun } from './format.ts';
import { html, type Html } from '../src/html.ts';
import { localDefinition } from './definitions.ts';
import { questionWording, studyLanguages, studyText, subgroupLabels } from './model.ts';
import {
  countryFieldMode,
  indicatorQuestions,
  type Source,
  type Wave,
  type WaveCountry,
} from '../src/instrument/index.ts';
import type { IndicatorData } from './views.ts';
import { page, type PageContext } from './page-layout.ts';
import { disclosureSection } from './i18n-disclosure.ts';
import { referencesSection } from './i18n-reality.ts';
import { perceptionPair, perceptionUrl } from './page-perception.ts';

/** Each indicator's definition and base in the page's language, with its questions' wording in every language. */
function indicatorDefinitions(ctx: PageContext, all: readonly IndicatorData[]): Html[] {
  const { lang, study } = ctx;
  const languages = studyLanguages(study);
  const names: Record<string, string> = Object.fromEntries(
    study.instruments.flatMap((i) => i.languages.map((l) => [l.code, l.name])),
  );
  const dirs: Record<string, string> = Object.fromEntries(
    study.instruments.flatMap((i) => i.languages.map((l) => [l.code, l.dir])),
  );
  return all.map((d) => {
    const def = localDefinition(study, d.indicator, lang);
    const questions = indicatorQuestions(d.indicator);
    return html`<section class="indicator-def"><h3>${studyText(study, d.indicator.label, lang)}</h3>
<p>${def.definition}. <strong>${say(lang, 'base')}:</strong> ${def.base}.</p>
${questions.map(
  (q) =>
    html`<h4>${say(lang, 'wording')}: ${q}</h4><dl class="wording">${languages.map((l) => {
      const text = questionWording(study, q, l);
      return text ? html`<dt>${names[l] ?? l}</dt><dd lang="${l}" dir="${dirs[l] ?? 'ltr'}">${text}</dd>` : '';
    })}</dl>`,
)}</section>`;
  });
}

/** How a wave, or a country of it, was fielded, in words (the definition's `mode` is a code). */
const modes = {
  online: w('Online', 'En ligne', 'En línea', 'عبر الإنترنت'),
  phone: w('Telephone', 'Téléphone', 'Teléfono', 'الهاتف'),
  'face-to-face': w('Face to face', 'En face à face', 'Cara a cara', 'وجهًا لوجه'),
  mixed: w('Mixed modes', 'Modes mixtes', 'Modos mixtos', 'أساليب مختلطة'),
} as const;

/** The modes a response records (src/instrument/modes.ts), in the words of the field modes. */
const responseModes: Readonly<Record<string, keyof typeof modes>> = {
  web: 'online',
  phone: 'phone',
  face_to_face: 'face-to-face',
};

/**
 * The modes of a country's responses in a wave, from an indicator estimated per mode (`by: ['mode']`):
 * the respondents of each mode, largest first; undefined when no indicator is.
 */
function observedModes(
  all: readonly IndicatorData[],
  year: number,
  iso3: string,
): { mode: string; n: number }[] | undefined {
  for (const d of all) {
    const counts = new Map<string, number>();
    for (const p of d.points)
      if (
        p.year === year &&
        p.subgroup?.variable === 'mode' &&
        p.geography.kind === 'country' &&
        p.geography.iso3 === iso3
      )
        counts.set(p.subgroup.level, (counts.get(p.subgroup.level) ?? 0) + p.n);
    const observed = [...counts].map(([mode, n]) => ({ mode, n })).filter((m) => m.n > 0);
    if (observed.length > 0) return observed.sort((a, b) => b.n - a.n);
  }
  return undefined;
}

/**
 * How a country of a wave was fielded: the modes its responses record, with their shares when
 * more than one (“Online 70.0%, Telephone 30.0%”), as the Gallup World Poll's country data sets
 * state it; else the mode its wave definition declares.
 */
function countryModeText(ctx: PageContext, all: readonly IndicatorData[], wave: Wave, country: WaveCountry): string {
  const { lang } = ctx;
  const observed = observedModes(all, wave.year, country.iso3);
  if (!observed) return modes[countryFieldMode(wave, country)][lang];
  const total = observed.reduce((n, m) => n + m.n, 0);
  const named = (mode: string) => {
    const field = responseModes[mode];
    return field ? modes[field][lang] : mode;
  };
  if (observed.length === 1) return named(observed[0]?.mode ?? '');
  return observed.map((m) => `${named(m.mode)} ${formatValue(lang, 'share', m.n / total)}`).join(', ');
}

/** The waves: field period, mode, instrument and countries, each with the mode it was fielded in. */
function wavesTable(ctx: PageContext, all: readonly IndicatorData[]): Html {
  const { lang, study } = ctx;
  return html`<div class="table-wrap"><table><caption>${say(lang, 'wave')}</caption><thead><tr>
<th scope="col">${say(lang, 'wave')}</th><th scope="col">${say(lang, 'fieldPeriod')}</th><th scope="col">${say(lang, 'mode')}</th><th scope="col">${say(lang, 'instrument')}</th><th scope="col">${say(lang, 'countries')}</th></tr></thead>
<tbody>${study.waves.map(
    (w) =>
      html`<tr><th scope="row">${w.year}</th><td>${formatDate(lang, w.fieldPeriod.start)} – ${formatDate(lang, w.fieldPeriod.end)}</td><td>${modes[w.mode][lang]}</td><td>${w.instrument.id} v${w.instrument.version}</td><td>${w.countries.map((c, k) => html`${k > 0 ? ', ' : ''}<bdi>${countryName(lang, c.iso3, c.name)}</bdi> (${countryModeText(ctx, all, w, c)})`)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** Samples: n, MOE and design effect per country and wave, from the first indicator with country estimates. */
function samplesTable(ctx: PageContext, all: readonly IndicatorData[]): Html {
  const { lang, urls, study } = ctx;
  const first = all.find((d) => d.points.some((p) => p.geography.kind === 'country'));
  if (!first) return html`<p>${say(lang, 'noData')}.</p>`;
  const countryPoints = first.points.filter((p) => p.geography.kind === 'country' && p.subgroup === null);
  const isoList = [...new Set(countryPoints.map((p) => (p.geography.kind === 'country' ? p.geography.iso3 : '')))];
  const cell = (iso3: string, wave: string) =>
    countryPoints.find((p) => p.wave === wave && geographyKey(p.geography) === `country:${iso3}`);
  return html`<div class="table-wrap"><table><caption>${say(lang, 'samples')}: n / ${say(lang, 'moe')} (${studyText(study, first.indicator.label, lang)}) / ${say(lang, 'deff')}</caption>
<thead><tr><th scope="col">${say(lang, 'country')}</th>${first.waves.map((w) => html`<th scope="col">${w.year}</th>`)}<th scope="col">${say(lang, 'mdc')}</th></tr></thead>
<tbody>${isoList.map((iso3) => {
    const pts = first.waves.map((w) => cell(iso3, w.id));
    const any = pts.find((p) => p !== undefined);
    const name = any?.geography.kind === 'country' ? countryName(lang, iso3, any.geography.name) : iso3;
    const last = [...pts].reverse().find((p) => p !== undefined && p.n > 0 && p.deff !== null);
    const mdc = last ? mdcText(lang, last.n, last.deff) : withheldWord(lang, null);
    return html`<tr><th scope="row"><a href="${urls.country(iso3)}">${name}</a></th>${pts.map((p) =>
      p === undefined || p.n === 0
        ? html`<td class="num">${withheldWord(lang, p?.suppressed ?? null)}</td>`
        : html`<td class="num">${[
            ltrRun(lang, formatCount(lang, p.n)),
            marginText(lang, 'share', p),
            ...(p.deff !== null ? [ltrRun(lang, formatRatio(lang, p.deff))] : []),
          ].join(' / ')}</td>`,
    )}<td class="num">${mdc}</td></tr>`;
  })}</tbody></table></div>`;
}

export function methodologyPage(ctx: PageContext, all: readonly IndicatorData[], minimumN: number): string {
  const { lang, urls, study } = ctx;
  const indicators = indicatorDefinitions(ctx, all);
  const waves = wavesTable(ctx, all);
  const samples = samplesTable(ctx, all);
  const sources = new Map<string, Source>();
  for (const w of study.waves)
    for (const c of w.countries) {
      sources.set(c.adultPopulation.source.title, c.adultPopulation.source);
      for (const m of c.margins) sources.set(m.source.title, m.source);
    }
  const names = subgroupLabels(study, lang);
  const margins = [
    ...new Set(
      study.waves.flatMap((w) =>
        w.countries.flatMap((c) => c.margins.map((m) => m.variables.map(names.variable).join(' × '))),
      ),
    ),
  ];
  const year = (wave: string) => String(study.waves.find((w) => w.id === wave)?.year ?? wave);
  const asked = (code: string) => `“${questionWording(study, code, lang) ?? code}”`;
  const breaks = all.flatMap((d) =>
    [
      ...new Map(d.changes.filter((c) => c.seriesBreak !== null).map((c) => [`${c.fromWave}|${c.toWave}`, c])).values(),
    ].map(
      (c) =>
        html`<li>${studyText(study, d.indicator.label, lang)}: ${year(c.fromWave)} → ${year(c.toWave)} — ${c.seriesBreak?.what ?? ''} (${c.seriesBreak?.questions.map(asked).join(', ') ?? ''})</li>`,
    ),
  );
  const body = html`<p class="crumbs"><a href="${urls.overview()}">${say(lang, 'backToOverview')}</a></p>
<h1>${say(lang, 'methodology')} — ${studyText(study, study.title, lang)}</h1>
<section aria-labelledby="m-ind"><h2 id="m-ind">${say(lang, 'indicators')}</h2>${indicators}</section>
<section aria-labelledby="m-waves"><h2 id="m-waves">${say(lang, 'wave')}: ${say(lang, 'fieldPeriod').toLowerCase()}, ${say(lang, 'mode').toLowerCase()}</h2>${waves}</section>
<section aria-labelledby="m-samples"><h2 id="m-samples">${say(lang, 'samples')}</h2>${samples}
<p><strong>${say(lang, 'mdc')}:</strong> ${say(lang, 'mdcText')}</p></section>
<section aria-labelledby="m-weight"><h2 id="m-weight">${say(lang, 'weighting')}</h2>
<p>${margins.join('; ')}. ${say(lang, 'population')}.</p>
${weightingText(ctx)}
<ul class="sources">${[...sources.values()].map((s) => html`<li>${s.publisher}, <cite>${s.title}</cite> (${s.year})${s.url ? html`, <span class="url">${s.url}</span>` : ''}${s.note ? `. ${s.note}` : ''}</li>`)}</ul></section>
<section aria-labelledby="m-supp"><h2 id="m-supp">${say(lang, 'suppression')}</h2><p>${say(lang, 'suppressionText', { respondents: countOf(lang, 'respondents', minimumN) })}</p></section>
${disclosureSection(lang, study)}
${referencesSection(lang, study, perceptionPair(ctx) ? perceptionUrl(urls.overview()) : null)}
<section aria-labelledby="m-breaks"><h2 id="m-breaks">${say(lang, 'breaks')}</h2>${breaks.length ? html`<ul>${breaks}</ul>` : html`<p>${say(lang, 'noBreaks')}</p>`}</section>
<section aria-labelledby="m-agg"><h2 id="m-agg">${say(lang, 'aggregation')}</h2><p>${say(lang, 'aggregationText')}</p></section>
<section aria-labelledby="m-invariants"><h2 id="m-invariants">${sayQuality(lang, 'invariantsTitle')}</h2><p>${sayQuality(lang, 'invariantsText')}</p></section>
<section aria-labelledby="m-comparisons"><h2 id="m-comparisons">${sayQuality(lang, 'comparisonsTitle')}</h2><p>${sayQuality(lang, 'comparisonsText')}</p></section>`;
  return page(ctx, { title: say(lang, 'methodology'), here: (l) => urls.methodology(l), body });
}

/** The weighting method of the study's latest weighted wave: the collapsing rule, and the bounds when it calibrates within some. */
function weightingText(ctx: PageContext): string {
  const { lang, study } = ctx;
  const weighting = [...study.waves].reverse().find((w) => w.weighting)?.weighting;
  if (!weighting) return '';
  const bounds = weighting.trim
    ? { lower: 1 / weighting.trim.cap, upper: weighting.trim.cap }
    : weighting.method === 'calibrate'
      ? weighting.bounds
      : null;
  const number = (x: number) => formatRatio(lang, x);
  return html`<p>${say(lang, 'weightingMethod', { respondents: countOf(lang, 'respondents', weighting.collapse.minRespondents) })}${
    bounds
      ? ` ${say(lang, 'weightingBounds').replace('{lower}', number(bounds.lower)).replace('{upper}', number(bounds.upper))}`
      : ''
  }</p>`;
}
