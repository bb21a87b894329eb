/** The public collection API: open waves, sessions, pages, submit. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { listOpenWaves } from '../../collection/catalog.ts';
import { requestHash } from '../../collection/idempotency.ts';
import { idempotencyNoncePattern } from '../../collection/start-receipt.ts';
import {
  OpenWaves,
  PageSaved,
  PageView,
  SavePageBody,
  SessionCreated,
  SessionState,
  StartSessionBody,
  Submitted,
} from '../../collection/schemas.ts';
import {
  getSession,
  savePage,
  startSession,
  submitSession,
  submittedAnswersGraceMinutes,
} from '../../collection/sessions.ts';
import { instrumentView } from '../../collection/view.ts';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { ErrorBody } from '../error-body.ts';
import {
  busyResponse,
  bodyResponses,
  jsonBodyResponses,
  jsonResponse,
  publicOperation,
  rateLimitedResponse,
} from '../openapi.ts';
import { sessionStartLimit } from '../../http/rate-limit.ts';
import { askedLanguagePattern, TextDirection } from '../../instrument/text.ts';

const json = jsonResponse;
const errors = {
  400: json(ErrorBody, 'invalid request: details lists each offending field'),
  401: json(ErrorBody, 'no session with this id and secret'),
  404: json(ErrorBody, 'not found'),
  409: json(
    ErrorBody,
    'conflict with the current state (wave not open, already submitted, invitation used, a keyed start retried without its nonce)',
  ),
  422: json(ErrorBody, 'well-formed but not applicable'),
  ...busyResponse,
} as const;
const security = publicOperation;
const goneResponse = {
  410: json(
    ErrorBody,
    `code gone: the session was submitted more than ${submittedAnswersGraceMinutes} minutes ago, and its answers are no longer served to its secret`,
  ),
} as const;

const SessionParams = z.object({
  sessionId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'sessionId', in: 'path' } }),
});
const BlockParams = SessionParams.extend({
  blockId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
    .openapi({ param: { name: 'blockId', in: 'path' } }),
});
const SecretHeader = z.object({
  'x-session-secret': z
    .string()
    .max(200)
    .optional()
    .openapi({
      param: { name: 'x-session-secret', in: 'header' },
      description: 'the secret returned at session start',
    }),
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' } }),
});
const LangQuery = z.object({
  lang: z.string().regex(askedLanguagePattern).optional(),
});

const InstrumentView = z
  .object({
    language: z.string(),
    dir: TextDirection,
    pages: z.array(PageView.extend({ shown: z.boolean() })),
    visibleQuestions: z.array(z.string()),
  })
  .openapi('InstrumentView');

const routes = {
  openWaves: createRoute({
    operationId: 'listOpenWaves',
    method: 'get',
    path: '/v1/waves',
    summary: 'Waves open for answers',
    security,
    responses: { 200: json(OpenWaves, 'open waves'), ...busyResponse },
  }),
  start: createRoute({
    operationId: 'startSession',
    method: 'post',
    path: '/v1/waves/{waveId}/sessions',
    summary: 'Start a session (consent required), anonymously or with an invitation token',
    description:
      'A start sent with an Idempotency-Key is bound to the client that sent it: send an Idempotency-Nonce too, ' +
      'and a retry with the same key, body and nonce is answered with the first result (201, the same sessionId and secret). ' +
      'A retry with the key but without that nonce gets 409 and no secret: knowing a key is not enough to take a session over. ' +
      'To resume a session, present its secret (X-Session-Secret) to GET /v1/sessions/{sessionId}.',
    request: {
      params: z.object({
        waveId: z
          .string()
          .uuid()
          .openapi({ param: { name: 'waveId', in: 'path' } }),
      }),
      query: LangQuery,
      headers: z.object({
        'idempotency-key': z.string().max(200).optional(),
        'idempotency-nonce': z
          .string()
          .regex(idempotencyNoncePattern, 'must be 16 to 200 characters of A-Z a-z 0-9 . _ : -')
          .optional()
          .openapi({
            param: { name: 'idempotency-nonce', in: 'header' },
            description:
              'a random value the client chooses and keeps (16 to 200 characters) and sends with the Idempotency-Key of a start: ' +
              'a retry with the same key returns the session and its secret only when it carries the same nonce ' +
              '(409 otherwise, without the secret). A start keyed without a nonce is never replayed.',
          }),
        'accept-language': z.string().max(500).optional(),
      }),
      body: { content: { 'application/json': { schema: StartSessionBody } }, required: true },
    },
    security,
    responses: {
      201: json(
        SessionCreated,
        'session started (also the answer to a replay with the same Idempotency-Key, body and Idempotency-Nonce)',
      ),
      ...errors,
      ...jsonBodyResponses,
      ...rateLimitedResponse,
      403: json(ErrorBody, 'unknown invitation'),
    },
  }),
  get: createRoute({
    operationId: 'getSession',
    method: 'get',
    path: '/v1/sessions/{sessionId}',
    summary: 'Resume: the session state and the page to show (or ?page= a given page)',
    request: {
      params: SessionParams,
      headers: SecretHeader,
      query: LangQuery.extend({ page: z.string().max(64).optional() }),
    },
    security,
    responses: { 200: json(SessionState, 'session'), ...errors, ...goneResponse },
  }),
  instrument: createRoute({
    operationId: 'getSessionInstrument',
    method: 'get',
    path: '/v1/sessions/{sessionId}/instrument',
    summary: 'The instrument as this respondent sees it: their order, their language, the logic state',
    request: { params: SessionParams, headers: SecretHeader, query: LangQuery },
    security,
    responses: { 200: json(InstrumentView, 'instrument'), ...errors, ...goneResponse },
  }),
  save: createRoute({
    operationId: 'savePage',
    method: 'put',
    path: '/v1/sessions/{sessionId}/pages/{blockId}',
    summary: 'Save the answers of one page (partial save)',
    request: {
      params: BlockParams,
      headers: SecretHeader,
      body: { content: { 'application/json': { schema: SavePageBody } }, required: true },
    },
    security,
    responses: {
      200: json(PageSaved, 'saved (also the answer to a replay with the same Idempotency-Key and body)'),
      ...errors,
      ...jsonBodyResponses,
    },
  }),
  submit: createRoute({
    operationId: 'submitSession',
    method: 'post',
    path: '/v1/sessions/{sessionId}/submit',
    summary: 'Submit: validates every answer and stores the immutable response',
    request: { params: SessionParams, headers: SecretHeader },
    security,
    responses: {
      201: json(Submitted, 'submitted (also the answer to a replay with the same Idempotency-Key)'),
      ...errors,
      ...bodyResponses,
    },
  }),
};

/** Starts and submits answer 201, replays included (a replay answers what the first request did). */
function created(status: 200 | 201): 201 {
  if (status !== 201) throw new Error(`a start or submit answered ${status}; it always creates (201)`);
  return status;
}

