/**
 * The session pages of the respondent web: the current page, saving a page (next, back, later),
 * the review page before submitting, submitting, the resume link after "save and continue later", and the thank-you page. Mounted by
 * routes.ts; the session's secret comes from its cookie and every form carries a token bound to it.
 *
 * Without cookies (a browser that refuses them): each page's form also carries a token for that
 * page alone (`st`, collection/page-token.ts), and a form post answers with the next page itself
 * instead of a redirect, so the session travels in the forms and never in a URL.
 */
import type { Handler, Hono } from 'hono';
import { AppError, ConflictError } from '../errors.ts';
import type { Database } from '../../db/index.ts';
import { linkOrigin, type AppDeps, type AppEnv } from '../http/context.ts';
import { requestHash } from '../collection/idempotency.ts';
import type { PageView } from '../collection/schemas.ts';
import { pageToken, secretOfPageToken } from '../collection/page-token.ts';
import { getSession, savePage, submitSession } from '../collection/sessions.ts';
import { nextPage, pageSequence } from '../instrument/presentation.ts';
import { askedLanguagePattern, textIn } from '../instrument/text.ts';
import type { Study } from '../instrument/study.ts';
import { interviewerView } from './interviewer.ts';
import { countriesSorted, studyOfInstrument } from './study-info.ts';
import type { InterviewerView } from './interviewer-html.ts';
import { pageDir, pageLanguages } from './messages.ts';
import { blockPattern, field, fieldErrors, formFields, secondsField, sessionIdParam } from './forms.ts';
import { questionPage, readyPage, savedPage, thanksPage } from './pages.ts';
import { answersFromForm, type FieldError, type FormFields } from './questions.ts';
import { errorPage, seeOther, sendPage, visitorLang, type WebContext } from './respond.ts';
import {
  clearSessionCookie,
  formIdempotencyKey,
  formNonce,
  sessionFormToken,
  sessionSecret,
  tokensMatch,
} from './security.ts';

/** How a request holds its session: the secret, and whether it came from a page token instead of a cookie. */
export interface SessionAccess {
  readonly secret: string;
  readonly cookieless: boolean;
  /** The language asked for the page (an interviewer switching the respondent's language mid-interview). */
  readonly lang?: string | undefined;
}

/** A well-formed language tag asked for, else undefined. */
function askedLang(lang: string | undefined): string | undefined {
  return lang !== undefined && askedLanguagePattern.test(lang) ? lang : undefined;
}

/** The block id a ready-to-submit page's token is issued for. */
const submitBlock = '~submit';

/** Shows a session's page (the one it continues on when `block` is undefined) as the answer to a request. */
export type ShowPage = (c: WebContext, sessionId: string, access: SessionAccess, block?: string) => Promise<Response>;

type Session = Awaited<ReturnType<typeof getSession>>;

/** The studies the server loaded (their consent information, country question, e-mail option). */
type Studies = readonly Study[] | undefined;

/** The page of questions `page` of session `s`, with the values and errors to show. */
function renderQuestions(
  s: Session,
  access: SessionAccess,
  page: PageView,
  values: Readonly<Record<string, unknown>>,
  errors: Readonly<Record<string, FieldError>>,
  studies: Studies,
): string {
  const sequence = pageSequence(s.instrument, s.order, s.answers);
  const at = sequence.indexOf(page.blockId);
  const { page: asked, view } = shownPage(s, page);
  const shown = countriesSorted(asked, s.instrument, studyOfInstrument(studies, s.instrument), s.language);
  return questionPage({
    sessionId: s.sessionId,
    lang: s.language,
    dir: s.dir,
    study: textIn(s.instrument.title, s.language),
    page: shown,
    interviewer: view,
    position: { page: at + 1, share: Math.max(0, s.order.blocks.indexOf(page.blockId)) / s.order.blocks.length },
    values,
    errors,
    token: sessionFormToken(access.secret),
    nonce: formNonce(),
    pageToken: access.cookieless ? pageToken(s.sessionId, access.secret, page.blockId) : undefined,
    canGoBack: at > 0,
    review: isReviewPage(s, page),
    submits: submitsFrom(s, page),
  });
}

