/** The researcher API: wave lifecycle, instrument versions, invitations, exports, audit. Every action is audited. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { schema } from '../../../db/index.ts';
import { audit } from '../../collection/audit.ts';
import { closeWave, openWave, putInstrument } from '../../collection/definitions.ts';
import { exportContext, exportResponsesCsv } from '../../collection/export.ts';
import { exportResponsesFile, FILE_FORMATS, FILE_MEDIA_TYPES, type FileFormat } from '../../collection/export-file.ts';
import { issueInvitations } from '../../collection/tokens.ts';
import { DefinitionError } from '../../instrument/errors.ts';
import { defineInstrument } from '../../instrument/define-instrument.ts';
import { Instrument } from '../../instrument/instrument.ts';
import { requireRole, type ResearchEnv } from '../auth.ts';
import type { AppDeps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { ErrorBody, validationError } from '../errors.ts';
import { abortingBody } from '../stream-body.ts';
import { bodyResponses, busyResponse, jsonBodyResponses, jsonResponse } from '../openapi.ts';

const json = jsonResponse;
const errors = {
  400: json(ErrorBody, 'invalid request'),
  401: json(ErrorBody, 'no valid API token'),
  403: json(ErrorBody, 'the token lacks the role'),
  404: json(ErrorBody, 'not found'),
  409: json(ErrorBody, 'conflict with the current state'),
  ...busyResponse,
} as const;
const security = [{ bearer: [] }];
const WaveParam = z.object({
  waveId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'waveId', in: 'path' } }),
});

const WaveSummary = z
  .object({
    id: z.string(),
    study: z.string(),
    code: z.string(),
    year: z.number(),
    status: z.enum(['draft', 'open', 'closed']),
    instrumentId: z.string(),
    responses: z.number(),
    inProgress: z.number(),
    breakOffs: z.number(),
  })
  .openapi('WaveSummary');

const ExportQuery = z.object({ breakoffs: z.enum(['true', 'false']).optional(), lang: z.string().max(10).optional() });

function fileExportRoute(format: FileFormat, what: string) {
  return createRoute({
    method: 'get',
    path: `/v1/research/waves/{waveId}/responses.${format}`,
    operationId: `exportResponses${format === 'sav' ? 'Sav' : 'Dta'}`,
    summary: `Stream the responses as an ${what} (researcher)`,
    description:
      "Variable and value labels in `lang` (default: the instrument's first); 400 for a language the instrument lacks; 422 for data the format cannot hold (Stata: text over 2045 bytes). The file is a snapshot of the moment the export starts; a failure after the first byte aborts the connection. See docs/exports.md.",
    security,
    request: { params: WaveParam, query: ExportQuery },
    responses: {
      200: {
        description: what,
        content: { [FILE_MEDIA_TYPES[format]]: { schema: z.string().openapi({ format: 'binary' }) } },
      },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      404: errors[404],
      422: json(ErrorBody, 'the data cannot be written in this format'),
      ...busyResponse,
    },
  });
}

const routes = {
  waves: createRoute({
    operationId: 'listWaves',
    method: 'get',
    path: '/v1/research/waves',
    summary: 'Every wave with its status and counts (viewer)',
    security,
    responses: { 200: json(z.object({ waves: z.array(WaveSummary) }), 'waves'), ...errors },
  }),
  open: createRoute({
    operationId: 'openWave',
    method: 'post',
    path: '/v1/research/waves/{waveId}/open',
    summary: 'Open a draft wave; freezes its instrument version (researcher)',
    security,
    request: { params: WaveParam },
    responses: { 200: json(z.object({ status: z.literal('open') }), 'opened'), ...errors, ...bodyResponses },
  }),
  close: createRoute({
    operationId: 'closeWave',
    method: 'post',
    path: '/v1/research/waves/{waveId}/close',
    summary: 'Close an open wave; unfinished sessions become break-offs (researcher)',
    security,
    request: { params: WaveParam },
    responses: {
      200: json(z.object({ status: z.literal('closed'), breakOffs: z.number() }), 'closed'),
      ...errors,
      ...bodyResponses,
    },
  }),
  instrument: createRoute({
    operationId: 'putInstrument',
    method: 'put',
    path: '/v1/research/studies/{study}/instruments',
    summary: 'Add or change an instrument version; a frozen version is refused with 409 (admin)',
    security,
    request: {
      params: z.object({
        study: z
          .string()
          .max(100)
          .openapi({ param: { name: 'study', in: 'path' } }),
      }),
      body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, required: true },
    },
    responses: {
      200: json(z.object({ outcome: z.enum(['added', 'updated', 'unchanged']) }), 'stored'),
      ...errors,
      ...jsonBodyResponses,
      422: json(ErrorBody, 'not a valid instrument definition'),
    },
  }),
  invitations: createRoute({
    operationId: 'issueInvitations',
    method: 'post',
    path: '/v1/research/waves/{waveId}/invitations',
    summary: 'Issue single-use invitation tokens, optionally one per contact (researcher)',
    security,
    request: {
      params: WaveParam,
      body: {
        content: {
          'application/json': {
            schema: z
              .object({
                count: z.number().int().min(1).max(10_000).optional(),
                contacts: z.array(z.string().min(1).max(320)).max(10_000).optional(),
              })
              .strict(),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(
        z.object({ invitations: z.array(z.object({ token: z.string(), contact: z.string().optional() })) }),
        'issued',
      ),
      ...errors,
      ...jsonBodyResponses,
    },
  }),
  export: createRoute({
    operationId: 'exportResponsesCsv',
    method: 'get',
    path: '/v1/research/waves/{waveId}/responses.csv',
    summary: 'Stream the responses as CSV (researcher)',
    security,
    request: {
      params: WaveParam,
      query: z.object({ breakoffs: z.enum(['true', 'false']).optional(), lang: z.string().max(10).optional() }),
    },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors },
  }),
  exportSav: fileExportRoute('sav', 'SPSS system file (bytecode-compressed): labels, value labels, user-missing codes'),
  exportDta: fileExportRoute('dta', 'Stata 118 file: labels, value labels, extended missing values .a–.d'),
  audit: createRoute({
    operationId: 'listAuditEntries',
    method: 'get',
    path: '/v1/research/audit',
    summary: 'The latest audit log entries (admin)',
    security,
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
    responses: {
      200: json(
        z.object({
          entries: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              actor: z.string(),
              action: z.string(),
              targetType: z.string().nullable(),
              targetId: z.string().nullable(),
              details: z.unknown(),
            }),
          ),
        }),
        'entries',
      ),
      ...errors,
    },
  }),
};

/** Every researcher route, for tests that check 401/403 on each. */
export const researchRouteList = Object.values(routes).map((r) => ({ method: r.method.toUpperCase(), path: r.path }));

