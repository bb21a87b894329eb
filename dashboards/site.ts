/**
 * What every dashboard handler reads (routes.ts): the source, the caches and the render limit,
 * and the steps the handlers share — find the study, language, indicator and view an address
 * names (404 when there is none), read an indicator's data once per data version, and render a
 * page once per filters and data version.
 */
import type { Context } from 'hono';
import type { Indicator, Study } from '../src/instrument/index.ts';
import { AppError } from '../src/errors.ts';
import { assetVersion } from './assets.ts';
import { RenderLimit } from './cache.ts';
import { isUiLanguage, type UiLanguage } from './i18n.ts';
import { findIndicator, studyLanguages } from './model.ts';
import { Urls, type PageContext } from './page-layout.ts';
import type { DashboardSource } from './source.ts';
import {
  loadIndicator,
  parseViewQuery,
  ViewCache,
  VIEWS,
  type IndicatorData,
  type ViewName,
  type ViewQuery,
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
  /** Where an unexpected error (a defect, answered 500) is reported; default the console. */
  readonly reportError?: (err: unknown) => void;
}

/** The dashboards' state and the steps their handlers share. */
export interface DashboardSite {
  readonly base: string;
  readonly isStatic: boolean;
  readonly source: DashboardSource;
  readonly cache: ViewCache;
  readonly renders: RenderLimit;
  readonly reportError: (err: unknown) => void;
  /** The origin of absolute links ('' in a static copy). */
  origin(): string;
  /** The page context of a study in one of its languages. */
  contextIn(study: Study, lang: UiLanguage): PageContext;
  /** The study of `:study`; 404 when there is none. */
  study(id: string): Promise<Study>;
  /** The study and language of `:study/:lang`; 404 when either is unknown. */
  context(c: Context): Promise<PageContext>;
  /** The indicator `id` of a study; 404 when there is none. */
  indicator(study: Study, id: string): Indicator;
  /** The view called `name`; 404 when there is none. */
  view(name: string): ViewName;
  /** The filters of the request's query string; 400 naming the field of a bad one. */
  query(c: Context): ViewQuery;
  /** One indicator's data at the current data version. */
  indicatorData(study: Study, indicator: Indicator): Promise<IndicatorData>;
  /** Every indicator's data of a study at the current data version. */
  allData(study: Study): Promise<IndicatorData[]>;
  /** A page from the page cache, or rendered (within the render limit) and kept. */
  cachedPage(ctx: PageContext, page: string, q: ViewQuery, render: () => Promise<string> | string): Promise<string>;
}

/** A 404 naming what the address asked for. */
export function notFound(message: string): AppError {
  return new AppError('not_found', message);
}

type DataOf = (study: Study, indicator: Indicator, version: string) => Promise<IndicatorData>;

/**
 * Each study's indicator data under the data version they were read at: read again only when a
 * weighting run changes what is published (at most one entry per indicator of each study).
 */
function indicatorDataCache(source: DashboardSource): DataOf {
  const loaded = new Map<string, { version: string; data: Map<string, Promise<IndicatorData>> }>();
  return (study, indicator, version) => {
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
}

/** The dashboards' state from their options, with the defaults filled in. */
export function dashboardSite(options: DashboardOptions): DashboardSite {
  const base = options.base ?? '/dashboards';
  const isStatic = options.isStatic === true;
  const { source } = options;
  const cache = options.cache ?? new ViewCache();
  const renders = options.renders ?? new RenderLimit({ concurrent: 1, queue: 16 });
  const dataOf = indicatorDataCache(source);
  const origin = () => (isStatic ? '' : (options.origin?.() ?? 'http://localhost'));
  const contextIn = (study: Study, lang: UiLanguage): PageContext => ({
    study,
    lang,
    urls: new Urls(base, study.id, lang, isStatic, assetVersion),
    origin: origin(),
  });
  const study = async (id: string): Promise<Study> => {
    const found = (await source.studies()).find((s) => s.id === id);
    if (!found) throw notFound(`no study "${id}"`);
    return found;
  };
  return {
    base,
    isStatic,
    source,
    cache,
    renders,
    reportError: options.reportError ?? ((err) => console.error('unhandled error in a dashboard route', err)),
    origin,
    contextIn,
    study,
    async context(c) {
      const found = await study(c.req.param('study') ?? '');
      const lang = c.req.param('lang') ?? '';
      if (!isUiLanguage(lang) || !studyLanguages(found).includes(lang))
        throw notFound(`no dashboards in language "${lang}"`);
      return contextIn(found, lang);
    },
    indicator(s, id) {
      const indicator = findIndicator(s, id);
      if (!indicator) throw notFound(`no indicator "${id}" in ${s.id}`);
      return indicator;
    },
    view(name) {
      const v = VIEWS.find((x) => x === name);
      if (!v) throw notFound(`no view "${name}" (views: ${VIEWS.join(', ')})`);
      return v;
    },
    query: (c) => parseViewQuery(new URL(c.req.url).searchParams),
    indicatorData: async (s, indicator) => dataOf(s, indicator, await source.version(s.id)),
    async allData(s) {
      const version = await source.version(s.id);
      return Promise.all(s.indicators.map((i) => dataOf(s, i, version)));
    },
    // Keyed by study, language, page and parsed filters under the data version — never the Host or the raw query.
    async cachedPage(ctx, page, q, render) {
      const version = await source.version(ctx.study.id);
      const key = `${ctx.study.id}|${ctx.lang}|${page}|${JSON.stringify(q)}`;
      const hit = cache.cachedPage(version, key);
      if (hit !== undefined) return hit;
      return cache.storePage(version, key, await renders.run(render));
    },
  };
}
