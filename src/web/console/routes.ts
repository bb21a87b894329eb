/**
 * The researcher console under /research: server-rendered pages and plain forms (POST, then a
 * redirect), usable without JavaScript, calling the collection and indicator services the API and
 * the CLI call. Roles as in the API: viewer reads, researcher acts on waves, admin reads the audit.
 *
 *   GET  /research                              sign-in (or → waves)
 *   POST /research/sign-in, /research/sign-out
 *   GET  /research/waves                        every wave
 *   GET  /research/waves/:wave                  fieldwork of one wave (code or id), its actions
 *   GET|POST /research/waves/:wave/open|close   confirmation, then the change
 *   POST /research/waves/:wave/invitations      new invitations, downloaded as CSV
 *   GET  /research/waves/:wave/responses.:fmt   the export (csv, sav, dta)
 *   GET  /research/waves/:wave/quality          the quality check, per country; POST …/quality/:id excludes
 *   GET|POST /research/waves/:wave/weighting    weighting runs and diagnostics; a new run
 *   POST /research/waves/:wave/weighting/:run/current  an earlier run made current again
 *   GET  /research/audit                        the latest audit entries (admin)
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { getCookie, setCookie } from 'hono/cookie';
import { audit, type Database } from '../../../db/index.ts';
import type { TokenRole } from '../../../db/schema.ts';
import { latestAuditEntries } from '../../collection/audit.ts';
import { closeWave, openWave } from '../../collection/definitions.ts';
import { exportContext, exportResponsesCsv } from '../../collection/export.ts';
import { exportResponsesFile, FILE_FORMATS, FILE_MEDIA_TYPES } from '../../collection/export-file.ts';
import { checkWaveQuality, setExclusion, waveQuality } from '../../collection/quality.ts';
import { issueInvitations, verifyApiToken } from '../../collection/tokens.ts';
import { waveFieldwork, waveOverviews } from '../../collection/wave-progress.ts';
import { resolveWaveRef } from '../../collection/wave-ref.ts';
import { AppError } from '../../errors.ts';
import { setCurrentRun, waveRuns } from '../../indicators/run-list.ts';
import { runWeighting } from '../../indicators/index.ts';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { statusOf, type ErrorStatus } from '../../http/errors.ts';
import { html } from '../../html.ts';
import { field, formFields } from '../forms.ts';
import { setPageHeaders, tokensMatch } from '../security.ts';
import { visitorLang } from '../respond.ts';
import { qualityPage, weightingPage } from './pages-analysis.ts';
import { auditPage, confirmPage, consoleLayout, signInPage, wavePage, wavesPage, type Frame } from './pages.ts';
import { consoleLanguages, say } from './messages.ts';
import { ConsoleSessions, hasRole, type ConsoleSession } from './session.ts';

type C = Context<AppEnv>;
const langCookie = 'barometer_console_lang';
const isConsoleLang = (s: string | undefined): s is (typeof consoleLanguages)[number] =>
  consoleLanguages.some((l) => l === s);

/** ?lang= (remembered in a cookie), else the remembered one, else Accept-Language. */
function consoleLang(c: C): string {
  const asked = c.req.query('lang');
  if (isConsoleLang(asked)) {
    setCookie(c, langCookie, asked, { path: '/research', httpOnly: true, sameSite: 'Strict', maxAge: 365 * 86_400 });
    return asked;
  }
  const kept = getCookie(c, langCookie);
  return isConsoleLang(kept) ? kept : visitorLang(c);
}

function page(c: C, status: 200 | ErrorStatus, body: string): Response {
  setPageHeaders(c);
  return c.html(body, status);
}

const seeOther = (c: C, to: string) => {
  c.header('Cache-Control', 'no-store');
  return c.redirect(to, 303);
};

