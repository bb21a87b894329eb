/**
 * Per-client rate limiting (token bucket, in memory, per process): `limit`
 * requests per `windowSeconds`, refilled continuously. Over the limit → 429
 * with Retry-After. `limit` 0 switches it off.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppDeps, AppEnv } from './context.ts';
import { HttpError } from './errors.ts';

/** The client's address: as transport() decided it, else as the socket reports it ('unknown' in-process). */
export function clientAddress(c: Context): string {
  const decided: unknown = c.get('clientAddress');
  if (typeof decided === 'string' && decided !== 'unknown') return decided;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const startLimits = new WeakMap<AppDeps, MiddlewareHandler<AppEnv>>();

/**
 * The limit on session starts (`deps.rateLimit` a minute per client address): one bucket per
 * address for the app built from `deps`, which the API's starts and the web form's draw from alike.
 */
export function sessionStartLimit(deps: AppDeps): MiddlewareHandler<AppEnv> {
  let limit = startLimits.get(deps);
  if (!limit) {
    limit = rateLimit({ limit: deps.rateLimit ?? 0, windowSeconds: 60 });
    startLimits.set(deps, limit);
  }
  return limit;
}

export function rateLimit(options: {
  limit: number;
  windowSeconds: number;
  key?: (c: Context<AppEnv>) => string;
}): MiddlewareHandler<AppEnv> {
  const { limit, windowSeconds } = options;
  const key = options.key ?? ((c: Context<AppEnv>) => clientAddress(c));
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit / (windowSeconds * 1000);
  return async (c, next) => {
    if (limit <= 0) return next();
    const now = Date.now();
    const k = key(c);
    const b = buckets.get(k) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.tokens < 1) {
      buckets.set(k, b);
      const retry = Math.ceil((1 - b.tokens) / perMs / 1000);
      throw new HttpError('rate_limited', `too many requests from this address; retry in ${retry} s`, undefined, {
        'Retry-After': String(retry),
      });
    }
    b.tokens -= 1;
    buckets.set(k, b);
    if (buckets.size > 100_000) {
      for (const [bk, bv] of buckets) if (now - bv.at > windowSeconds * 1000) buckets.delete(bk);
    }
    return next();
  };
}
