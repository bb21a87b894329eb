/** Small helpers for declaring routes with @hono/zod-openapi. */
import type { z } from '@hono/zod-openapi';

/** A JSON response of a route: its schema and what it means. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
