/**
 * The dashboards as hono routes, mounted at `/dashboards` by the server and crawled by the
 * static build (the same code answers both):
 *
 *   GET /dashboards/                                        the studies
 *   GET /dashboards/assets/:name                            stylesheet, optional script
 *   GET /dashboards/:study/:lang/                           overview (?indicator= &wave= &from= &to=)
 *   GET /dashboards/:study/:lang/indicators/:id/[map/|table/] indicator tabs (?geo=… &from= &to= &level= &place= &wave=)
 *   GET /dashboards/:study/:lang/indicators/:id/:view.csv   the data a view shows; .svg/.png: the chart;
 *                                                          .zip: its data and their metadata
 *   GET /dashboards/:study/:lang/countries/                 every country (?country=ISO3: redirect to its page)
 *   GET /dashboards/:study/:lang/countries/:iso3/           one country
 *   GET /dashboards/:study/:lang/campaigns/:id/             a campaign's impact
 *   GET /dashboards/:study/:lang/perception/                perception against reality
 *   GET /dashboards/:study/:lang/methodology/               methodology
 *   GET /dashboards/:study/:lang/embed/:id/:view/           chart-only page for an <iframe>
 *   GET /dashboards/:study/series/:id.csv | :id.json        full series and its metadata
 *
 * A filter naming a wave, geography or field that does not exist answers 400 naming the
 * field; an unknown study, language, indicator or country answers 404; either as an HTML page
 * in the address's language (error-page.ts). Each route is a named handler below; what they
 * share (the study and language of an address, the data and page caches) is site.ts.
 */
import { Hono, type Context, type ErrorHandler, type Handler, type MiddlewareHandler } from 'hono';
import { html } from '../src/html.ts';
import { asset, assetVersion } from './assets.ts';
import { asDashboardError, errorPageHtml, errorResponseParts, pathLanguage } from './error-page.ts';
import { tableCsv } from './chart-table.ts';
import { describedSvg, viewDescription } from './chart-export.ts';
import { chartPng } from './chart-png.ts';
import { viewZip } from './download-zip.ts';
import { say } from './i18n.ts';
import { studyLanguages, studyText } from './model.ts';
import { countryPage } from './page-country.ts';
import { embedPage, indicatorPage, type Tab } from './page-indicator.ts';
import { citation } from './page-layout.ts';
import { campaignPage } from './page-campaign.ts';
import { perceptionPage, perceptionPair } from './page-perception.ts';
import { methodologyPage } from './page-methodology.ts';
import { overviewPage } from './page-overview.ts';
import { seriesCsv, seriesMetadata } from './downloads.ts';
import { matchedYears, referenceOf, withReferenceColumns } from './reference-downloads.ts';
import { dashboardSite, notFound, type DashboardOptions, type DashboardSite } from './site.ts';
import { BadFilterError, resolveState } from './views.ts';
import { countriesOf, countriesPage } from './page-countries.ts';

export type { DashboardOptions } from './site.ts';

type Frame = "'none'" | '*';

