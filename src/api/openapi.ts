/** Small helpers for declaring routes with @hono/zod-openapi. */
import type { z } from '@hono/zod-openapi';
import { ErrorBody } from './errors.ts';

/** A JSON response of a route: its schema and what it means. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** Error responses of a route, each with the one error shape: status → description. */
export function errorResponses<S extends number>(descriptions: Record<S, string>) {
  return Object.fromEntries(Object.entries(descriptions).map(([status, description]) => [status, jsonResponse(ErrorBody, String(description))])) as Record<S, ReturnType<typeof jsonResponse<typeof ErrorBody>>>;
}
