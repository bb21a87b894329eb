/**
 * How the dashboards answer a failure: an HTML page in the page's language with the status the
 * one code → status table gives (src/http/errors.ts). Every domain error is an `AppError`; any
 * other error is a defect, reported to the server's log and answered with a 500 page that keeps
 * its internals to itself.
 */
import { AppError, type ErrorCode } from '../src/errors.ts';
import { headersOf, statusOf, type ErrorStatus } from '../src/http/errors.ts';
import { html } from '../src/html.ts';
import { direction, isUiLanguage, w, type Texts, type UiLanguage } from './i18n.ts';

/** What the page says, by the error's code (any other code: `failed`). */
const titles: Partial<Record<ErrorCode, Texts>> = {
  not_found: w('Page not found', 'Page introuvable', 'Página no encontrada', 'الصفحة غير موجودة'),
  validation_failed: w('Invalid filter', 'Filtre non valide', 'Filtro no válido', 'عامل تصفية غير صالح'),
  unavailable: w(
    'Busy: please retry in a moment',
    'Occupé : veuillez réessayer dans un instant',
    'Ocupado: vuelva a intentarlo en un momento',
    'مشغول: يرجى إعادة المحاولة بعد قليل',
  ),
};
const failed = w(
  'The page could not be shown',
  'La page n’a pas pu être affichée',
  'No se pudo mostrar la página',
  'تعذّر عرض الصفحة',
);

const back = w('All dashboards', 'Tous les tableaux de bord', 'Todos los paneles', 'كل لوحات المعلومات');

/** The title of the error page of `code` in `lang`. */
export function errorTitle(lang: UiLanguage, code: ErrorCode): string {
  return (titles[code] ?? failed)[lang];
}

/** The language of a dashboard address (`{base}/{study}/{lang}/…`), English when it names none. */
export function pathLanguage(base: string, path: string): UiLanguage {
  const lang = path.slice(base.length).split('/')[2] ?? '';
  return isUiLanguage(lang) ? lang : 'en';
}

/** A failure as the dashboards answer it: a domain error as itself, anything else as an internal error. */
export function asDashboardError(err: unknown): AppError {
  return err instanceof AppError ? err : new AppError('internal', 'internal error');
}

/** The HTML of an error page: the title, what went wrong below 500 (it names the filter or the page), a way back. */
export function errorPageHtml(lang: UiLanguage, err: AppError, home: string): string {
  const status = statusOf(err);
  const title = errorTitle(lang, err.code);
  const detail = status < 500 && err.code !== 'unavailable' ? html`<p>${err.message}</p>` : '';
  return `<!doctype html>${html`<html lang="${lang}" dir="${direction(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · ${title}</title><link rel="icon" href="data:,"></head><body><main><h1>${title}</h1>${detail}<p><a href="${home}">${back[lang]}</a></p></main></body></html>`}`;
}

/** The status and headers (Retry-After…) an error page is sent with. */
export function errorResponseParts(err: AppError): {
  readonly status: ErrorStatus;
  readonly headers: Readonly<Record<string, string>>;
} {
  return { status: statusOf(err), headers: headersOf(err) ?? {} };
}
