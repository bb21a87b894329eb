/**
 * The researcher API: wave lifecycle, instrument versions, invitations, exports, audit. Every
 * action is audited. The routes' descriptions are in research-openapi.ts; each handler below
 * calls the collection services the CLI uses too, and `researchRoutes` lists the routes.
 */
import { OpenAPIHono, type RouteHandler } from '@hono/zod-openapi';
import type { Context, Handler } from 'hono';
import type { Database } from '../../../db/index.ts';
import { audit } from '../../../db/index.ts';
import { latestAuditEntries } from '../../collection/audit.ts';
import { closeWave, openWave, putInstrument, studyIdBySlug } from '../../collection/definitions.ts';
import { exportContext, exportResponsesCsv } from '../../collection/export.ts';
import { exportResponsesFile, FILE_FORMATS, FILE_MEDIA_TYPES, type FileFormat } from '../../collection/export-file.ts';
import { issueInvitations, revokeApiToken } from '../../collection/tokens.ts';
import { createInterviewerLink, interviewerCompletes } from '../../collection/interviewer.ts';
import { importSubmissions } from '../../collection/submissions.ts';
import { submissionCsvRows } from '../../collection/submissions-file.ts';
import { listWaveSummaries } from '../../collection/wave-summaries.ts';
import { resolveWaveRef } from '../../collection/wave-ref.ts';
import { defineInstrument } from '../../instrument/define-instrument.ts';
import { Instrument } from '../../instrument/instrument.ts';
import { requireRole, type ResearchEnv } from '../auth.ts';
import type { AppDeps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { validationError } from '../error-body.ts';
import { abortingBody } from '../stream-body.ts';
import { ExportQuery, researchOpenApi as routes, SubmissionsQuery, WaveParam } from './research-openapi.ts';

export { researchRouteList } from './research-openapi.ts';

/** The audit actor and request id of a researcher's request. */
function actorOf(c: Context<ResearchEnv>) {
  return { actor: `token:${c.get('principal').name}`, requestId: c.get('requestId') };
}

/** GET /v1/research/waves: every wave with its status and counts. */
const listWaves =
  (db: Database): RouteHandler<typeof routes.waves, ResearchEnv> =>
  async (c) => {
    const waves = await listWaveSummaries(db);
    await audit(db, { ...actorOf(c), action: 'waves.list' });
    return c.json({ waves }, 200);
  };

/** POST /v1/research/waves/{waveId}/open */
const openWaveHandler =
  (db: Database): RouteHandler<typeof routes.open, ResearchEnv> =>
  async (c) => {
    await openWave(db, await resolveWaveRef(db, c.req.valid('param').waveId), actorOf(c));
    return c.json({ status: 'open' as const }, 200);
  };

/** POST /v1/research/waves/{waveId}/close */
const closeWaveHandler =
  (db: Database): RouteHandler<typeof routes.close, ResearchEnv> =>
  async (c) => {
    const { breakOffs } = await closeWave(db, await resolveWaveRef(db, c.req.valid('param').waveId), actorOf(c));
    return c.json({ status: 'closed' as const, breakOffs }, 200);
  };

/** A request body as an instrument: 400 for the wrong shape, 422 for a definition that does not hold together. */
function instrumentFromBody(body: unknown): Instrument {
  const parsed = Instrument.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      'body: not a valid instrument definition',
      parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  // A DefinitionError is a 422 (api/error-body.ts).
  return defineInstrument(parsed.data);
}

/** PUT /v1/research/studies/{study}/instruments */
const putInstrumentHandler =
  (db: Database): RouteHandler<typeof routes.instrument, ResearchEnv> =>
  async (c) => {
    const studyId = await studyIdBySlug(db, c.req.valid('param').study);
    const instrument = instrumentFromBody(c.req.valid('json'));
    const outcome = await putInstrument(db, studyId, instrument, actorOf(c));
    return c.json({ outcome }, 200);
  };

/** POST /v1/research/waves/{waveId}/invitations */
const issueInvitationsHandler =
  (db: Database): RouteHandler<typeof routes.invitations, ResearchEnv> =>
  async (c) => {
    const waveId = await resolveWaveRef(db, c.req.valid('param').waveId);
    const invitations = await issueInvitations(db, waveId, c.req.valid('json'), actorOf(c));
    return c.json({ invitations }, 201);
  };

/**
 * GET /v1/research/waves/{waveId}/responses.{csv,sav,dta}: a streamed body, not a typed JSON
 * response, so a plain handler that validates like the others (the route is described in the
 * OpenAPI document). An unknown wave is a 404 and an unknown language a 400, before the first byte.
 */
const exportResponses =
  (deps: AppDeps, format: 'csv' | FileFormat): Handler<ResearchEnv> =>
  async (c) => {
    const db = deps.db.db;
    const params = WaveParam.safeParse(c.req.param());
    if (!params.success) throw validationError('param', params.error);
    const query = ExportQuery.safeParse(c.req.query());
    if (!query.success) throw validationError('query', query.error);
    const waveId = await resolveWaveRef(db, params.data.waveId);
    const { lang, breakoffs } = query.data;
    const { wave } = await exportContext(db, waveId, lang);
    const options = { includeBreakOffs: breakoffs === 'true', ...(lang ? { lang } : {}) };
    await audit(db, {
      ...actorOf(c),
      action: `export.${format}`,
      targetType: 'wave',
      targetId: waveId,
      details: { breakoffs: options.includeBreakOffs },
    });
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : FILE_MEDIA_TYPES[format]);
    c.header('Content-Disposition', `attachment; filename="${wave.code}-responses.${format}"`);
    const chunks =
      format === 'csv' ? exportResponsesCsv(db, waveId, options) : exportResponsesFile(db, waveId, format, options);
    // The first chunk is made before the status goes out; a failure after it aborts the connection.
    return c.body(
      await abortingBody(chunks, (err) =>
        deps.logger.error('export aborted', {
          requestId: c.get('requestId'),
          waveId,
          format,
          error: err instanceof Error ? err.message : String(err),
        }),
      ),
    );
  };

