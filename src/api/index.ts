/**
 * `apiRoutes(deps)`: the JSON API under /v1 and the operations routes, with the OpenAPI
 * description generated from their schemas. The server's app (src/app.ts) mounts it beside the
 * web pages.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { validationError } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { researchRoutes } from './routes/research.ts';

/** An app for zod-openapi routes whose failed request validations become the one 400 shape. */
export function openApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });
}

export function apiRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = openApiApp();
  app.route('/', healthRoutes(deps));
  app.route('/', sessionRoutes(deps));
  app.route('/', researchRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API token from `barometer token create`' });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Barometer API',
      version: deps.version ?? '0.1.0',
      description: 'Collection and researcher API of Barometer. Every error has the shape of the Error schema.',
    },
  });
  return app;
}
