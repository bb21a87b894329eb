/**
 * `apiRoutes(deps)`: the JSON API under /v1 and the operations routes, with the OpenAPI
 * description generated from their schemas. The server's app (src/app.ts) mounts it beside the
 * web pages.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { validationError } from './error-body.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { researchRoutes } from './routes/research.ts';
import { indicatorRoutes, weightingRoutes } from './routes/indicators.ts';
import { campaignRoutes } from './routes/campaigns.ts';

/** An app for zod-openapi routes whose failed request validations become the one 400 shape. */
export function openApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });
}

/** The API's routes (`deps.studies` already checked: `createApp` loads them). */
export function apiRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = openApiApp();
  app.route('/', healthRoutes(deps));
  app.route('/', sessionRoutes(deps));
  app.route('/', researchRoutes(deps));
  app.route('/', weightingRoutes(deps));
  app.route('/', indicatorRoutes(deps));
  app.route('/', campaignRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API token from `barometer token create`',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Barometer API',
      version: deps.version ?? '0.1.0',
      description: [
        'Collection and researcher API of Barometer. Every error has the shape of the Error schema.',
        'Writes sent again with the same Idempotency-Key and body are answered from the first result, with its status (201 for a start or a submit).',
        'A session start is replayed (with its secret) only to a retry that also carries the Idempotency-Nonce the first request sent; without it the retry gets 409 and no secret.',
        'Request bodies must arrive within the body timeout (BAROMETER_BODY_TIMEOUT, default 10 s; later: 408) and at most 64 at once per client address (more: 429).',
        'Text no database can store (NUL characters, unpaired UTF-16 surrogates) is refused with 400, the field named, code invalid_text.',
        'Behind the concurrency bound a request may be shed with 503 and Retry-After; /readyz answers 503 (details.reason "saturated") while requests queue.',
      ].join(' '),
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    // The configured public address (BAROMETER_PUBLIC_URL), else this server, wherever it is reached.
    servers: [
      deps.publicUrl === undefined
        ? { url: '/', description: 'this server' }
        : { url: deps.publicUrl, description: 'public address' },
    ],
  });
  return app;
}
