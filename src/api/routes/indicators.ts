/**
 * Indicator routes. Public reads of the materialised series (JSON or CSV, with ETag and cache
 * headers; suppressed values withheld, or flagged for a request with a valid API token), and the
 * researcher route that runs the weighting of a wave.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Database } from '../../../db/index.ts';
import { waveCodes } from '../../collection/definitions.ts';
import { resolveWaveRef } from '../../collection/wave-ref.ts';
import { WaveParam } from './research-openapi.ts';
import { verifyApiToken } from '../../collection/tokens.ts';
import {
  CHANGE_FAMILY,
  DistributionPointSchema,
  listIndicators,
  readChanges,
  readDistributions,
  readSeries,
  runWeighting,
  SeriesChangeSchema,
  SeriesPointSchema,
} from '../../indicators/index.ts';
import { requireRole, type ResearchEnv } from '../auth.ts';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { ErrorBody, validationError } from '../error-body.ts';
import { bodyResponses, busyResponse, jsonResponse } from '../openapi.ts';
import { changesCsv, distributionsCsv, seriesCsv } from './indicators-csv.ts';

const json = jsonResponse;
const list = z.string().max(2000).optional().openapi({ description: 'comma-separated' });
const ReadQuery = z.object({
  waves: list,
  countries: list,
  regions: list,
  geography: list.openapi({ description: 'comma-separated kinds: country, region, world' }),
  subgroup: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'none (default), a variable (sex, CAMPAIGN_SEEN), variable=level, or * for all' }),
  format: z.enum(['json', 'csv']).optional(),
});
const ChangeQuery = ReadQuery.extend({
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  adjust: z
    .enum(['none', 'bh'])
    .optional()
    .openapi({
      description: `bh: add pAdjusted and significantAdjusted, Benjamini–Hochberg adjusted over ${CHANGE_FAMILY} (as R p.adjust(method = "BH")); none (default): each change tested alone at 5%`,
    }),
});
export const StudyParam = z.object({
  study: z
    .string()
    .max(100)
    .openapi({ param: { name: 'study', in: 'path' } }),
});
const IndicatorParams = StudyParam.extend({
  indicator: z
    .string()
    .max(100)
    .openapi({ param: { name: 'indicator', in: 'path' } }),
});
const QuestionParams = StudyParam.extend({
  question: z
    .string()
    .max(100)
    .openapi({ param: { name: 'question', in: 'path' } }),
});

export const readErrors = {
  304: { description: 'not modified (If-None-Match)' },
  400: json(ErrorBody, 'invalid filter'),
  401: json(ErrorBody, 'an Authorization header with no valid token'),
  404: json(ErrorBody, 'no such study, indicator, question or wave'),
  ...busyResponse,
} as const;
export const cached = (schemaOf: z.ZodType, what: string) => ({
  description: `${what}; ETag and Cache-Control headers (public: max-age 60; with a token: private)`,
  content: { 'application/json': { schema: schemaOf }, 'text/csv': { schema: z.string() } },
});

const IndicatorInfo = z
  .object({
    id: z.string(),
    kind: z.enum(['share', 'mean', 'index', 'gap', 'overestimate']),
    label: z.record(z.string(), z.string()),
    definition: z.string(),
    base: z.string(),
    questions: z.array(z.string()),
    waves: z.array(z.string()),
  })
  .passthrough()
  .openapi('IndicatorInfo');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/indicators',
    operationId: 'listIndicators',
    summary: 'The indicators of a study with materialised series: definition, base, subgroups, waves',
    security: [],
    request: { params: StudyParam },
    responses: {
      200: cached(z.object({ study: z.string(), indicators: z.array(IndicatorInfo) }), 'indicators'),
      ...readErrors,
    },
  }),
  series: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/indicators/{indicator}',
    operationId: 'readIndicatorSeries',
    summary:
      'The series of an indicator per country, region and world, by wave and subgroup, each with n, deff, MOE and flags',
    security: [],
    request: { params: IndicatorParams, query: ReadQuery },
    responses: {
      200: cached(z.object({ points: z.array(SeriesPointSchema.meta({ id: 'SeriesPoint' })) }), 'series points'),
      ...readErrors,
    },
  }),
  changes: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/indicators/{indicator}/changes',
    operationId: 'readIndicatorChanges',
    summary:
      'Changes of an indicator between two waves (default: consecutive waves), with SE, CI, p-value (each test at 5% on its own; adjust=bh for Benjamini–Hochberg adjusted p-values) and series breaks',
    security: [],
    request: { params: IndicatorParams, query: ChangeQuery },
    responses: {
      200: cached(z.object({ changes: z.array(SeriesChangeSchema.meta({ id: 'SeriesChange' })) }), 'changes'),
      ...readErrors,
    },
  }),
  distributions: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/distributions/{question}',
    operationId: 'readAnswerDistributions',
    summary: 'The weighted answer distribution of a single-choice question per country, region and world',
    security: [],
    request: { params: QuestionParams, query: ReadQuery.omit({ subgroup: true }) },
    responses: {
      200: cached(
        z.object({ distributions: z.array(DistributionPointSchema.meta({ id: 'DistributionPoint' })) }),
        'distributions',
      ),
      ...readErrors,
    },
  }),
  weight: createRoute({
    method: 'post',
    path: '/v1/research/waves/{waveId}/weighting-runs',
    operationId: 'runWeighting',
    summary:
      'Weight a wave as its definition states, store the run, make it current and materialise its series (researcher)',
    security: [{ bearer: [] }],
    request: { params: WaveParam },
    responses: {
      201: json(
        z.object({
          run: z
            .object({
              id: z.string(),
              weightsHash: z.string(),
              countries: z.array(z.unknown()),
              warnings: z.array(z.unknown()),
            })
            .passthrough(),
        }),
        'the stored run',
      ),
      400: json(ErrorBody, 'invalid wave code or id'),
      401: json(ErrorBody, 'no valid API token'),
      403: json(ErrorBody, 'the token lacks the role'),
      404: json(ErrorBody, 'no such wave, or its study is not loaded by this server'),
      422: json(
        ErrorBody,
        'impossible weighting input (a margin that does not sum, an unknown level, no weighting stated); nothing stored',
      ),
      ...busyResponse,
      ...bodyResponses,
    },
  }),
};

/** Every public indicator route, for tests. */
export const indicatorRouteList = [routes.list, routes.series, routes.changes, routes.distributions].map((r) => ({
  method: r.method.toUpperCase(),
  path: r.path,
}));

