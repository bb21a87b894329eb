/**
 * The respondent web pages: plain HTML forms with POST-redirect-GET, calling
 * the same collection services as the JSON API.
 *
 *   GET  /                          home: the open waves and the dashboards
 *   GET  /assets/:name              stylesheet and enhancement script
 *   GET  /w/:waveId                 welcome, consent and language choice (?lang=, ?invitation=)
 *   POST /w/:waveId/start           agree and start → /s/:sessionId
 *   GET  /i/:waveId                 interviewer mode: token, mode, the respondent's language (interviewer.ts)
 *   POST /i/:waveId/start           the respondent agreed → an interview (phone, face to face) → /s/:sessionId
 *   GET  /s/:sessionId/language     interviewer mode: the respondent's language switched, recorded (interviewer.ts)
 *   GET  /s/:sessionId              the current page (?page=BLOCK for another page, ?review: the review page)
 *   POST /s/:sessionId/pages/:block save the page; action=next|back|later
 *   POST /s/:sessionId/submit       submit (from the ready-to-submit page)
 *   GET  /s/:sessionId/saved        the resume link, after "save and continue later"
 *   GET  /s/:sessionId/thanks       thank-you page
 *   GET  /resume/:sessionId?key=…   a resume link: a page whose button posts the key back
 *   POST /resume/:sessionId         (same site only) new secret, session cookie → /s/:sessionId
 *
 * Errors render HTML pages with the 4xx status of the error; the JSON error
 * model of /v1 is untouched.
 */
import { Hono, type Handler } from 'hono';
import { csrf } from 'hono/csrf';
import { AppError } from '../errors.ts';
import type { Database } from '../../db/index.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { sessionStartLimit } from '../http/rate-limit.ts';
import { listOpenWaves } from '../collection/catalog.ts';
import { requestHash } from '../collection/idempotency.ts';
import { chooseLanguage } from '../collection/language.ts';
import type { PageView } from '../collection/schemas.ts';
import { getSession, openWaveInstrument, rotateSessionSecret, savePage, startSession } from '../collection/sessions.ts';
import type { Instrument } from '../instrument/instrument.ts';
import { presentationOrder, renderPage } from '../instrument/presentation.ts';
import { askedLanguagePattern, textIn } from '../instrument/text.ts';
import { pageView } from '../collection/view.ts';
import { assets } from './assets.ts';
import { blockPattern, field, formFields, invitationPattern, resumeKeyPattern, uuidPattern } from './forms.ts';
import { homePage, resumePage, welcomePage } from './pages.ts';
import { errorPage, renderError, seeOther, sendPage, visitorLang, type WebContext } from './respond.ts';
import {
  deviceId,
  formIdempotencyKey,
  formNonce,
  issueStartToken,
  setPageHeaders,
  setSessionCookie,
  startTokenCookie,
  tokensMatch,
} from './security.ts';
import { sessionPageRoutes, type ShowPage } from './session-pages.ts';
import { studyInfoHtml, studyOfInstrument } from './study-info.ts';
import { pageWordsLang } from './messages.ts';
import { interviewerLanguage, interviewerStart, interviewerStartForm } from './interviewer.ts';

interface OpenWave {
  readonly id: string;
  readonly instrument: Instrument;
}

/** The wave a welcome or start form is for: open, with its instrument (a malformed id is a page that does not exist). */
async function openWave(db: Database, waveId: string): Promise<OpenWave> {
  if (!uuidPattern.test(waveId)) throw new AppError('not_found', 'no such wave');
  return { id: waveId, instrument: (await openWaveInstrument(db, waveId)).instrument };
}

/** The consent questions of the instrument's first page, in `lang`: what the welcome page asks agreement to. */
function consentQuestions(instrument: Instrument, lang: string): PageView['questions'] {
  const first = instrument.blocks[0];
  if (!first) return [];
  const page = pageView(
    renderPage(instrument, { blockId: first.id, lang, answers: {}, order: presentationOrder(instrument, 'welcome') }),
  );
  return page.questions.filter((q) => q.kind === 'consent');
}

/** The links of the home page beside the open waves (respondents' and readers' pages only: operator endpoints are documented in the README). */
const homeLinks = [
  {
    href: '/dashboards/',
    label: 'Dashboards',
    description: 'where perceptions stand and how they moved, with margins of error',
  },
];

