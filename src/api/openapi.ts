/** Small helpers for declaring routes with @hono/zod-openapi. */
import type { z } from '@hono/zod-openapi';
import { ErrorBody } from './error-body.ts';

/** A JSON response of a route: its schema and what it means. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** Every route behind the concurrency bound (all but /healthz) can shed a request (api/concurrency.ts). */
export const busyResponse = {
  503: jsonResponse(
    ErrorBody,
    'the server is busy (requests at work and queued at their bound): retry after `Retry-After` seconds, with the same Idempotency-Key for writes',
  ),
} as const;

/** What any request carrying a body can meet before its route runs (api/middleware.ts, server.ts). */
export const bodyResponses = {
  408: jsonResponse(ErrorBody, 'the request body did not arrive within the body timeout'),
  413: jsonResponse(ErrorBody, 'the request body is larger than the limit'),
} as const;

/** Routes whose body must be JSON also refuse other content types. */
export const jsonBodyResponses = {
  ...bodyResponses,
  415: jsonResponse(ErrorBody, 'the body is not `application/json`'),
} as const;

/** Routes that draw from the per-address start budget (`BAROMETER_RATE_LIMIT`). */
export const rateLimitedResponse = {
  429: jsonResponse(ErrorBody, 'too many session starts from this address: retry after `Retry-After` seconds'),
} as const;

/** `security: []`: the operation is public (no API token). */
export const publicOperation: { bearer?: string[] }[] = [];