/**
 * Whether `page` is shown as the review page: the last page of the session, with nothing to answer
 * on it (the instrument's closing words). Its button submits; the closing words are not shown
 * before the answers are sent (the thank-you page says they are recorded).
 */
function isReviewPage(s: Session, page: PageView): boolean {
  return (
    s.mode === 'web' &&
    nextPage(s.instrument, s.order, s.answers, page.blockId) === null &&
    page.questions.every((q) => q.kind === 'info')
  );
}

/**
 * Whether the page's "next" submits the answers: on the review page; in an interview (phone, face
 * to face) on the last page, as the interviewer closes it with the respondent. A respondent on the
 * web goes from the last page of questions to the review page instead.
 */
function submitsFrom(s: Session, page: PageView): boolean {
  return (
    isReviewPage(s, page) || (s.mode !== 'web' && nextPage(s.instrument, s.order, s.answers, page.blockId) === null)
  );
}

/** The page as its session shows it: in interviewer mode with don't know / refused throughout, instructions and language links. */
function shownPage(s: Session, page: PageView): { page: PageView; view: InterviewerView | undefined } {
  if (s.mode === 'web') return { page, view: undefined };
  return interviewerView(s.instrument, page, { sessionId: s.sessionId, language: s.language, mode: s.mode });
}

function thanksUrl(sessionId: string, lang: string): string {
  return `/s/${sessionId}/thanks?lang=${encodeURIComponent(lang)}`;
}

/** Shows the first page with errors the submit found (an earlier required question left unanswered). */
async function submitErrors(
  db: Database,
  studies: Studies,
  c: WebContext,
  sessionId: string,
  access: SessionAccess,
  errors: Record<string, FieldError>,
): Promise<Response> {
  const { secret } = access;
  const probe = await getSession(db, { sessionId, secret });
  const codes = Object.keys(errors);
  const block = probe.order.blocks.find((b) =>
    probe.instrument.blocks.find((x) => x.id === b)?.questions.some((q) => codes.includes(q.code)),
  );
  const s = block ? await getSession(db, { sessionId, secret, page: block }) : probe;
  if (!s.page) return errorPage(c, 400, 'errorPageTitle', 'errorPageBody', s.language);
  return sendPage(c, 400, renderQuestions(s, access, s.page, s.answers, errors, studies));
}

/** Submits the session, then the thank-you page (also when it was already submitted), or the page with errors. */
async function submit(
  db: Database,
  studies: Studies,
  c: WebContext,
  sessionId: string,
  access: SessionAccess,
  nonce: string | undefined,
  language: string,
): Promise<Response> {
  const { secret } = access;
  const hash = requestHash('POST', `/s/${sessionId}/submit`, null);
  try {
    await submitSession(db, {
      sessionId,
      secret,
      idempotencyKey: formIdempotencyKey(nonce, hash),
      requestHash: hash,
    });
  } catch (err) {
    const errors = fieldErrors(err);
    if (errors) return submitErrors(db, studies, c, sessionId, access, errors);
    if (err instanceof ConflictError && err.reason === 'already_submitted')
      return seeOther(c, thanksUrl(sessionId, language));
    throw err;
  }
  clearSessionCookie(c, sessionId);
  return seeOther(c, thanksUrl(sessionId, language));
}

/**
 * The session's secret from its cookie, else from the form's token for this page (`block`), and
 * the form's anti-forgery token checked against it.
 */
async function authorisedForm(
  db: Database,
  c: WebContext,
  sessionId: string,
  block: string,
): Promise<{ access: SessionAccess; form: FormFields }> {
  const form = await formFields(c);
  const cookie = sessionSecret(c);
  const token = field(form, 'st');
  const secret = cookie ?? (token === undefined ? undefined : await secretOfPageToken(db, { sessionId, block, token }));
  if (secret === undefined) throw new AppError('unauthorized', 'no session cookie or page token');
  if (!tokensMatch(field(form, 'csrf'), sessionFormToken(secret)))
    throw new AppError('forbidden', 'form token mismatch');
  return { access: { secret, cookieless: cookie === undefined }, form };
}