function split(value: string | undefined): string[] | undefined {
  const parts = value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts && parts.length > 0 ? parts : undefined;
}

const Kinds = z.array(z.enum(['country', 'region', 'world']));

function filtersOf(study: string, q: z.output<typeof ReadQuery>, includeSuppressed: boolean) {
  const geography = Kinds.safeParse(split(q.geography) ?? []);
  if (!geography.success)
    throw new AppError('validation_failed', 'query.geography: each kind must be country, region or world', [
      { path: 'query.geography', message: 'country, region or world' },
    ]);
  return {
    study,
    includeSuppressed,
    ...(split(q.waves) ? { waves: split(q.waves) } : {}),
    ...(split(q.countries) ? { countries: split(q.countries) } : {}),
    ...(split(q.regions) ? { regions: split(q.regions) } : {}),
    ...(geography.data.length > 0 ? { geography: geography.data } : {}),
    ...(q.subgroup !== undefined ? { subgroup: q.subgroup } : {}),
  };
}

/** True with a valid token (any role); 401 when an Authorization header carries none; false without the header. */
export async function hasToken(db: Database, c: Context): Promise<boolean> {
  const header = c.req.header('authorization');
  if (header === undefined) return false;
  const match = header.match(/^Bearer\s+([A-Za-z0-9_-]{10,200})$/);
  if (match?.[1] && (await verifyApiToken(db, match[1]))) return true;
  throw new AppError(
    'unauthorized',
    'the Authorization header carries no valid API token (omit it for the public view)',
  );
}