/** The Content-Security-Policy of a page: nothing off-site; `frame` says who may embed it. */
const policy = (frame: Frame) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frame}`,
  ].join('; ');

/** A page with the dashboards' headers. */
function htmlOut(c: Context, body: string, frame: Frame = "'none'"): Response {
  c.header('Content-Security-Policy', policy(frame));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-cache');
  return c.html(body);
}

/** A file download with its type and name. */
function download(c: Context, type: string, filename: string, body: string | Uint8Array): Response {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

/** Every failure as an HTML page in the address's language; a defect is reported and answered 500. */
const errorPage =
  (site: DashboardSite): ErrorHandler =>
  (err, c) => {
    const error = asDashboardError(err);
    if (error.code === 'internal') site.reportError(err);
    const { status, headers } = errorResponseParts(error);
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    c.header('Content-Security-Policy', policy("'none'"));
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(errorPageHtml(pathLanguage(site.base, c.req.path), error, `${site.base}/`), status);
  };

/** GET assets/:name — the stylesheet and the optional script, cached for good (the address carries the version). */
const assetFile: Handler = (c) => {
  const a = asset(c.req.param('name') ?? '');
  if (!a) throw notFound(`no asset ${c.req.param('name')}`);
  c.header('Content-Type', a.type);
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return c.body(a.body);
};

/** GET / — the studies, each in its languages. */
const studyList =
  (site: DashboardSite): Handler =>
  async (c) => {
    const { base } = site;
    const links = (await site.source.studies()).flatMap((s) =>
      studyLanguages(s).map(
        (l) => html`<li lang="${l}"><a href="${base}/${s.id}/${l}/">${studyText(s, s.title, l)}</a> (${l})</li>`,
      ),
    );
    return htmlOut(
      c,
      `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Barometer dashboards</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${base}/assets/dashboards.css${site.isStatic ? '' : `?v=${assetVersion}`}"></head><body><main id="main"><h1>${say('en', 'dashboards')}</h1><ul>${links}</ul></main></body></html>`}`,
    );
  };

/** GET :study/ — the study in its first language. */
const studyHome =
  (site: DashboardSite): Handler =>
  async (c) => {
    const study = await site.study(c.req.param('study') ?? '');
    return c.redirect(`${site.base}/${study.id}/${studyLanguages(study)[0] ?? 'en'}/`, 302);
  };

/** GET :study/series/:id.csv | :id.json — an indicator's full series, or its metadata with a citation. */
const seriesFile =
  (site: DashboardSite): Handler =>
  async (c) => {
    const study = await site.study(c.req.param('study') ?? '');
    const [id = '', ext] = (c.req.param('file') ?? '').split('.');
    const data = await site.indicatorData(study, site.indicator(study, id));
    if (ext === 'csv') return download(c, 'text/csv; charset=utf-8', `${study.id}-${id}-series.csv`, seriesCsv(data));
    const ctx = site.contextIn(study, studyLanguages(study)[0] ?? 'en');
    const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
    const cite = citation(ctx, studyText(study, data.indicator.label, ctx.lang), waves, ctx.urls.indicator(id));
    c.header('Content-Disposition', `attachment; filename="${study.id}-${id}-metadata.json"`);
    return c.json(
      seriesMetadata(data, {
        minimumN: study.minimumN,
        citation: cite.text,
        bibtex: cite.bibtex,
        seriesUrl: `${ctx.origin}${ctx.urls.seriesCsv(id)}`,
      }),
    );
  };

/**
 * A page's state is its path and its filters: `lang` in the query string (the language is in the
 * path) is dropped by a redirect to the canonical address, so no two addresses render one page.
 */
const dropLangQuery: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  if (!url.searchParams.has('lang')) return next();
  url.searchParams.delete('lang');
  return c.redirect(`${url.pathname}${url.search}`, 301);
};

/** GET :study/:lang/ — the overview of one indicator (?indicator=), with the latest world value of every other. */
const overview =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const q = site.query(c);
    const indicator = site.indicator(ctx.study, q.indicator ?? ctx.study.indicators[0]?.id ?? '');
    const page = await site.cachedPage(ctx, 'overview', q, async () => {
      const all = await site.allData(ctx.study);
      const data = all.find((d) => d.indicator.id === indicator.id) ?? (await site.indicatorData(ctx.study, indicator));
      const others = all.map((d) => {
        const latest = d.waves[d.waves.length - 1];
        return {
          indicator: d.indicator,
          world: d.points.find((p) => p.geography.kind === 'world' && p.subgroup === null && p.wave === latest?.id),
        };
      });
      const countries = countriesOf(ctx.lang, all);
      return overviewPage(ctx, { data, state: resolveState(data, q), query: q, cache: site.cache, others, countries });
    });
    return htmlOut(c, page);
  };

