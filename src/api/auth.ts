/** Researcher authentication: `Authorization: Bearer <token>`, roles admin > researcher > viewer > interviewer. */
import type { MiddlewareHandler } from 'hono';
import type { TokenRole } from '../../db/schema.ts';
import type { Database } from '../../db/index.ts';
import { verifyApiToken, type ApiPrincipal } from '../collection/tokens.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';

/** An interviewer token ranks below every researcher role: it opens interviewer mode and no route of the API. */
const rank: Record<TokenRole, number> = { interviewer: 0, viewer: 1, researcher: 2, admin: 3 };

export type ResearchEnv = AppEnv & { Variables: AppEnv['Variables'] & { principal: ApiPrincipal } };

/** 401 without a valid token, 403 when the token's role is below `role`. */
export function requireRole(db: Database, role: TokenRole): MiddlewareHandler<ResearchEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{10,200})$/);
    const principal = match?.[1] ? await verifyApiToken(db, match[1]) : undefined;
    if (!principal) {
      throw new HttpError(
        'unauthorized',
        'a valid API token is required (Authorization: Bearer <token>; create one with `barometer token create`)',
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="barometer"',
        },
      );
    }
    if (rank[principal.role] < rank[role])
      throw new AppError('forbidden', `this action needs the ${role} role; the token has ${principal.role}`);
    c.set('principal', principal);
    await next();
  };
}