export function consoleRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db: Database = deps.db.db;
  const sessions = new ConsoleSessions();
  const studies = deps.studies ?? [];
  const questions = new Map(studies.flatMap((s) => (s.countryQuestion ? [[s.id, s.countryQuestion] as const] : [])));
  const frame = (c: C, title: string, session?: ConsoleSession, notice?: Frame['notice']): Frame => ({
    lang: consoleLang(c),
    title,
    session,
    notice,
    path: c.req.path,
  });
  const fail = (c: C, status: ErrorStatus, text: string, session?: ConsoleSession) =>
    page(c, status, consoleLayout(frame(c, say(consoleLang(c), 'console'), session, { kind: 'error', text }), html``));

  /** The session of a request that needs `role`; otherwise the sign-in page (401) or a refusal (403). */
  async function gate(c: C, role: TokenRole): Promise<ConsoleSession | Response> {
    const session = await sessions.session(c, db);
    const lang = consoleLang(c);
    if (!session) return page(c, 401, signInPage(frame(c, say(lang, 'signInTitle')), sessions.signInToken(c)));
    if (!hasRole(session.principal.role, role))
      return fail(c, 403, say(lang, 'forbidden', { role: session.principal.role, needs: role }), session);
    return session;
  }
  /** A form post: the session with `role` and a CSRF token that matches, and the form's fields. */
  async function posted(c: C, role: TokenRole) {
    const session = await gate(c, role);
    if (session instanceof Response) return session;
    const form = await formFields(c);
    if (!tokensMatch(field(form, '_csrf'), session.csrf)) return fail(c, 403, say(consoleLang(c), 'badForm'), session);
    return { session, form };
  }
  const actor = (s: ConsoleSession, c: C) => ({ actor: `token:${s.principal.name}`, requestId: c.get('requestId') });
  /** A wave's code, id and overview, from the `:wave` path parameter (404 page when unknown). */
  async function waveOf(c: C) {
    const id = await resolveWaveRef(db, c.req.param('wave') ?? '');
    const [overview] = await waveOverviews(db, questions, { waveId: id });
    if (!overview) throw new AppError('not_found', 'no such wave');
    return { id, overview, study: studies.find((s) => s.id === overview.study) };
  }

  app.use('/research/*', csrf());
  app.onError((err, c) => {
    const lang = consoleLang(c);
    if (err instanceof AppError && statusOf(err) < 500) {
      const status = statusOf(err);
      return fail(
        c,
        status,
        err.code === 'not_found' ? say(lang, 'notFound') : say(lang, 'refused', { reason: err.message }),
      );
    }
    (c.get('log') ?? console).error('unhandled error in a console route', { error: String(err) });
    return fail(c, 500, say(lang, 'refused', { reason: 'internal error' }));
  });

  app.get('/research', async (c) => {
    if (await sessions.session(c, db)) return seeOther(c, '/research/waves');
    return page(c, 200, signInPage(frame(c, say(consoleLang(c), 'signInTitle')), sessions.signInToken(c)));
  });
  app.post('/research/sign-in', async (c) => {
    const form = await formFields(c);
    const lang = consoleLang(c);
    if (!sessions.signInTokenMatches(c, field(form, '_csrf'))) return fail(c, 403, say(lang, 'badForm'));
    const token = (field(form, 'token') ?? '').trim();
    const principal = /^[A-Za-z0-9_-]{10,200}$/.test(token) ? await verifyApiToken(db, token) : undefined;
    // An interviewer token opens interviews, not the console: refused here as a token it does not know.
    if (!principal || !hasRole(principal.role, 'viewer')) {
      const notice = { kind: 'error' as const, text: say(lang, 'badToken') };
      return page(c, 401, signInPage(frame(c, say(lang, 'signInTitle'), undefined, notice), sessions.signInToken(c)));
    }
    sessions.signIn(c, principal);
    await audit(db, { actor: `token:${principal.name}`, action: 'console.sign_in', requestId: c.get('requestId') });
    return seeOther(c, '/research/waves');
  });
  app.post('/research/sign-out', async (c) => {
    const got = await posted(c, 'viewer');
    if (got instanceof Response) return got;
    sessions.signOut(c);
    return seeOther(c, '/research');
  });

  app.get('/research/waves', async (c) => {
    const session = await gate(c, 'viewer');
    if (session instanceof Response) return session;
    const waves = await waveOverviews(db, questions);
    return page(c, 200, wavesPage(frame(c, say(consoleLang(c), 'navWaves'), session), waves));
  });
  app.get('/research/waves/:wave', async (c) => {
    const session = await gate(c, 'viewer');
    if (session instanceof Response) return session;
    const { id } = await waveOf(c);
    const f = await waveFieldwork(db, questions, id);
    const title = `${say(consoleLang(c), 'wave')} ${f.wave.code}`;
    return page(c, 200, wavePage(frame(c, title, session), f, FILE_FORMATS));
  });
  for (const change of ['open', 'close'] as const) {
    app.get(`/research/waves/:wave/${change}`, async (c) => {
      const session = await gate(c, 'researcher');
      if (session instanceof Response) return session;
      const { overview } = await waveOf(c);
      const lang = consoleLang(c);
      const base = `/research/waves/${overview.code}`;
      const question = say(lang, change === 'open' ? 'confirmOpen' : 'confirmClose', { wave: overview.code });
      const title = say(lang, change === 'open' ? 'openWave' : 'closeWave');
      return page(c, 200, confirmPage(frame(c, title, session), question, `${base}/${change}`, base));
    });
    app.post(`/research/waves/:wave/${change}`, async (c) => {
      const got = await posted(c, 'researcher');
      if (got instanceof Response) return got;
      const { id, overview } = await waveOf(c);
      if (field(got.form, 'confirm') !== 'yes') return seeOther(c, `/research/waves/${overview.code}/${change}`);
      if (change === 'open') await openWave(db, id, actor(got.session, c));
      else await closeWave(db, id, actor(got.session, c));
      return seeOther(c, `/research/waves/${overview.code}`);
    });
  }
  app.post('/research/waves/:wave/invitations', async (c) => {
    const got = await posted(c, 'researcher');
    if (got instanceof Response) return got;
    const { id, overview } = await waveOf(c);
    const count = Number(field(got.form, 'count'));
    if (!Number.isInteger(count) || count < 1 || count > 10_000)
      throw new AppError('validation_failed', 'count: a whole number from 1 to 10000');
    const issued = await issueInvitations(db, id, { count }, actor(got.session, c));
    const origin = new URL(c.req.url).origin;
    const lines = ['token,link', ...issued.map((i) => `${i.token},${origin}/w/${id}?invitation=${i.token}`)];
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${overview.code}-invitations.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(`${lines.join('\r\n')}\r\n`);
  });
  app.get('/research/waves/:wave/responses.:format', async (c) => {
    const session = await gate(c, 'researcher');
    if (session instanceof Response) return session;
    const format = c.req.param('format');
    const { id, overview } = await waveOf(c);
    const file = FILE_FORMATS.find((f) => f === format);
    if (format !== 'csv' && file === undefined) throw new AppError('not_found', `no export format ${format}`);
    await exportContext(db, id, undefined);
    await audit(db, {
      ...actor(session, c),
      action: `export.${format}`,
      targetType: 'wave',
      targetId: id,
      details: { console: true },
    });
    const chunks = file === undefined ? exportResponsesCsv(db, id) : exportResponsesFile(db, id, file, {});
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
      },
    });
    c.header('Content-Type', file === undefined ? 'text/csv; charset=utf-8' : FILE_MEDIA_TYPES[file]);
    c.header('Content-Disposition', `attachment; filename="${overview.code}-responses.${format}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(stream);
  });
  app.get('/research/waves/:wave/quality', async (c) => {
    const session = await gate(c, 'viewer');
    if (session instanceof Response) return session;
    const { id, overview, study } = await waveOf(c);
    if (study) await checkWaveQuality(db, id, study.quality);
    const quality = await waveQuality(db, id, questions.get(overview.study));
    const title = `${say(consoleLang(c), 'quality')} · ${overview.code}`;
    return page(c, 200, qualityPage(frame(c, title, session), overview.code, quality));
  });
  app.post('/research/waves/:wave/quality/:response', async (c) => {
    const got = await posted(c, 'researcher');
    if (got instanceof Response) return got;
    const { id, overview } = await waveOf(c);
    const responseId = Number(c.req.param('response'));
    if (!Number.isSafeInteger(responseId) || responseId < 1) throw new AppError('not_found', 'no such response');
    await setExclusion(
      db,
      { waveId: id, responseId, excluded: field(got.form, 'excluded') === 'yes' },
      actor(got.session, c),
    );
    return seeOther(c, `/research/waves/${overview.code}/quality#response-${responseId}`);
  });
  app.get('/research/waves/:wave/weighting', async (c) => {
    const session = await gate(c, 'viewer');
    if (session instanceof Response) return session;
    const { id, overview } = await waveOf(c);
    const title = `${say(consoleLang(c), 'weighting')} · ${overview.code}`;
    return page(c, 200, weightingPage(frame(c, title, session), overview.code, await waveRuns(db, id)));
  });
  app.post('/research/waves/:wave/weighting', async (c) => {
    const got = await posted(c, 'researcher');
    if (got instanceof Response) return got;
    const { id, overview, study } = await waveOf(c);
    if (!study)
      throw new AppError('not_found', `the definition of study ${overview.study} is not loaded by this server`);
    await checkWaveQuality(db, id, study.quality);
    await runWeighting(db, { study, wave: overview.code, actor: actor(got.session, c).actor });
    return seeOther(c, `/research/waves/${overview.code}/weighting`);
  });
  app.post('/research/waves/:wave/weighting/:run/current', async (c) => {
    const got = await posted(c, 'researcher');
    if (got instanceof Response) return got;
    const { id, overview, study } = await waveOf(c);
    if (!study)
      throw new AppError('not_found', `the definition of study ${overview.study} is not loaded by this server`);
    const runId = c.req.param('run');
    if (!/^[0-9a-f-]{36}$/.test(runId)) throw new AppError('not_found', 'no such weighting run');
    await setCurrentRun(db, { study, waveId: id, runId, actor: actor(got.session, c).actor });
    return seeOther(c, `/research/waves/${overview.code}/weighting`);
  });
  app.get('/research/audit', async (c) => {
    const session = await gate(c, 'admin');
    if (session instanceof Response) return session;
    const entries = await latestAuditEntries(db, 100);
    return page(c, 200, auditPage(frame(c, say(consoleLang(c), 'navAudit'), session), entries));
  });
  return app;
}