/** The page a session continues on (or `block`), or the ready-to-submit page when every page is answered. */
const showPageOf =
  (db: Database, studies: Studies): ShowPage =>
  async (c, sessionId, access, block) => {
    const { secret } = access;
    // The review page (`submitBlock`) is shown as asked, whatever page the session would continue on.
    const review = block === submitBlock;
    const s = await getSession(db, { sessionId, secret, page: review ? undefined : block, language: access.lang });
    if (s.status === 'submitted') return seeOther(c, thanksUrl(sessionId, s.language));
    if (s.status !== 'in_progress') throw new ConflictError('session_ended', 'this session was closed');
    if (s.page && !review) return sendPage(c, 200, renderQuestions(s, access, s.page, s.answers, {}, studies));
    const last = pageSequence(s.instrument, s.order, s.answers).at(-1);
    return sendPage(
      c,
      200,
      readyPage({
        sessionId,
        lang: s.language,
        dir: s.dir,
        study: textIn(s.instrument.title, s.language),
        token: sessionFormToken(secret),
        nonce: formNonce(),
        pageToken: access.cookieless ? pageToken(sessionId, secret, submitBlock) : undefined,
        // A link needs the cookie; without one, the last page is reached with its Back button.
        backUrl: last && !access.cookieless ? `/s/${sessionId}?page=${last}` : undefined,
      }),
    );
  };

/** The resume link after "save and continue later" (to page `at`). */
function savedResponse(deps: AppDeps, c: WebContext, s: Session, secret: string, at: string | undefined): Response {
  return sendPage(
    c,
    200,
    savedPage({
      lang: s.language,
      dir: s.dir,
      study: textIn(s.instrument.title, s.language),
      resumeUrl: `${linkOrigin(deps)}/resume/${s.sessionId}?key=${encodeURIComponent(secret)}${at ? `&page=${at}` : ''}`,
      continueUrl: `/s/${s.sessionId}${at ? `?page=${at}` : ''}`,
      emailLink: studyOfInstrument(deps.studies, s.instrument)?.resumeByEmail === true,
    }),
  );
}

/** GET /s/:sessionId — the current page (?page=BLOCK for another page, ?review for the review page). */
const currentPage =
  (showPage: ShowPage): Handler<AppEnv> =>
  async (c) => {
    const sessionId = sessionIdParam(c);
    const secret = sessionSecret(c);
    const asked = c.req.query('page');
    if (asked !== undefined && !blockPattern.test(asked)) throw new AppError('not_found', 'no such page');
    if (secret === undefined) throw new AppError('unauthorized', 'no session cookie');
    const page = c.req.query('review') === undefined ? asked : submitBlock;
    return showPage(c, sessionId, { secret, cookieless: false, lang: askedLang(c.req.query('lang')) }, page);
  };

