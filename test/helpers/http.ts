import { expect } from 'vitest';
import { z } from 'zod';

/** The one error shape, strictly: no other keys at either level. */
export const StrictErrorBody = z
  .object({
    error: z
      .object({
        code: z.string().min(1),
        message: z.string().min(1),
        details: z.unknown().optional(),
        requestId: z.string().regex(/^[A-Za-z0-9._:-]+$/),
      })
      .strict(),
  })
  .strict();

/** Asserts status, JSON content type and the one error shape; returns the parsed body. */
export async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = StrictErrorBody.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  return body;
}
