/**
 * `createApp(deps)`: the whole HTTP application — the JSON API (src/api) and the respondent
 * pages (src/web), siblings composed here behind the middleware they share (src/http) — with no
 * listening socket, so tests drive it in-process with `app.request()` and `server.ts` serves it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { apiRoutes, openApiApp } from './api/index.ts';
import { errorHandler, errorResponse, guardJsonBody } from './api/middleware.ts';
import { AppError } from './errors.ts';
import type { AppDeps, AppEnv } from './http/context.ts';
import { limitBody, requestId, requestLogger } from './http/middleware.ts';
import { webRoutes } from './web/routes.ts';

export type App = OpenAPIHono<AppEnv>;

export function createApp(deps: AppDeps): App {
  const app = openApiApp();
  app.use(requestId());
  app.use(requestLogger(deps.logger));
  app.use(limitBody(deps.bodyLimit));
  app.use('/v1/*', guardJsonBody(32));

  app.route('/', apiRoutes(deps));
  app.route('/', webRoutes(deps));

  // Outside the pages (which answer in HTML), every error is the API's JSON error.
  app.notFound((c) => errorResponse(c, new AppError('not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError(errorHandler());
  return app;
}