/** GET / — the open waves and the dashboards. */
const home =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const waves = await listOpenWaves(db);
    setPageHeaders(c);
    return c.html(
      homePage(
        waves.map((wave) => ({
          id: wave.id,
          title: wave.title,
          code: wave.code,
          year: wave.year,
          languages: wave.languages,
        })),
        homeLinks,
      ),
    );
  };

/** GET /assets/:name — the stylesheet and the enhancement script. */
const asset: Handler<AppEnv> = (c) => {
  const found = assets.get(c.req.param('name') ?? '');
  if (!found) throw new AppError('not_found', 'no such asset');
  c.header('Content-Type', found.type);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(found.body);
};

/** The welcome page of `wave` in `lang`: consent and language choice. */
function welcome(
  c: WebContext,
  wave: OpenWave,
  lang: string,
  options: { invitation?: string | undefined; missingConsent?: boolean; studies: AppDeps['studies'] },
): string {
  const { instrument } = wave;
  const language = instrument.languages.find((l) => l.code === lang);
  return welcomePage({
    studyInfo: studyInfoHtml(studyOfInstrument(options.studies, instrument), lang, pageWordsLang(lang)),
    waveId: wave.id,
    lang,
    dir: language?.dir ?? 'ltr',
    title: textIn(instrument.title, lang),
    description: instrument.description ? textIn(instrument.description, lang) : undefined,
    languages: instrument.languages,
    consent: consentQuestions(instrument, lang),
    token: issueStartToken(c, wave.id),
    nonce: formNonce(),
    invitation: options.invitation,
    missingConsent: options.missingConsent ?? false,
  });
}

/** The language a visitor asked for (a well-formed tag only), else Accept-Language, among the instrument's. */
function askedLanguage(c: WebContext, instrument: Instrument, asked: string | undefined): string {
  return chooseLanguage(
    instrument,
    asked !== undefined && askedLanguagePattern.test(asked) ? asked : undefined,
    c.req.header('accept-language'),
  );
}

/** A well-formed invitation token, else undefined. */
function wellFormedInvitation(invitation: string | undefined): string | undefined {
  return invitation !== undefined && invitationPattern.test(invitation) ? invitation : undefined;
}

/** GET /w/:waveId — welcome, consent and language choice (?lang=, ?invitation=). */
const welcomeForm =
  (deps: AppDeps): Handler<AppEnv> =>
  async (c) => {
    const wave = await openWave(deps.db.db, c.req.param('waveId') ?? '');
    const lang = askedLanguage(c, wave.instrument, c.req.query('lang'));
    const invitation = wellFormedInvitation(c.req.query('invitation'));
    return sendPage(c, 200, welcome(c, wave, lang, { invitation, studies: deps.studies }));
  };

/** POST /w/:waveId/start — agree and start → /s/:sessionId. */
const startForm =
  (deps: AppDeps, showPage: ShowPage): Handler<AppEnv> =>
  async (c) => {
    const db = deps.db.db;
    const form = await formFields(c);
    // The welcome page set the form token's cookie: when it did not come back, the browser refuses
    // cookies, and the session travels in its forms instead (session-pages.ts); csrf() has checked
    // that the form was posted from this site.
    const formCookie = startTokenCookie(c);
    const cookieless = formCookie === undefined;
    if (!cookieless && !tokensMatch(field(form, 'csrf'), formCookie))
      throw new AppError('forbidden', 'form token mismatch');
    const wave = await openWave(db, c.req.param('waveId') ?? '');
    const { instrument } = wave;
    const lang = askedLanguage(c, instrument, field(form, 'lang'));
    const invitation = wellFormedInvitation(field(form, 'invitation'));
    const consent = consentQuestions(instrument, lang);
    const agreed =
      consent.length > 0
        ? consent.every((q) => field(form, `consent.${q.code}`) === 'true')
        : field(form, 'consent') === 'true';
    if (!agreed)
      return sendPage(c, 400, welcome(c, wave, lang, { invitation, missingConsent: true, studies: deps.studies }));

    const startBody = { consent: true, language: lang, ...(invitation ? { invitation } : {}) };
    const hash = requestHash('POST', c.req.path, startBody);
    const nonce = field(form, 'nonce');
    const key = formIdempotencyKey(nonce, hash);
    const started = await startSession(db, {
      waveId: wave.id,
      language: lang,
      acceptLanguage: c.req.header('accept-language'),
      invitation,
      userAgent: c.req.header('user-agent'),
      ...(deps.onePerDevice === false ? {} : { deviceId: deviceId(c) }),
      idempotencyKey: key,
      // The form's nonce binds a replay to this browser: the key is a one-way hash of it.
      idempotencyNonce: key === undefined ? undefined : nonce,
      requestHash: hash,
    });
    const { sessionId, secret, page } = started.body;
    setSessionCookie(c, sessionId, secret);
    const access = { secret, cookieless };
    const show = (block: string | undefined) =>
      cookieless
        ? showPage(c, sessionId, access, block)
        : seeOther(c, `/s/${sessionId}${block ? `?page=${block}` : ''}`);
    // The consent questions of the first page were just agreed to: record them as that page's answers.
    const firstBlock = instrument.blocks[0]?.id;
    if (page && page.blockId === firstBlock && consent.length > 0) {
      const answers = Object.fromEntries(consent.map((q) => [q.code, true]));
      const complete = page.questions.every((q) => q.kind === 'consent' || q.kind === 'info' || !q.required);
      const saveHash = requestHash('POST', `/s/${sessionId}/pages/${page.blockId}`, { answers, complete });
      const saved = await savePage(db, {
        sessionId,
        secret,
        blockId: page.blockId,
        answers,
        complete,
        idempotencyKey: key === undefined ? undefined : formIdempotencyKey(key.slice(4, 40), saveHash),
        requestHash: saveHash,
      });
      return show(saved.body.next ?? undefined);
    }
    return show(undefined);
  };

