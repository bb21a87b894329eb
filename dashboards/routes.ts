/**
 * The dashboards as hono routes, mounted at `/dashboards` by the server and crawled by the
 * static build (the same code answers both):
 *
 *   GET /dashboards/                                        the studies
 *   GET /dashboards/assets/:name                            stylesheet, optional script
 *   GET /dashboards/:study/:lang/                           overview (?indicator= &wave= &from= &to=)
 *   GET /dashboards/:study/:lang/indicators/:id/[map/|table/] indicator tabs (?geo=… &from= &to= &level= &place= &wave=)
 *   GET /dashboards/:study/:lang/indicators/:id/:view.csv   the data a view shows; .svg: the chart
 *   GET /dashboards/:study/:lang/countries/:iso3/           one country
 *   GET /dashboards/:study/:lang/campaigns/:id/             a campaign's impact
 *   GET /dashboards/:study/:lang/methodology/               methodology
 *   GET /dashboards/:study/:lang/embed/:id/:view/           chart-only page for an <iframe>
 *   GET /dashboards/:study/series/:id.csv | :id.json        full series and its metadata
 *
 * A filter naming a wave, geography or field that does not exist answers 400 naming the
 * field; an unknown study, language, indicator or country answers 404.
 */
import { Hono, type Context } from 'hono';
import type { Indicator, Study } from '../src/instrument/index.ts';
import { asset, assetVersion } from './assets.ts';
import { RenderLimit, RendersBusyError } from './cache.ts';
import { tableCsv, h } from './html.ts';
import { isUiLanguage, say } from './i18n.ts';
import { findIndicator, studyLanguages, studyText } from './model.ts';
import { countryPage } from './page-country.ts';
import { embedPage, indicatorPage, type Tab } from './page-indicator.ts';
import { citation, Urls, type PageContext } from './page-layout.ts';
import { campaignPage } from './page-campaign.ts';
import { methodologyPage } from './page-methodology.ts';
import { overviewPage } from './page-overview.ts';
import { seriesCsv, seriesMetadata } from './downloads.ts';
import type { DashboardSource } from './source.ts';
import {
  BadFilterError,
  loadIndicator,
  parseViewQuery,
  type IndicatorData,
  type ViewQuery,
  resolveState,
  ViewCache,
  VIEWS,
  type ViewName,
} from './views.ts';

export interface DashboardOptions {
  readonly source: DashboardSource;
  /** Mount point; default `/dashboards`. */
  readonly base?: string;
  /** Building a static copy: no query strings in links, no filter forms. */
  readonly isStatic?: boolean;
  readonly cache?: ViewCache;
  /**
   * The origin of absolute links (embed snippets, citations, download addresses): the server's
   * public or listening address, never the request's Host header. Default `http://localhost`.
   */
  readonly origin?: () => string;
  /** Uncached renders at once and waiting; default 1 at once, 16 waiting (beyond: 503). */
  readonly renders?: RenderLimit;
}

class NotFound extends Error {}