/** A JSON or CSV body with a strong ETag of its bytes; 304 when If-None-Match has it. */
export function respond(c: Context, body: string, contentType: string, token: boolean): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const headers = {
    ETag: etag,
    'Cache-Control': token ? 'private, no-cache' : 'public, max-age=60',
    Vary: 'Authorization, Accept',
  };
  const match = c.req.header('if-none-match');
  if (match !== undefined && match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`))
    return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': contentType });
}

function wantsCsv(c: Context, format: string | undefined): boolean {
  return format === 'csv' || (format === undefined && (c.req.header('accept') ?? '').startsWith('text/csv'));
}

export function parse<T extends z.ZodType>(zodSchema: T, value: unknown, target: string): z.output<T> {
  const parsed = zodSchema.safeParse(value);
  if (!parsed.success) throw validationError(target, parsed.error);
  return parsed.data;
}

export function indicatorRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.db.db;
  for (const r of Object.values(routes)) app.openAPIRegistry.registerPath(r);

  app.get('/v1/studies/:study/indicators', async (c) => {
    const { study } = parse(StudyParam, c.req.param(), 'param');
    const token = await hasToken(db, c);
    const indicators = await listIndicators(db, study);
    return respond(c, JSON.stringify({ study, indicators }), 'application/json', token);
  });
  app.get('/v1/studies/:study/indicators/:indicator', async (c) => {
    const { study, indicator } = parse(IndicatorParams, c.req.param(), 'param');
    const q = parse(ReadQuery, c.req.query(), 'query');
    const token = await hasToken(db, c);
    const filters = filtersOf(study, q, token);
    const known = await listIndicators(db, study);
    if (!known.some((i) => i.id === indicator))
      throw new AppError(
        'not_found',
        `study ${study} has no materialised indicator "${indicator}" (${known.map((i) => i.id).join(', ')})`,
      );
    const points = await readSeries(db, { ...filters, indicator });
    return wantsCsv(c, q.format)
      ? respond(c, seriesCsv(points), 'text/csv; charset=utf-8', token)
      : respond(c, JSON.stringify({ points }), 'application/json', token);
  });
  app.get('/v1/studies/:study/indicators/:indicator/changes', async (c) => {
    const { study, indicator } = parse(IndicatorParams, c.req.param(), 'param');
    const q = parse(ChangeQuery, c.req.query(), 'query');
    const token = await hasToken(db, c);
    const changes = await readChanges(db, {
      ...filtersOf(study, q, token),
      indicator,
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.adjust === 'bh' ? { adjust: 'bh' as const } : {}),
    });
    return wantsCsv(c, q.format)
      ? respond(c, changesCsv(changes), 'text/csv; charset=utf-8', token)
      : respond(c, JSON.stringify({ changes }), 'application/json', token);
  });
  app.get('/v1/studies/:study/distributions/:question', async (c) => {
    const { study, question } = parse(QuestionParams, c.req.param(), 'param');
    const q = parse(ReadQuery.omit({ subgroup: true }), c.req.query(), 'query');
    const token = await hasToken(db, c);
    const distributions = await readDistributions(db, { ...filtersOf(study, q, token), question });
    return wantsCsv(c, q.format)
      ? respond(c, distributionsCsv(distributions), 'text/csv; charset=utf-8', token)
      : respond(c, JSON.stringify({ distributions }), 'application/json', token);
  });
  return app;
}

/** The researcher route that runs a weighting: needs the study definitions the server loaded. */
export function weightingRoutes(deps: AppDeps): OpenAPIHono<ResearchEnv> {
  const app = new OpenAPIHono<ResearchEnv>();
  const db = deps.db.db;
  app.use('/v1/research/waves/:waveId/weighting-runs', requireRole(db, 'researcher'));
  app.post('/v1/research/waves/:waveId/weighting-runs', async (c) => {
    const { waveId } = parse(WaveParam, c.req.param(), 'param');
    const wave = await waveCodes(db, await resolveWaveRef(db, waveId));
    const study = (deps.studies ?? []).find((s) => s.id === wave.study);
    if (!study)
      throw new AppError(
        'not_found',
        `the definition of study ${wave.study} is not loaded by this server (start it with --definitions)`,
      );
    const run = await runWeighting(db, { study, wave: wave.code, actor: `token:${c.get('principal').name}` });
    return c.json({ run }, 201);
  });
  return app;
}
