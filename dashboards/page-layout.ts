/**
 * The page shell and the parts every page shares: addresses, navigation, the language switch,
 * a chart block (chart, table of the same numbers, downloads, citation, embed snippet).
 */
import type { Study } from '../src/instrument/index.ts';
import { direction, say, UI_LANGUAGES, type UiLanguage } from './i18n.ts';
import { html, raw, type Html } from '../src/html.ts';
import { tableHtml } from './chart-table.ts';
import { studyLanguages, studyText } from './model.ts';
import type { RenderedView, ViewName, ViewQuery } from './views.ts';

/** Where things are. `base` is the mount point (`/dashboards`); `static` drops query strings (static sites ignore them). */
export class Urls {
  constructor(
    readonly base: string,
    readonly study: string,
    readonly lang: UiLanguage,
    readonly isStatic: boolean,
    readonly assetVersion: string,
  ) {}
  private q(query?: ViewQuery): string {
    if (!query || this.isStatic) return '';
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
    }
    const s = p.toString();
    return s ? `?${s}` : '';
  }
  root(): string {
    return `${this.base}/`;
  }
  overview(query?: ViewQuery, lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/${this.q(query)}`;
  }
  indicator(id: string, tab: 'chart' | 'map' | 'table' = 'chart', query?: ViewQuery, lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/indicators/${id}/${tab === 'chart' ? '' : `${tab}/`}${this.q(query)}`;
  }
  country(iso3: string, lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/countries/${iso3}/`;
  }
  /** A country's page in this language (a function to hand to the charts and tables that link countries). */
  readonly countryHref = (iso3: string): string => this.country(iso3);
  /** Every country (`?country=` there: that country's page); the search form's action. */
  countries(lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/countries/`;
  }
  campaign(id: string, lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/campaigns/${id}/`;
  }
  methodology(lang = this.lang): string {
    return `${this.base}/${this.study}/${lang}/methodology/`;
  }
  embed(id: string, view: ViewName, query?: ViewQuery): string {
    return `${this.base}/${this.study}/${this.lang}/embed/${id}/${view}/${this.q(query)}`;
  }
  /** A view as a file: its data (csv), its chart (svg, png), or both with their metadata (zip). */
  file(id: string, view: ViewName, ext: 'csv' | 'svg' | 'png' | 'zip', query?: ViewQuery): string {
    return `${this.base}/${this.study}/${this.lang}/indicators/${id}/${view}.${ext}${this.q(query)}`;
  }
  seriesCsv(id: string): string {
    return `${this.base}/${this.study}/series/${id}.csv`;
  }
  seriesJson(id: string): string {
    return `${this.base}/${this.study}/series/${id}.json`;
  }
  asset(name: string): string {
    return `${this.base}/assets/${name}${this.isStatic ? '' : `?v=${this.assetVersion}`}`;
  }
}

export interface PageContext {
  readonly study: Study;
  readonly lang: UiLanguage;
  readonly urls: Urls;
  /** The absolute origin used in citations and embed snippets (`http://host`), or '' on a static site. */
  readonly origin: string;
}

/** Language links to the same page in each of the study's languages. */
function languageSwitch(ctx: PageContext, here: (lang: UiLanguage) => string): Html {
  const langs = studyLanguages(ctx.study).filter((l) => (UI_LANGUAGES as readonly string[]).includes(l));
  const names: Record<UiLanguage, string> = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية' };
  return html`<nav class="langs" aria-label="${say(ctx.lang, 'language')}"><ul>${langs.map((l) =>
    l === ctx.lang
      ? html`<li><span aria-current="true" lang="${l}">${names[l]}</span></li>`
      : html`<li><a href="${here(l)}" lang="${l}" hreflang="${l}">${names[l]}</a></li>`,
  )}</ul></nav>`;
}

export function page(
  ctx: PageContext,
  options: { title: string; here: (lang: UiLanguage) => string; body: Html; embed?: boolean },
): string {
  const { lang, urls, study } = ctx;
  const studyTitle = studyText(study, study.title, lang);
  const header = options.embed
    ? html``
    : html`<header class="top"><a class="brand" href="${urls.overview()}">${studyTitle}</a>
<nav aria-label="${say(lang, 'dashboards')}"><ul>
<li><a href="${urls.overview()}">${say(lang, 'overview')}</a></li>
<li><a href="${urls.methodology()}">${say(lang, 'methodology')}</a></li>
<li><a href="/">${say(lang, 'home')}</a></li>
</ul></nav>${languageSwitch(ctx, options.here)}</header>`;
  return `<!doctype html>${html`<html lang="${lang}" dir="${direction(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — ${studyTitle}</title>
<link rel="stylesheet" href="${urls.asset('dashboards.css')}">
<link rel="icon" href="data:,">
<script src="${urls.asset('dashboards.js')}" defer></script>
</head><body class="${options.embed ? 'embed' : ''}">
${options.embed ? '' : html`<a class="skip" href="#main">${say(lang, 'skip')}</a>`}
${header}
<main id="main">${urls.isStatic && !options.embed ? html`<p class="note static">${say(lang, 'staticNote')}</p>` : ''}${options.body}</main>
</body></html>`}`;
}

