/**
 * Interviewer mode in the respondent pages (phone, face to face):
 *
 *   GET  /i/:waveId          the interviewer's start form: token, mode, the respondent's language
 *   POST /i/:waveId/start    the respondent agreed → a session in interviewer mode → /s/:sessionId
 *   GET  /s/:sessionId/language?page=P&lang=L   the respondent's language switched (recorded) → page P in L
 *
 * The session pages then show the instrument's interviewer instructions, don't know / refused on
 * every answerable question, and links to switch the respondent's language mid-interview
 * (session-pages.ts). The interviewer's token id is recorded with the interview as its
 * interviewer id (never in public outputs).
 */
import type { Handler } from 'hono';
import type { Database } from '../../db/index.ts';
import { interviewerOf, interviewerPage } from '../collection/interviewer.ts';
import type { PageView } from '../collection/schemas.ts';
import { openWaveInstrument, startSession } from '../collection/sessions.ts';
import { requestHash } from '../collection/idempotency.ts';
import { AppError } from '../errors.ts';
import { html } from '../html.ts';
import type { AppEnv } from '../http/context.ts';
import { InterviewerMode, textIn, type Instrument, type ResponseMode } from '../instrument/index.ts';
import { field, formFields, uuidPattern } from './forms.ts';
import { messageIn, pageWordsLang } from './messages.ts';
import { layout } from './pages.ts';
import { modeWords, type InterviewerView } from './interviewer-html.ts';
import { seeOther, sendPage, type WebContext } from './respond.ts';
import { switchInterviewLanguage } from '../collection/interviewer-language.ts';
import {
  formNonce,
  issueStartToken,
  sessionSecret,
  setSessionCookie,
  startTokenCookie,
  tokensMatch,
} from './security.ts';

/** The page and what an interviewer sees beside it, for a session in interviewer mode. */
export function interviewerView(
  instrument: Instrument,
  page: PageView,
  s: { sessionId: string; language: string; mode: ResponseMode },
): { page: PageView; view: InterviewerView } {
  const { page: shown, instructions } = interviewerPage(instrument, page, s.language);
  return {
    page: shown,
    view: {
      mode: s.mode,
      instructions,
      languages: instrument.languages,
      hrefIn: (lang) => `/s/${s.sessionId}/language?page=${page.blockId}&lang=${encodeURIComponent(lang)}`,
    },
  };
}

/** A per-interviewer link's token and name: the start form carries the token and asks for none. */
interface Linked {
  readonly token: string;
  readonly id: string;
  readonly name: string;
}

function startFormPage(
  c: WebContext,
  waveId: string,
  instrument: Instrument,
  lang: string,
  refused: 'token' | 'consent' | undefined,
  linked?: Linked,
): string {
  const words = pageWordsLang(lang);
  const language = instrument.languages.find((l) => l.code === lang);
  const error =
    refused === 'token'
      ? messageIn(words, 'interviewerRefused')
      : refused === 'consent'
        ? messageIn(words, 'agreeRequired')
        : undefined;
  const body = html`<h1>${textIn(instrument.title, lang)}</h1>
${error ? html`<div class="summary" role="alert" tabindex="-1"><p class="error">${error}</p></div>` : ''}
<form method="post" action="/i/${waveId}/start" data-once novalidate>
<input type="hidden" name="csrf" value="${issueStartToken(c, waveId, 'i')}"><input type="hidden" name="nonce" value="${formNonce()}">
${
  linked
    ? html`<input type="hidden" name="token" value="${linked.token}"><input type="hidden" name="linked" value="1"><p class="interviewer-name">${messageIn(words, 'interviewerNamed', { name: linked.name })}</p>`
    : html`<div class="q"><label class="qtext" for="token">${messageIn(words, 'interviewerToken')}</label><div class="field"><input type="password" id="token" name="token" autocomplete="off" dir="ltr"${refused === 'token' ? html` aria-invalid="true"` : ''}></div></div>`
}
<fieldset class="q"><legend>${messageIn(words, 'interviewMode')}</legend>${InterviewerMode.options.map(
    (m, i) =>
      html`<div class="opt"><input type="radio" id="mode-${i}" name="mode" value="${m}"${i === 0 ? ' checked' : ''}><label for="mode-${i}">${modeWords(words, m)}</label></div>`,
  )}</fieldset>
<div class="q"><label class="qtext" for="lang">${messageIn(words, 'respondentLanguage')}</label><div class="field"><select id="lang" name="lang">${instrument.languages.map(
    (l) => html`<option value="${l.code}"${l.code === lang ? ' selected' : ''}>${l.name}</option>`,
  )}</select></div></div>
<div class="q"><div class="opt"><input type="checkbox" id="agreed" name="agreed" value="true"${refused === 'consent' ? html` aria-invalid="true"` : ''}><label for="agreed">${messageIn(words, 'respondentAgreed')}</label></div></div>
<div class="actions"><button type="submit" class="primary">${messageIn(words, 'startInterview')}</button></div>
</form>`;
  return layout({ lang, dir: language?.dir ?? 'ltr', title: textIn(instrument.title, lang) }, body);
}