/** GET :study/:lang/indicators/:id/[map/|table/] — one tab of an indicator. */
const indicatorTab =
  (site: DashboardSite, tab: Tab): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const q = site.query(c);
    const indicator = site.indicator(ctx.study, c.req.param('id') ?? '');
    const page = await site.cachedPage(ctx, `indicators/${indicator.id}/${tab}`, q, async () => {
      const data = await site.indicatorData(ctx.study, indicator);
      return indicatorPage(ctx, { data, state: resolveState(data, q), query: q, cache: site.cache, tab });
    });
    return htmlOut(c, page);
  };

/** GET :study/:lang/indicators/:id/:view.csv | .svg — the data a view shows, or its chart. */
const viewFile =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const q = site.query(c);
    const [name = '', ext] = (c.req.param('file') ?? '').split('.');
    const view = site.view(name);
    const data = await site.indicatorData(ctx.study, site.indicator(ctx.study, c.req.param('id') ?? ''));
    const state = resolveState(data, q);
    const rendered = state ? await site.renders.run(() => site.cache.render(data, view, state, ctx.lang)) : null;
    if (!rendered) throw notFound(`nothing to draw for ${view}`);
    const file = `${ctx.study.id}-${data.indicator.id}-${view}`;
    // An indicator compared with an official figure: its source, estimate year and licence on every row.
    const reference = referenceOf(data);
    const table = reference
      ? withReferenceColumns(rendered.table, reference, matchedYears(ctx.study, reference, data.waves))
      : rendered.table;
    if (ext === 'csv') return download(c, 'text/csv; charset=utf-8', `${file}.csv`, tableCsv(table));
    const description = viewDescription(ctx, data, rendered.title, ctx.urls.indicator(data.indicator.id, 'chart', q));
    if (ext === 'zip')
      return download(
        c,
        'application/zip',
        `${file}.zip`,
        viewZip(ctx, data, { ...rendered, table }, file, description),
      );
    const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${describedSvg(rendered.svg, description)}`;
    if (ext === 'png') {
      const text = {
        title: description.title,
        description: [description.subtitle, description.fieldwork, ...description.notes].join(' '),
        source: description.source,
        citation: description.citation,
      };
      return download(c, 'image/png', `${file}.png`, await site.renders.run(() => chartPng(svg, text)));
    }
    return download(c, 'image/svg+xml; charset=utf-8', `${file}.svg`, svg);
  };

/** GET :study/:lang/countries/:iso3/ — one country, every indicator. */
const country =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const iso3 = c.req.param('iso3') ?? '';
    const page = await site.cachedPage(ctx, `countries/${iso3}`, {}, async () => {
      const all = await site.allData(ctx.study);
      const place = all
        .flatMap((d) => d.points)
        .find((p) => p.geography.kind === 'country' && p.geography.iso3 === iso3)?.geography;
      if (place?.kind !== 'country') throw notFound(`no estimates for country "${iso3}"`);
      return countryPage(ctx, place, all, site.cache);
    });
    return htmlOut(c, page);
  };

/**
 * GET :study/:lang/countries/ — every country; `?country=ISO3` (the overview's search form):
 * redirected to that country's page, 404 for a country without estimates, 400 for a code that is none.
 */
const countries =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const asked = c.req.query('country');
    const all = countriesOf(ctx.lang, await site.allData(ctx.study));
    if (asked === undefined) {
      const page = await site.cachedPage(ctx, 'countries', {}, () => countriesPage(ctx, all));
      return htmlOut(c, page);
    }
    const iso3 = asked.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(iso3)) throw new BadFilterError('country', `"${asked}" is not an ISO 3166 alpha-3 code`);
    if (!all.some((x) => x.iso3 === iso3)) throw notFound(`no estimates for country "${iso3}"`);
    return c.redirect(ctx.urls.country(iso3), 302);
  };

/** GET :study/:lang/campaigns/:id/ — a campaign's impact (not cached: its report is read each time). */
const campaign =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const id = c.req.param('id') ?? '';
    const found = ctx.study.campaigns.find((x) => x.id === id);
    if (!found) throw notFound(`no campaign "${id}" in ${ctx.study.id}`);
    const page = await site.renders.run(async () =>
      campaignPage(ctx, found, await site.source.campaign(ctx.study.id, found.id, ctx.lang)),
    );
    return htmlOut(c, page);
  };

/** GET :study/:lang/perception/ — perception against reality (a study with a gap indicator). */
const perception =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const pair = perceptionPair(ctx);
    if (!pair) throw notFound(`study ${ctx.study.id} sets no answers beside official figures`);
    const page = await site.cachedPage(ctx, 'perception', {}, async () =>
      perceptionPage(ctx, pair, await site.allData(ctx.study)),
    );
    return htmlOut(c, page);
  };

/** GET :study/:lang/methodology/ — how the numbers are made. */
const methodology =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const page = await site.cachedPage(ctx, 'methodology', {}, async () =>
      methodologyPage(ctx, await site.allData(ctx.study), ctx.study.minimumN),
    );
    return htmlOut(c, page);
  };

/** GET :study/:lang/embed/:id/:view/ — one chart alone, for an <iframe> on any site. */
const embed =
  (site: DashboardSite): Handler =>
  async (c) => {
    const ctx = await site.context(c);
    const q = site.query(c);
    const indicator = site.indicator(ctx.study, c.req.param('id') ?? '');
    const view = site.view(c.req.param('view') ?? '');
    const page = await site.cachedPage(ctx, `embed/${indicator.id}/${view}`, q, async () => {
      const data = await site.indicatorData(ctx.study, indicator);
      return embedPage(ctx, { data, state: resolveState(data, q), query: q, cache: site.cache, view });
    });
    return htmlOut(c, page, '*');
  };

/** The same addresses without their trailing slash: redirected to it. */
const addTrailingSlash: MiddlewareHandler = async (c, next) => {
  const path = new URL(c.req.url).pathname;
  if (path.endsWith('/') || /\.[a-z]+$/.test(path)) return next();
  return c.redirect(`${path}/${new URL(c.req.url).search}`, 301);
};

export function dashboardRoutes(options: DashboardOptions): Hono {
  const site = dashboardSite(options);
  const { base } = site;
  const app = new Hono();
  app.onError(errorPage(site));
  app.get(`${base}/assets/:name`, assetFile);
  app.get(`${base}/`, studyList(site));
  app.get(base, (c) => c.redirect(`${base}/`, 301));
  app.get(`${base}/:study/`, studyHome(site));
  app.get(`${base}/:study/series/:file{[a-zA-Z0-9_]+\\.(csv|json)}`, seriesFile(site));
  app.use(`${base}/:study/:lang/*`, dropLangQuery);
  app.get(`${base}/:study/:lang/`, overview(site));
  app.get(`${base}/:study/:lang/indicators/:id/`, indicatorTab(site, 'chart'));
  app.get(`${base}/:study/:lang/indicators/:id/map/`, indicatorTab(site, 'map'));
  app.get(`${base}/:study/:lang/indicators/:id/table/`, indicatorTab(site, 'table'));
  app.get(`${base}/:study/:lang/indicators/:id/:file{[a-z]+\\.(csv|svg|png|zip)}`, viewFile(site));
  app.get(`${base}/:study/:lang/countries/`, countries(site));
  app.get(`${base}/:study/:lang/countries/:iso3/`, country(site));
  app.get(`${base}/:study/:lang/campaigns/:id/`, campaign(site));
  app.get(`${base}/:study/:lang/methodology/`, methodology(site));
  app.get(`${base}/:study/:lang/perception/`, perception(site));
  app.get(`${base}/:study/:lang/embed/:id/:view/`, embed(site));
  app.get(`${base}/:study/:lang/*`, addTrailingSlash);
  return app;
}
