/**
 * How a page route answers: an HTML page with the page headers, a redirect after a POST, and
 * every failure as an HTML page with the error's status (the JSON errors of /v1 are the API's).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, ConflictError, type ConflictReason } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { describeError } from '../log.ts';
import { headersOf, statusOf, type ErrorStatus } from '../http/errors.ts';
import { pageDir, pageLanguages, messageIn, type MessageKey } from './messages.ts';
import { messagePage } from './pages.ts';
import { setPageHeaders } from './security.ts';

export type WebContext = Context<AppEnv>;

/** The language of a page shown before we know the respondent's session: ?lang=, else Accept-Language. */
export function visitorLang(c: WebContext): string {
  const asked = c.req.query('lang');
  if (asked !== undefined && pageLanguages.includes(asked)) return asked;
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.split(',').slice(0, 20)) {
    const tag = (part.split(';')[0] ?? '').trim().toLowerCase().split('-')[0] ?? '';
    if (pageLanguages.includes(tag)) return tag;
  }
  return 'en';
}

export function sendPage(c: WebContext, status: 200 | ErrorStatus, body: string): Response {
  setPageHeaders(c);
  return c.html(body, status);
}

export function seeOther(c: WebContext, location: string): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(location, 303);
}

export function errorPage(
  c: WebContext,
  status: ErrorStatus,
  title: MessageKey,
  body: MessageKey,
  lang = visitorLang(c),
): Response {
  return sendPage(
    c,
    status,
    messagePage({
      lang,
      dir: pageDir(lang),
      title: messageIn(lang, title),
      body: messageIn(lang, body),
      link: { href: '/', text: messageIn(lang, 'home') },
    }),
  );
}

/** What the conflict page says, by the conflict's reason. */
const conflictBody: Record<ConflictReason, MessageKey> = {
  already_submitted: 'doneBody',
  wave_not_open: 'closedBody',
  session_ended: 'errorPageBody',
  invitation_used: 'errorPageBody',
  in_progress: 'errorPageBody',
  replay_refused: 'errorPageBody',
};

/** Every failure of a page route as an HTML page with the error's status. */
export function renderError(err: unknown, c: WebContext): Response {
  if (err instanceof ConflictError) return errorPage(c, 409, 'conflictTitle', conflictBody[err.reason]);
  if (err instanceof AppError && statusOf(err) < 500) {
    for (const [k, v] of Object.entries(headersOf(err) ?? {})) c.header(k, v);
    if (err.code === 'not_found') return errorPage(c, 404, 'notFoundTitle', 'notFoundBody');
    if (err.code === 'unauthorized') return errorPage(c, 401, 'sessionLostTitle', 'sessionLostBody');
    if (err.code === 'forbidden') return errorPage(c, 403, 'forbiddenTitle', 'forbiddenBody');
    // 405 and 415 come from requests no page form sends; a page shows them as a bad request.
    const status = statusOf(err);
    return errorPage(c, status === 405 || status === 415 ? 400 : status, 'errorPageTitle', 'errorPageBody');
  }
  // hono's own middleware (csrf()) throws HTTPException: a refused origin is a 403.
  if (err instanceof HTTPException && err.status === 403) return errorPage(c, 403, 'forbiddenTitle', 'forbiddenBody');
  if (err instanceof HTTPException && err.status < 500) return errorPage(c, 400, 'errorPageTitle', 'errorPageBody');
  (c.get('log') ?? console).error('unhandled error in a page route', {
    error: describeError(err),
  });
  return errorPage(c, 500, 'errorPageTitle', 'errorPageBody');
}