/** POST /s/:sessionId/pages/:blockId — save the page; action=next|back|later. */
const savePageForm =
  (deps: AppDeps, showPage: ShowPage): Handler<AppEnv> =>
  async (c) => {
    const db = deps.db.db;
    const sessionId = sessionIdParam(c);
    const blockId = c.req.param('blockId') ?? '';
    if (!blockPattern.test(blockId)) throw new AppError('not_found', 'no such page');
    const authorised = await authorisedForm(db, c, sessionId, blockId);
    const { form } = authorised;
    const access = { ...authorised.access, lang: askedLang(field(form, 'lang')) };
    const { secret } = access;
    const s = await getSession(db, { sessionId, secret, page: blockId, language: access.lang });
    if (s.status === 'submitted') return seeOther(c, thanksUrl(sessionId, s.language));
    if (s.status !== 'in_progress') throw new ConflictError('session_ended', 'this session was closed');
    // A form for a page no longer shown (an earlier answer changed): show the current page instead.
    if (!s.page || s.page.blockId !== blockId)
      return access.cookieless ? showPage(c, sessionId, access) : seeOther(c, `/s/${sessionId}`);
    // Where the respondent goes next: a redirect with the cookie, the page itself without.
    const langQuery = access.lang === undefined ? '' : `&lang=${encodeURIComponent(access.lang)}`;
    const goTo = (block: string) =>
      access.cookieless
        ? showPage(c, sessionId, access, block)
        : seeOther(c, `/s/${sessionId}?page=${block}${langQuery}`);
    const page = shownPage(s, s.page).page;
    const actionField = field(form, 'action');
    const action = actionField === 'back' || actionField === 'later' ? actionField : 'next';
    const { answers, errors } = answersFromForm(page, form);
    if (Object.keys(errors).length > 0)
      return sendPage(c, 400, renderQuestions(s, access, page, answers, errors, deps.studies));

    const seconds = secondsField(form);
    const complete = action === 'next';
    const body = { answers, ...(seconds !== undefined ? { seconds } : {}), complete };
    const hash = requestHash('POST', c.req.path, body);
    let saved;
    try {
      saved = await savePage(db, {
        sessionId,
        secret,
        blockId,
        answers,
        seconds,
        complete,
        idempotencyKey: formIdempotencyKey(field(form, 'nonce'), hash),
        requestHash: hash,
      });
    } catch (err) {
      const problems = fieldErrors(err);
      if (problems) return sendPage(c, 400, renderQuestions(s, access, page, answers, problems, deps.studies));
      throw err;
    }
    if (action === 'later')
      return access.cookieless
        ? savedResponse(deps, c, s, secret, blockId)
        : seeOther(c, `/s/${sessionId}/saved?page=${blockId}`);
    if (action === 'back') {
      const sequence = pageSequence(s.instrument, s.order, s.answers);
      return goTo(sequence[sequence.indexOf(blockId) - 1] ?? blockId);
    }
    if (saved.body.next !== null) return goTo(saved.body.next);
    // The review page submits (and an interview's last page); after the last page of questions comes the review page.
    if (submitsFrom(s, s.page)) return submit(db, deps.studies, c, sessionId, access, field(form, 'nonce'), s.language);
    return access.cookieless ? showPage(c, sessionId, access, submitBlock) : seeOther(c, `/s/${sessionId}?review`);
  };

/** POST /s/:sessionId/submit — submit (from the ready-to-submit page). */
const submitForm =
  (db: Database, studies: Studies): Handler<AppEnv> =>
  async (c) => {
    const sessionId = sessionIdParam(c);
    const { access, form } = await authorisedForm(db, c, sessionId, submitBlock);
    const s = await getSession(db, { sessionId, secret: access.secret });
    return submit(db, studies, c, sessionId, access, field(form, 'nonce'), s.language);
  };

/** GET /s/:sessionId/saved — the resume link, after "save and continue later". */
const savedLink =
  (deps: AppDeps): Handler<AppEnv> =>
  async (c) => {
    const sessionId = sessionIdParam(c);
    const secret = sessionSecret(c);
    const s = await getSession(deps.db.db, { sessionId, secret });
    if (secret === undefined) throw new AppError('unauthorized', 'no session cookie');
    const page = c.req.query('page');
    return savedResponse(
      deps,
      c,
      s,
      secret,
      page !== undefined && blockPattern.test(page) && s.order.blocks.includes(page) ? page : undefined,
    );
  };

/** GET /s/:sessionId/thanks — the thank-you page. */
const thanks: Handler<AppEnv> = (c) => {
  sessionIdParam(c);
  const asked = c.req.query('lang');
  const lang = asked !== undefined && pageLanguages.includes(asked) ? asked : visitorLang(c);
  return sendPage(c, 200, thanksPage({ lang, dir: pageDir(lang) }));
};

/** Registers the session pages on `app` (behind the middleware routes.ts put before them). */
export function sessionPageRoutes(app: Hono<AppEnv>, deps: AppDeps): { showPage: ShowPage } {
  const showPage = showPageOf(deps.db.db, deps.studies);
  app.get('/s/:sessionId', currentPage(showPage));
  app.post('/s/:sessionId/pages/:blockId', savePageForm(deps, showPage));
  app.post('/s/:sessionId/submit', submitForm(deps.db.db, deps.studies));
  app.get('/s/:sessionId/saved', savedLink(deps));
  app.get('/s/:sessionId/thanks', thanks);
  return { showPage };
}