/** GET /v1/research/waves/{waveId}/interviewers: completes per interviewer and mode. */
const listInterviewers =
  (db: Database): RouteHandler<typeof routes.interviewers, ResearchEnv> =>
  async (c) => {
    const waveId = await resolveWaveRef(db, c.req.valid('param').waveId);
    const interviewers = await interviewerCompletes(db, waveId);
    await audit(db, { ...actorOf(c), action: 'interviewers.list', targetType: 'wave', targetId: waveId });
    return c.json({ interviewers }, 200);
  };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * POST /v1/research/waves/{waveId}/submissions: a CSV export of field submissions, imported as
 * `barometer import submissions` imports it (collection/submissions.ts), answered with the
 * per-row report. A plain handler: the body is CSV, which the OpenAPI validator does not read.
 */
const importSubmissionsHandler =
  (db: Database): Handler<ResearchEnv> =>
  async (c) => {
    const params = WaveParam.safeParse(c.req.param());
    if (!params.success) throw validationError('param', params.error);
    const query = SubmissionsQuery.safeParse(c.req.query());
    if (!query.success) throw validationError('query', query.error);
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'text/csv' && type !== 'application/csv')
      throw new AppError('unsupported_media_type', 'body: send the CSV export as text/csv', [
        { path: 'body', message: `content type "${type}" is not text/csv` },
      ]);
    let text: string;
    try {
      text = utf8.decode(await c.req.arrayBuffer());
    } catch {
      throw new AppError('validation_failed', 'file: not valid UTF-8', [{ path: 'file', message: 'not valid UTF-8' }]);
    }
    const waveId = await resolveWaveRef(db, params.data.waveId);
    const report = await importSubmissions(db, {
      waveId,
      rows: submissionCsvRows(text),
      mode: query.data.mode,
      language: query.data.language,
      actor: actorOf(c).actor,
    });
    const refusedRows = new Set(report.refused.map((p) => p.row)).size;
    return c.json({ ...report, refused: [...report.refused], ignored: [...report.ignored], refusedRows }, 200);
  };

/** POST /v1/research/waves/{waveId}/interviewer-links: a per-interviewer link to the wave. */
const createLinkHandler =
  (db: Database): RouteHandler<typeof routes.interviewerLink, ResearchEnv> =>
  async (c) => {
    const waveId = await resolveWaveRef(db, c.req.valid('param').waveId);
    const { name } = c.req.valid('json');
    const { id, path } = await createInterviewerLink(db, { waveId, name, actor: actorOf(c).actor });
    return c.json({ id, name, path }, 201);
  };

/** DELETE /v1/research/interviewer-links/{linkId}: a per-interviewer link revoked. */
const revokeLinkHandler =
  (db: Database): RouteHandler<typeof routes.revokeInterviewerLink, ResearchEnv> =>
  async (c) => {
    const { linkId } = c.req.valid('param');
    if (!(await revokeApiToken(db, linkId, actorOf(c), { linksOnly: true })))
      throw new AppError('not_found', `no interviewer link ${linkId}`);
    return c.json({ revoked: true as const }, 200);
  };

/** GET /v1/research/audit: the latest audit log entries. */
const listAuditEntries =
  (db: Database): RouteHandler<typeof routes.audit, ResearchEnv> =>
  async (c) =>
    c.json({ entries: await latestAuditEntries(db, c.req.valid('query').limit) }, 200);

export function researchRoutes(deps: AppDeps): OpenAPIHono<ResearchEnv> {
  const app = new OpenAPIHono<ResearchEnv>();
  const db = deps.db.db;
  app.use('/v1/research/waves', requireRole(db, 'viewer'));
  app.use('/v1/research/waves/:waveId/open', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/close', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/invitations', requireRole(db, 'researcher'));
  for (const format of ['csv', ...FILE_FORMATS])
    app.use(`/v1/research/waves/:waveId/responses.${format}`, requireRole(db, 'researcher'));
  app.use('/v1/research/studies/:study/instruments', requireRole(db, 'admin'));
  app.use('/v1/research/audit', requireRole(db, 'admin'));
  app.use('/v1/research/waves/:waveId/interviewers', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/submissions', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/interviewer-links', requireRole(db, 'researcher'));
  app.use('/v1/research/interviewer-links/:linkId', requireRole(db, 'researcher'));

  app.openapi(routes.waves, listWaves(db));
  app.openapi(routes.open, openWaveHandler(db));
  app.openapi(routes.close, closeWaveHandler(db));
  app.openapi(routes.instrument, putInstrumentHandler(db));
  app.openapi(routes.invitations, issueInvitationsHandler(db));
  app.openAPIRegistry.registerPath(routes.export);
  app.openAPIRegistry.registerPath(routes.exportSav);
  app.openAPIRegistry.registerPath(routes.exportDta);
  for (const format of ['csv', ...FILE_FORMATS] as const)
    app.get(`/v1/research/waves/:waveId/responses.${format}`, exportResponses(deps, format));
  app.openapi(routes.interviewers, listInterviewers(db));
  app.openAPIRegistry.registerPath(routes.submissions);
  app.post('/v1/research/waves/:waveId/submissions', importSubmissionsHandler(db));
  app.openapi(routes.interviewerLink, createLinkHandler(db));
  app.openapi(routes.revokeInterviewerLink, revokeLinkHandler(db));
  app.openapi(routes.audit, listAuditEntries(db));
  return app;
}
