/**
 * `createApp(deps)`: the whole HTTP application — the JSON API (src/api) and the respondent
 * pages (src/web), siblings composed here behind the middleware they share (src/http) — with no
 * listening socket, so tests drive it in-process with `app.request()` and `server.ts` serves it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { apiRoutes, openApiApp } from './api/index.ts';
import { errorHandler, errorResponse, guardJsonBody } from './api/middleware.ts';
import { AppError } from './errors.ts';
import { loadedStudies } from './instrument/index.ts';
import { linkOrigin, type AppDeps, type AppEnv } from './http/context.ts';
import { describeError } from './log.ts';
import { answerBodyLimit, limitBody, requestId, requestLogger, transport } from './http/middleware.ts';
import { webRoutes } from './web/routes.ts';
import { consoleRoutes } from './web/console/routes.ts';
import type { DashboardSource } from '../dashboards/source.ts';

export type App = OpenAPIHono<AppEnv>;

export interface AppParts {
  /** Serve the dashboards at /dashboards from this source. */
  readonly dashboards?: DashboardSource;
}

/**
 * Throws (`DefinitionError`) when a study of `given.studies` is invalid. The API and the pages get
 * the same `deps`, so what is kept per app (the session-start bucket per address) is shared.
 */
export function createApp(given: AppDeps, parts: AppParts = {}): App {
  const deps: AppDeps = { ...given, studies: loadedStudies(given.studies ?? []) };
  const app = openApiApp();
  app.use(requestId());
  app.use(transport({ trustProxy: deps.trustProxy ?? false }));
  app.use(requestLogger(deps.logger));
  app.use(limitBody(deps.bodyLimit));
  const answerLimit = limitBody(Math.min(deps.bodyLimit, answerBodyLimit));
  app.use('/v1/sessions/:sessionId/pages/:blockId', answerLimit);
  app.use('/s/:sessionId/pages/:blockId', answerLimit);
  app.use('/v1/*', guardJsonBody(32));

  app.route('/', apiRoutes(deps));
  app.route('/', webRoutes(deps));
  app.route('/', consoleRoutes(deps));
  if (parts.dashboards) {
    // Loaded on the first dashboard request: the charting libraries stay out of the start-up
    // of a process that only collects answers.
    const source = parts.dashboards;
    let routes: Promise<{ fetch: (request: Request) => Response | Promise<Response> }> | undefined;
    const dashboards = async (c: { req: { raw: Request } }) => {
      routes ??= import('../dashboards/routes.ts').then((m) =>
        m.dashboardRoutes({
          source,
          origin: () => linkOrigin(deps),
          reportError: (err) =>
            deps.logger.error('unhandled error in a dashboard route', { error: describeError(err) }),
        }),
      );
      return (await routes).fetch(c.req.raw);
    };
    app.get('/dashboards', dashboards);
    app.get('/dashboards/*', dashboards);
  }

  // Outside the pages (which answer in HTML), every error is the API's JSON error.
  app.notFound((c) => errorResponse(c, new AppError('not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError(errorHandler());
  return app;
}