const policy = (frame: "'none'" | '*') =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frame}`,
  ].join('; ');

export function dashboardRoutes(options: DashboardOptions): Hono {
  const base = options.base ?? '/dashboards';
  const source = options.source;
  const cache = options.cache ?? new ViewCache();
  const originOf = () => (options.isStatic ? '' : (options.origin?.() ?? 'http://localhost'));
  const renders = options.renders ?? new RenderLimit({ concurrent: 1, queue: 16 });
  const app = new Hono();

  const studyOf = async (id: string): Promise<Study> => {
    const study = (await source.studies()).find((s) => s.id === id);
    if (!study) throw new NotFound(`no study "${id}"`);
    return study;
  };
  const contextOf = async (c: Context): Promise<PageContext> => {
    const study = await studyOf(c.req.param('study') ?? '');
    const lang = c.req.param('lang') ?? '';
    if (!isUiLanguage(lang) || !studyLanguages(study).includes(lang))
      throw new NotFound(`no dashboards in language "${lang}"`);
    const origin = originOf();
    return { study, lang, urls: new Urls(base, study.id, lang, options.isStatic === true, assetVersion), origin };
  };
  const htmlOut = (c: Context, body: string, frame: "'none'" | '*' = "'none'") => {
    c.header('Content-Security-Policy', policy(frame));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-cache');
    return c.html(body);
  };
  const indicatorOf = (study: Study, id: string) => {
    const indicator = findIndicator(study, id);
    if (!indicator) throw new NotFound(`no indicator "${id}" in ${study.id}`);
    return indicator;
  };
  const query = (c: Context) => parseViewQuery(new URL(c.req.url).searchParams);

  // Each study's indicator data under the data version they were read at: read again only when a
  // weighting run changes what is published (at most one entry per indicator of each study).
  const loaded = new Map<string, { version: string; data: Map<string, Promise<IndicatorData>> }>();
  const dataOf = (study: Study, indicator: Indicator, version: string): Promise<IndicatorData> => {
    let kept = loaded.get(study.id);
    if (kept?.version !== version) loaded.set(study.id, (kept = { version, data: new Map() }));
    const data = kept.data;
    let hit = data.get(indicator.id);
    if (!hit) {
      hit = loadIndicator(source, study, indicator);
      data.set(indicator.id, hit);
      // Not kept when it failed, or when the data moved on between the two reads.
      hit.then(
        (d) => d.version === version || data.delete(indicator.id),
        () => data.delete(indicator.id),
      );
    }
    return hit;
  };
  const indicatorData = async (study: Study, indicator: Indicator) =>
    dataOf(study, indicator, await source.version(study.id));
  const allData = async (study: Study) => {
    const version = await source.version(study.id);
    return Promise.all(study.indicators.map((i) => dataOf(study, i, version)));
  };

  app.onError((err, c) => {
    if (err instanceof RendersBusyError) {
      c.header('Retry-After', String(err.retryAfterSeconds));
      return c.text(err.message, 503);
    }
    const status = err instanceof BadFilterError ? 400 : err instanceof NotFound ? 404 : 500;
    if (status === 500) throw err;
    c.header('Content-Security-Policy', policy("'none'"));
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title></head><body><main><h1>${status === 400 ? 'Bad filter' : 'Not found'}</h1><p>${h`${err.message}`}</p><p><a href="${base}/">Dashboards</a></p></main></body></html>`,
      status,
    );
  });

  app.get(`${base}/assets/:name`, (c) => {
    const a = asset(c.req.param('name'));
    if (!a) throw new NotFound(`no asset ${c.req.param('name')}`);
    c.header('Content-Type', a.type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(a.body);
  });

  app.get(`${base}/`, async (c) => {
    const studies = await source.studies();
    const links = studies.flatMap((s) =>
      studyLanguages(s).map(
        (l) => h`<li lang="${l}"><a href="${base}/${s.id}/${l}/">${studyText(s, s.title, l)}</a> (${l})</li>`,
      ),
    );
    return htmlOut(
      c,
      `<!doctype html>${h`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Barometer dashboards</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${base}/assets/dashboards.css${options.isStatic ? '' : `?v=${assetVersion}`}"></head><body><main id="main"><h1>${say('en', 'dashboards')}</h1><ul>${links}</ul></main></body></html>`}`,
    );
  });
  app.get(base, (c) => c.redirect(`${base}/`, 301));
  app.get(`${base}/:study/`, async (c) => {
    const study = await studyOf(c.req.param('study'));
    return c.redirect(`${base}/${study.id}/${studyLanguages(study)[0] ?? 'en'}/`, 302);
  });

  app.get(`${base}/:study/series/:file{[a-zA-Z0-9_]+\\.(csv|json)}`, async (c) => {
    const study = await studyOf(c.req.param('study'));
    const [id = '', ext] = c.req.param('file').split('.');
    const data = await indicatorData(study, indicatorOf(study, id));
    if (ext === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${study.id}-${id}-series.csv"`);
      return c.body(seriesCsv(data));
    }
    const lang = studyLanguages(study)[0] ?? 'en';
    const ctx: PageContext = {
      study,
      lang,
      urls: new Urls(base, study.id, lang, options.isStatic === true, assetVersion),
      origin: originOf(),
    };
    const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
    const cite = citation(ctx, studyText(study, data.indicator.label, lang), waves, ctx.urls.indicator(id));
    c.header('Content-Disposition', `attachment; filename="${study.id}-${id}-metadata.json"`);
    return c.json(
      seriesMetadata(data, {
        minimumN: study.minimumN,
        citation: cite,
        seriesUrl: `${ctx.origin}${ctx.urls.seriesCsv(id)}`,
      }),
    );
  });

  // A page's state is its path and its filters: `lang` in the query string (the language is in the
  // path) is dropped by a redirect to the canonical address, so no two addresses render one page.
  app.use(`${base}/:study/:lang/*`, async (c, next) => {
    const url = new URL(c.req.url);
    if (!url.searchParams.has('lang')) return next();
    url.searchParams.delete('lang');
    return c.redirect(`${url.pathname}${url.search}`, 301);
  });

  /**
   * A page from the page cache, or rendered (within the render limit) and kept: keyed by study,
   * language, page and parsed filters under the data version — never the Host or the raw query.
   */
  const cachedPage = async (ctx: PageContext, page: string, q: ViewQuery, render: () => Promise<string> | string) => {
    const version = await source.version(ctx.study.id);
    const key = `${ctx.study.id}|${ctx.lang}|${page}|${JSON.stringify(q)}`;
    const hit = cache.cachedPage(version, key);
    if (hit !== undefined) return hit;
    return cache.storePage(version, key, await renders.run(render));
  };

  app.get(`${base}/:study/:lang/`, async (c) => {
    const ctx = await contextOf(c);
    const q = query(c);
    const indicator = indicatorOf(ctx.study, q.indicator ?? ctx.study.indicators[0]?.id ?? '');
    const page = await cachedPage(ctx, 'overview', q, async () => {
      const all = await allData(ctx.study);
      const data = all.find((d) => d.indicator.id === indicator.id) ?? (await indicatorData(ctx.study, indicator));
      const others = all.map((d) => {
        const latest = d.waves[d.waves.length - 1];
        return {
          indicator: d.indicator,
          world: d.points.find((p) => p.geography.kind === 'world' && p.subgroup === null && p.wave === latest?.id),
        };
      });
      return overviewPage(ctx, { data, state: resolveState(data, q), query: q, cache, others });
    });
    return htmlOut(c, page);
  });

  const tabRoute = (tab: Tab) => async (c: Context) => {
    const ctx = await contextOf(c);
    const q = query(c);
    const indicator = indicatorOf(ctx.study, c.req.param('id') ?? '');
    const page = await cachedPage(ctx, `indicators/${indicator.id}/${tab}`, q, async () => {
      const data = await indicatorData(ctx.study, indicator);
      return indicatorPage(ctx, { data, state: resolveState(data, q), query: q, cache, tab });
    });
    return htmlOut(c, page);
  };
  app.get(`${base}/:study/:lang/indicators/:id/`, tabRoute('chart'));
  app.get(`${base}/:study/:lang/indicators/:id/map/`, tabRoute('map'));
  app.get(`${base}/:study/:lang/indicators/:id/table/`, tabRoute('table'));

  const viewOf = (name: string): ViewName => {
    const v = VIEWS.find((x) => x === name);
    if (!v) throw new NotFound(`no view "${name}" (views: ${VIEWS.join(', ')})`);
    return v;
  };
  app.get(`${base}/:study/:lang/indicators/:id/:file{[a-z]+\\.(csv|svg)}`, async (c) => {
    const ctx = await contextOf(c);
    const q = query(c);
    const [name = '', ext] = c.req.param('file').split('.');
    const view = viewOf(name);
    const data = await indicatorData(ctx.study, indicatorOf(ctx.study, c.req.param('id')));
    const state = resolveState(data, q);
    const rendered = state ? await renders.run(() => cache.render(data, view, state, ctx.lang)) : null;
    if (!rendered) throw new NotFound(`nothing to draw for ${view}`);
    const file = `${ctx.study.id}-${data.indicator.id}-${view}`;
    if (ext === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${file}.csv"`);
      return c.body(tableCsv(rendered.table));
    }
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${file}.svg"`);
    return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n${rendered.svg}`);
  });

  app.get(`${base}/:study/:lang/countries/:iso3/`, async (c) => {
    const ctx = await contextOf(c);
    const iso3 = c.req.param('iso3');
    const page = await cachedPage(ctx, `countries/${iso3}`, {}, async () => {
      const all = await allData(ctx.study);
      const country = all
        .flatMap((d) => d.points)
        .find((p) => p.geography.kind === 'country' && p.geography.iso3 === iso3)?.geography;
      if (country?.kind !== 'country') throw new NotFound(`no estimates for country "${iso3}"`);
      return countryPage(ctx, country, all, cache);
    });
    return htmlOut(c, page);
  });

  app.get(`${base}/:study/:lang/campaigns/:id/`, async (c) => {
    const ctx = await contextOf(c);
    const campaign = ctx.study.campaigns.find((x) => x.id === c.req.param('id'));
    if (!campaign) throw new NotFound(`no campaign "${c.req.param('id')}" in ${ctx.study.id}`);
    const page = await renders.run(async () =>
      campaignPage(ctx, campaign, await source.campaign(ctx.study.id, campaign.id, ctx.lang)),
    );
    return htmlOut(c, page);
  });

  app.get(`${base}/:study/:lang/methodology/`, async (c) => {
    const ctx = await contextOf(c);
    const page = await cachedPage(ctx, 'methodology', {}, async () =>
      methodologyPage(ctx, await allData(ctx.study), ctx.study.minimumN),
    );
    return htmlOut(c, page);
  });

  app.get(`${base}/:study/:lang/embed/:id/:view/`, async (c) => {
    const ctx = await contextOf(c);
    const q = query(c);
    const indicator = indicatorOf(ctx.study, c.req.param('id'));
    const view = viewOf(c.req.param('view'));
    const page = await cachedPage(ctx, `embed/${indicator.id}/${view}`, q, async () => {
      const data = await indicatorData(ctx.study, indicator);
      return embedPage(ctx, { data, state: resolveState(data, q), query: q, cache, view });
    });
    return htmlOut(c, page, '*');
  });

  // The same addresses without their trailing slash.
  app.get(`${base}/:study/:lang/*`, (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.endsWith('/') || /\.[a-z]+$/.test(path)) return next();
    return c.redirect(`${path}/${new URL(c.req.url).search}`, 301);
  });
  return app;
}