export function researchRoutes(deps: AppDeps): OpenAPIHono<ResearchEnv> {
  const app = new OpenAPIHono<ResearchEnv>();
  const db = deps.db.db;
  const who = (c: Context<ResearchEnv>) => ({
    actor: `token:${c.get('principal').name}`,
    requestId: c.get('requestId'),
  });
  app.use('/v1/research/waves', requireRole(db, 'viewer'));
  app.use('/v1/research/waves/:waveId/open', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/close', requireRole(db, 'researcher'));
  app.use('/v1/research/waves/:waveId/invitations', requireRole(db, 'researcher'));
  for (const format of ['csv', ...FILE_FORMATS])
    app.use(`/v1/research/waves/:waveId/responses.${format}`, requireRole(db, 'researcher'));
  app.use('/v1/research/studies/:study/instruments', requireRole(db, 'admin'));
  app.use('/v1/research/audit', requireRole(db, 'admin'));

  app.openapi(routes.waves, async (c) => {
    const rows = await db
      .select({
        id: schema.waves.id,
        study: schema.studies.slug,
        code: schema.waves.code,
        year: schema.waves.year,
        status: schema.waves.status,
        instrumentId: schema.waves.instrumentId,
        responses: sql<number>`(select count(*) from responses r where r.wave_id = ${schema.waves.id})::int`,
        inProgress: sql<number>`(select count(*) from sessions s where s.wave_id = ${schema.waves.id} and s.status = 'in_progress')::int`,
        breakOffs: sql<number>`(select count(*) from sessions s where s.wave_id = ${schema.waves.id} and s.status = 'break_off')::int`,
      })
      .from(schema.waves)
      .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
      .orderBy(schema.studies.slug, schema.waves.year);
    await audit(db, { ...who(c), action: 'waves.list' });
    return c.json(
      {
        waves: rows.map((r) => ({
          ...r,
          responses: Number(r.responses),
          inProgress: Number(r.inProgress),
          breakOffs: Number(r.breakOffs),
        })),
      },
      200,
    );
  });
  app.openapi(routes.open, async (c) => {
    await openWave(db, c.req.valid('param').waveId, who(c));
    return c.json({ status: 'open' as const }, 200);
  });
  app.openapi(routes.close, async (c) => {
    const { breakOffs } = await closeWave(db, c.req.valid('param').waveId, who(c));
    return c.json({ status: 'closed' as const, breakOffs }, 200);
  });
  app.openapi(routes.instrument, async (c) => {
    const slug = c.req.param('study');
    const [study] = await db.select().from(schema.studies).where(eq(schema.studies.slug, slug));
    if (!study) throw new AppError('not_found', `study ${slug} not found`);
    const parsed = Instrument.safeParse(c.req.valid('json'));
    if (!parsed.success) {
      throw new AppError(
        'validation_failed',
        'body: not a valid instrument definition',
        parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    let instrument;
    try {
      instrument = defineInstrument(parsed.data);
    } catch (err) {
      if (err instanceof DefinitionError) throw new AppError('unprocessable', err.message, err.issues);
      throw err;
    }
    const outcome = await putInstrument(db, study.id, instrument, who(c));
    return c.json({ outcome }, 200);
  });
  app.openapi(routes.invitations, async (c) => {
    const body = c.req.valid('json');
    const invitations = await issueInvitations(db, c.req.valid('param').waveId, body, who(c));
    return c.json({ invitations }, 201);
  });
  // A streamed body is not a typed JSON response: the route is described in the
  // OpenAPI document and served by a plain handler that validates like the others.
  app.openAPIRegistry.registerPath(routes.export);
  app.openAPIRegistry.registerPath(routes.exportSav);
  app.openAPIRegistry.registerPath(routes.exportDta);
  for (const format of ['csv', ...FILE_FORMATS] as const) {
    app.get(`/v1/research/waves/:waveId/responses.${format}`, async (c) => {
      const params = WaveParam.safeParse(c.req.param());
      if (!params.success) throw validationError('param', params.error);
      const query = ExportQuery.safeParse(c.req.query());
      if (!query.success) throw validationError('query', query.error);
      const { waveId } = params.data;
      const q = query.data;
      // Checked before the first byte: an unknown wave is a 404, an unknown language a 400.
      const { wave } = await exportContext(db, waveId, q.lang);
      const options = { includeBreakOffs: q.breakoffs === 'true', ...(q.lang ? { lang: q.lang } : {}) };
      await audit(db, {
        ...who(c),
        action: `export.${format}`,
        targetType: 'wave',
        targetId: waveId,
        details: { breakoffs: options.includeBreakOffs },
      });
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : FILE_MEDIA_TYPES[format]);
      c.header('Content-Disposition', `attachment; filename="${wave.code}-responses.${format}"`);
      const chunks =
        format === 'csv' ? exportResponsesCsv(db, waveId, options) : exportResponsesFile(db, waveId, format, options);
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
    });
  }
  app.openapi(routes.audit, async (c) => {
    const rows = await db
      .select()
      .from(schema.auditLog)
      .orderBy(desc(schema.auditLog.id))
      .limit(c.req.valid('query').limit);
    return c.json(
      {
        entries: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          targetType: r.targetType,
          targetId: r.targetId,
          details: r.details,
        })),
      },
      200,
    );
  });
  return app;
}