async function waveOf(db: Database, waveId: string): Promise<Instrument> {
  if (!uuidPattern.test(waveId)) throw new AppError('not_found', 'no such wave');
  return (await openWaveInstrument(db, waveId)).instrument;
}

/** The interviewer of a token, or undefined when it cannot open interviews in this wave. */
async function linkedInterviewer(db: Database, token: string, waveId: string): Promise<Linked | undefined> {
  try {
    const { id, name } = await interviewerOf(db, token, waveId);
    return { token, id, name };
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden') return undefined;
    throw err;
  }
}

/**
 * GET /i/:waveId — the interviewer's start form; with `?link=SECRET` (a per-interviewer link) it
 * names the interviewer and asks for no token (a revoked link, or another wave's, is a 403 form).
 */
export const interviewerStartForm =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const waveId = c.req.param('waveId') ?? '';
    const instrument = await waveOf(db, waveId);
    const asked = c.req.query('lang');
    const lang = instrument.languages.find((l) => l.code === asked)?.code ?? instrument.languages[0]?.code ?? 'en';
    const link = c.req.query('link');
    if (link === undefined) return sendPage(c, 200, startFormPage(c, waveId, instrument, lang, undefined));
    const linked = await linkedInterviewer(db, link, waveId);
    return linked
      ? sendPage(c, 200, startFormPage(c, waveId, instrument, lang, undefined, linked))
      : sendPage(c, 403, startFormPage(c, waveId, instrument, lang, 'token'));
  };

/** POST /i/:waveId/start — a session in interviewer mode, recorded with the interviewer's id. */
export const interviewerStart =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const form = await formFields(c);
    const waveId = c.req.param('waveId') ?? '';
    if (!tokensMatch(field(form, 'csrf'), startTokenCookie(c))) throw new AppError('forbidden', 'form token mismatch');
    const instrument = await waveOf(db, waveId);
    const asked = field(form, 'lang');
    const lang = instrument.languages.find((l) => l.code === asked)?.code ?? instrument.languages[0]?.code ?? 'en';
    const mode = InterviewerMode.safeParse(field(form, 'mode'));
    if (!mode.success)
      throw new AppError('validation_failed', 'mode: phone or face_to_face', [
        { path: 'mode', message: 'phone or face_to_face' },
      ]);
    const token = field(form, 'token') ?? '';
    const interviewer = await linkedInterviewer(db, token, waveId);
    if (!interviewer) return sendPage(c, 403, startFormPage(c, waveId, instrument, lang, 'token'));
    if (field(form, 'agreed') !== 'true')
      return sendPage(
        c,
        400,
        // A link's form keeps the link's token; a typed token is typed again.
        startFormPage(c, waveId, instrument, lang, 'consent', field(form, 'linked') === '1' ? interviewer : undefined),
      );
    const started = await startSession(db, {
      waveId,
      language: lang,
      userAgent: c.req.header('user-agent'),
      interviewer: { mode: mode.data, id: interviewer.id },
      requestHash: requestHash('POST', c.req.path, { mode: mode.data, lang }),
    });
    setSessionCookie(c, started.body.sessionId, started.body.secret);
    return seeOther(c, `/s/${started.body.sessionId}?lang=${encodeURIComponent(lang)}`);
  };

/**
 * GET /s/:sessionId/language?page=P&lang=L — a language link of the interviewer's banner: the
 * switch is recorded with the session (its language, and a paradata entry naming page P), then
 * page P is shown in L. Following the link again records nothing more.
 */
export const interviewerLanguage =
  (db: Database): Handler<AppEnv> =>
  async (c) => {
    const sessionId = c.req.param('sessionId') ?? '';
    if (!uuidPattern.test(sessionId)) throw new AppError('not_found', 'no such session');
    const page = c.req.query('page') ?? '';
    const asked = c.req.query('lang') ?? '';
    const { language } = await switchInterviewLanguage(db, {
      sessionId,
      secret: sessionSecret(c),
      lang: asked,
      page,
    });
    return seeOther(c, `/s/${sessionId}?page=${encodeURIComponent(page)}&lang=${encodeURIComponent(language)}`);
  };