function idempotencyKey(c: Context): string | undefined {
  return c.req.header('idempotency-key');
}

export function sessionRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.db.db;
  app.openapi(routes.openWaves, async (c) => c.json({ waves: await listOpenWaves(db) }, 200));

  app.use('/v1/waves/:waveId/sessions', sessionStartLimit(deps));
  app.openapi(routes.start, async (c) => {
    const body = c.req.valid('json');
    const { waveId } = c.req.valid('param');
    const result = await startSession(db, {
      waveId,
      language: body.language ?? c.req.valid('query').lang,
      acceptLanguage: c.req.header('accept-language'),
      invitation: body.invitation,
      userAgent: c.req.header('user-agent'),
      idempotencyKey: idempotencyKey(c),
      idempotencyNonce: c.req.valid('header')['idempotency-nonce'],
      requestHash: requestHash('POST', c.req.path, body),
    });
    return c.json(result.body, created(result.status));
  });

  app.openapi(routes.get, async (c) => {
    const { sessionId } = c.req.valid('param');
    const q = c.req.valid('query');
    const {
      instrument: _i,
      order: _o,
      ...state
    } = await getSession(db, { sessionId, secret: c.req.header('x-session-secret'), language: q.lang, page: q.page });
    return c.json(state, 200);
  });

  app.openapi(routes.instrument, async (c) => {
    const { sessionId } = c.req.valid('param');
    const s = await getSession(db, {
      sessionId,
      secret: c.req.header('x-session-secret'),
      language: c.req.valid('query').lang,
    });
    return c.json(
      { language: s.language, dir: s.dir, ...instrumentView(s.instrument, s.order, s.answers, s.language) },
      200,
    );
  });

  app.openapi(routes.save, async (c) => {
    const { sessionId, blockId } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await savePage(db, {
      sessionId,
      blockId,
      secret: c.req.header('x-session-secret'),
      answers: body.answers,
      seconds: body.seconds,
      complete: body.complete,
      idempotencyKey: idempotencyKey(c),
      requestHash: requestHash('PUT', c.req.path, body),
    });
    return c.json(result.body, 200);
  });

  app.openapi(routes.submit, async (c) => {
    const { sessionId } = c.req.valid('param');
    const result = await submitSession(db, {
      sessionId,
      secret: c.req.header('x-session-secret'),
      idempotencyKey: idempotencyKey(c),
      requestHash: requestHash('POST', c.req.path, null),
    });
    return c.json(result.body, created(result.status));
  });
  return app;
}
