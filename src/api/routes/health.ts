import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { ErrorBody } from '../errors.ts';
import { AppError } from '../../errors.ts';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Ready = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }).openapi('Ready');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process is up and serving',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: the database answers and every migration is applied',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: Ready } } },
    503: { description: 'not ready', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function healthRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyz, async (c) => {
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