export interface ChartBlockOptions {
  readonly id: string;
  readonly indicator: string;
  readonly view: ViewName;
  readonly query: ViewQuery;
  /** Downloads, citation and embed (off on the embed page itself). */
  readonly extras?: boolean;
  readonly headingLevel?: 2 | 3;
}

/** How to cite a view: a line to read (`lead` then `address`), and a BibTeX entry for reference managers. */
export interface Citation {
  readonly text: string;
  readonly lead: string;
  readonly address: string;
  readonly bibtex: string;
}

/** `s` as BibTeX text: its special characters escaped (UTF-8 otherwise, as biblatex reads it). */
export function bibtexText(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );
}

/** The citation of a view; `waves` reads "2022–2026" (its last year is the entry's year). */
export function citation(ctx: PageContext, indicatorLabel: string, waves: string, url: string): Citation {
  const title = studyText(ctx.study, ctx.study.title, ctx.lang);
  const address = `${ctx.origin}${url}`;
  const indicator = /\/indicators\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
  const key = ['barometer', ctx.study.id, indicator].filter((part) => part !== undefined).join('-');
  const year = waves.split('–').at(-1) ?? waves;
  const lead = `Barometer, “${title}” (${ctx.study.id}), ${waves}: ${indicatorLabel}.`;
  return {
    text: `${lead} ${address}`,
    lead,
    address,
    bibtex: [
      `@misc{${key},`,
      `  author = {{Barometer}},`,
      `  title = {${bibtexText(indicatorLabel)}: ${bibtexText(title)}, ${bibtexText(waves.replace('–', '--'))}},`,
      `  year = {${bibtexText(year)}},`,
      `  howpublished = {\\url{${address}}},`,
      `  note = {Study ${bibtexText(ctx.study.id)}}`,
      `}`,
    ].join('\n'),
  };
}

/**
 * A chart as the page shows it: drawn twice, wide (640 units) for screens from 46rem and narrow
 * for phones, where the narrow drawing's text renders at 11 px or more; CSS shows one. Neither
 * scrolls sideways.
 */
export function chartFigure(lang: UiLanguage, title: string, wide: string, narrow: string): Html {
  return html`<figure><div class="svg" dir="ltr" tabindex="0" role="region" aria-label="${title}" data-tip-hint="${say(lang, 'tipHint')}"><div class="wide">${raw(wide)}</div><div class="narrow">${raw(narrow)}</div></div></figure>`;
}

export function chartBlock(ctx: PageContext, view: RenderedView, o: ChartBlockOptions, cite: Citation | null): Html {
  const { lang, urls } = ctx;
  const heading =
    o.headingLevel === 3
      ? html`<h3 id="${o.id}-title">${view.title}</h3>`
      : html`<h2 id="${o.id}-title">${view.title}</h2>`;
  const embedUrl = `${ctx.origin}${urls.embed(o.indicator, o.view, o.query)}`;
  const extras =
    o.extras === false
      ? html``
      : html`<ul class="downloads" aria-label="${say(lang, 'downloads')}">
<li><a href="${urls.file(o.indicator, o.view, 'csv', o.query)}" download data-download="shown">${say(lang, 'dataShown')}</a></li>
<li><a href="${urls.seriesCsv(o.indicator)}" download>${say(lang, 'fullSeries')}</a></li>
<li><a href="${urls.seriesJson(o.indicator)}" download>${say(lang, 'metadata')}</a></li>
<li><a href="${urls.file(o.indicator, o.view, 'zip', o.query)}" download>${say(lang, 'dataZip')}</a></li>
<li><a href="${urls.file(o.indicator, o.view, 'svg', o.query)}" download>${say(lang, 'svg')}</a></li>
${urls.isStatic ? '' : html`<li><a href="${urls.file(o.indicator, o.view, 'png', o.query)}" download>${say(lang, 'png')}</a></li>`}
</ul>
${
  cite === null
    ? ''
    : html`<p class="cite"><strong>${say(lang, 'cite')}:</strong> ${cite.lead} <bdi dir="ltr">${cite.address}</bdi> <button type="button" class="copy-link" hidden data-url="${cite.address}" data-copied="${say(lang, 'copied')}">${say(lang, 'copyLink')}</button><span role="status"></span></p>
<details class="bibtex"><summary>BibTeX</summary><pre dir="ltr">${cite.bibtex}</pre></details>`
}
<details class="embed-code"><summary>${say(lang, 'embed')}</summary>
<label for="${o.id}-embed" class="visually-hidden">${say(lang, 'embed')}</label>
<textarea id="${o.id}-embed" readonly rows="3">&lt;iframe src="${embedUrl}" width="680" height="520" title="${view.title}" loading="lazy"&gt;&lt;/iframe&gt;</textarea></details>`;
  return html`<section class="chart" id="${o.id}" aria-labelledby="${o.id}-title" data-view="${o.view}">
${heading}
${chartFigure(lang, view.title, view.svg, view.narrow)}
<details class="data"><summary>${say(lang, 'table')}</summary>${tableHtml(lang, view.kind, view.table, view.title, urls.countryHref)}</details>
${extras}
</section>`;
}

/** A view that has nothing to draw: said in words, not left blank. */
export function emptyBlock(ctx: PageContext, id: string, title: string): Html {
  return html`<section class="chart empty" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2><p>${say(ctx.lang, 'noData')}.</p></section>`;
}