/** The session and key a resume request names, `work` done with them; undefined when they name no session. */
async function resuming<T>(
  c: WebContext,
  asked: { key: string | undefined; page: string | undefined },
  work: (sessionId: string, key: string) => Promise<T>,
): Promise<{ id: string; page: string | undefined; key: string; result: T } | undefined> {
  const id = c.req.param('sessionId') ?? '';
  const { key, page } = asked;
  if (!uuidPattern.test(id) || key === undefined || !resumeKeyPattern.test(key)) return undefined;
  try {
    const result = await work(id.toLowerCase(), key);
    const shown = page !== undefined && blockPattern.test(page) ? page : undefined;
    return { id: id.toLowerCase(), page: shown, key, result };
  } catch (err) {
    if (err instanceof AppError && (err.code === 'unauthorized' || err.code === 'not_found')) return undefined;
    throw err;
  }
}

function refuseResume(c: WebContext): Response {
  return errorPage(c, 404, 'resumeTitle', 'resumeBody', visitorLang(c));
}

/**
 * GET /resume/:sessionId?key=… — a resume link shows a button; only its POST, from this site
 * (csrf()), binds the session to the browser, with a new secret: the old key stops working
 * (session-resume.ts).
 */
const resumeLink =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const asked = { key: c.req.query('key'), page: c.req.query('page') };
    const r = await resuming(c, asked, (sessionId, secret) => getSession(db, { sessionId, secret }));
    if (!r) return refuseResume(c);
    const { language: lang, dir, instrument } = r.result;
    const study = textIn(instrument.title, lang);
    return sendPage(c, 200, resumePage({ lang, dir, study, sessionId: r.id, key: r.key, page: r.page }));
  };

/** POST /resume/:sessionId — (same site only) new secret, session cookie → /s/:sessionId. */
const resumeForm =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const form = await formFields(c);
    const asked = { key: field(form, 'key'), page: field(form, 'page') };
    const r = await resuming(c, asked, (sessionId, secret) => rotateSessionSecret(db, { sessionId, secret }));
    if (!r) return refuseResume(c);
    setSessionCookie(c, r.id, r.result);
    return seeOther(c, `/s/${r.id}${r.page ? `?page=${r.page}` : ''}`);
  };

export function webRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.db.db;
  app.onError(renderError);
  app.use('/w/:waveId/start', csrf());
  app.use('/i/:waveId/start', csrf());
  app.use('/s/*', csrf());
  app.use('/resume/*', csrf());
  app.use('/w/:waveId/start', sessionStartLimit(deps));
  app.use('/i/:waveId/start', sessionStartLimit(deps));
  // The session pages (session-pages.ts), behind the middleware above.
  const { showPage } = sessionPageRoutes(app, deps);
  app.get('/', home(db));
  app.get('/assets/:name', asset);
  app.get('/w/:waveId', welcomeForm(deps));
  app.post('/w/:waveId/start', startForm(deps, showPage));
  app.get('/i/:waveId', interviewerStartForm(db));
  app.post('/i/:waveId/start', interviewerStart(db));
  app.get('/s/:sessionId/language', interviewerLanguage(db));
  app.get('/resume/:sessionId', resumeLink(db));
  app.post('/resume/:sessionId', resumeForm(db));
  return app;
}
