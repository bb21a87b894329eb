/**
 * One error model for the whole HTTP API: every failure is an `ApiError`, and
 * every error response has the JSON shape
 * `{ "error": { "code", "message", "details"?, "requestId" } }`.
 */
import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';

export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorStatus = (typeof errorStatus)[ErrorCode];

/** One offending field: a dotted path (`body.answers.MIG_LEVEL`) and why it was refused. */
export const FieldProblem = z.object({
  path: z.string(),
  code: z.string().optional(),
  message: z.string(),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

export class ApiError extends Error {
  readonly status: ErrorStatus;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After for 429. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = errorStatus[code];
  }
}

/** Why a request conflicts with the state: lets pages explain it without parsing messages. */
export type ConflictReason = 'already_submitted' | 'wave_not_open' | 'session_ended' | 'invitation_used' | 'in_progress';

/** A 409 that carries its reason (kept in the process; the JSON body is the usual shape). */
export class ConflictError extends ApiError {
  constructor(
    readonly reason: ConflictReason,
    message: string,
    details?: unknown,
  ) {
    super('conflict', message, details);
  }
}

/** Joins a zod issue path onto a request part: `body`, `query`, `param`, `header`. */
export function fieldPath(target: string, path: readonly PropertyKey[]): string {
  return [target, ...path.map(String)].join('.');
}

/** A 400 listing each invalid field of one part of the request. */
export function validationError(target: string, error: ZodError): ApiError {
  const details: FieldProblem[] = error.issues.map((issue) => ({
    path: fieldPath(target, issue.path),
    code: issue.code,
    message: issue.message,
  }));
  const first = details[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid request';
  return new ApiError(
    'validation_failed',
    details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary,
    details,
  );
}
