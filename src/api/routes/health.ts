import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { ErrorBody } from '../error-body.ts';
import { AppError } from '../../errors.ts';
import { HttpError } from '../../http/errors.ts';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Ready = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }).openapi('Ready');

const healthz = createRoute({
  operationId: 'checkLiveness',
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process is up and serving (outside the concurrency bound: never 503)',
  security: [],
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
});

const readyz = createRoute({
  operationId: 'checkReadiness',
  method: 'get',
  path: '/readyz',
  summary:
    'Readiness: the database answers, every migration is applied, and requests are not queueing for a slot (503 "saturated" when they are)',
  security: [],
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: Ready } } },
    503: {
      description: 'not ready: the database, or saturation (details.reason "saturated" with the counts)',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

export function healthRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyz, async (c) => {
    const load = deps.load?.();
    if (load !== undefined && load.waiting > 0) {
      throw new HttpError(
        'unavailable',
        'saturated: requests are queueing for a slot',
        { reason: 'saturated', ...load },
        { 'Retry-After': '1' },
      );
    }
    try {
      await deps.db.checkReady();
    } catch (err) {
      c.get('log').warn('not ready', { reason: err instanceof Error ? err.message : String(err) });
      throw new AppError('unavailable', 'database not ready', {
        reason: err instanceof Error ? err.message : String(err),
      });
    }
    return c.json({ status: 'ready' as const, database: deps.db.kind }, 200);
  });
  return app;
}
