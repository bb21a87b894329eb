/**
 * `createApp(deps)`: the whole HTTP application, with no listening socket, so
 * tests drive it in-process with `app.request()` and `server.ts` serves it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { webRoutes } from '../web/routes.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { ApiError, validationError } from './errors.ts';
import { errorHandler, errorResponse, guardJsonBody, limitBody, requestLogger } from './middleware.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { researchRoutes } from './routes/research.ts';

export type App = OpenAPIHono<AppEnv>;

/** Request ids we accept from a proxy: short and printable. */
const acceptedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });

  // The request id: a safe one from a proxy, or a new one. The header is set before the route
  // runs, so every response (errors included) carries it without being rebuilt afterwards.
  app.use(async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming !== undefined && acceptedRequestId.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
  app.use(requestLogger(deps.logger));
  app.use(limitBody(deps.bodyLimit));
  app.use('/v1/*', guardJsonBody(32));

  app.route('/', healthRoutes(deps));
  app.route('/', sessionRoutes(deps));
  app.route('/', researchRoutes(deps));

  app.route('/', webRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API token from `barometer token create`' });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Barometer API',
      version: deps.version ?? '0.1.0',
      description: 'Collection and researcher API of Barometer. Every error has the shape of the Error schema.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    // The configured public address (BAROMETER_PUBLIC_URL), else this server, wherever it is reached.
    servers: [deps.publicUrl === undefined ? { url: '/', description: 'this server' } : { url: deps.publicUrl, description: 'public address' }],
  });

  app.notFound((c) => errorResponse(c, new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError(errorHandler());
  return app;
}
