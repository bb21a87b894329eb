/**
 * The JSON error body of the HTTP API: every failure is a domain error (src/errors.ts), and
 * every error response has the shape `{ "error": { "code", "message", "details"?, "requestId" } }`.
 * The errors of layers that do not know AppError become one here (`asAppError`), and nowhere else;
 * the status of each code is the table in http/errors.ts.
 */
import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AnswersRefused, AppError, answerPath, more, type FieldProblem } from '../errors.ts';
import { codeOfStatus } from '../http/errors.ts';

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

/** Joins a zod issue path onto a request part: `body`, `query`, `param`, `header`. */
export function fieldPath(target: string, path: readonly PropertyKey[]): string {
  return [target, ...path.map(String)].join('.');
}

/** A 400 listing each invalid field of one part of the request. */
export function validationError(target: string, error: ZodError): AppError {
  const details: FieldProblem[] = error.issues.map((issue) => ({
    path: fieldPath(target, issue.path),
    code: issue.code,
    message: issue.message,
  }));
  const first = details[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid request';
  return new AppError('validation_failed', `${summary}${more(details.length)}`, details);
}

/** The message and details of an error as the API says them: refused answers are fields of `body.answers`. */
export function errorContent(err: AppError): { message: string; details: unknown } {
  if (!(err instanceof AnswersRefused)) return { message: err.message, details: err.details };
  const details: FieldProblem[] = err.problems.map((p) => ({
    path: `body.answers.${answerPath(p)}`,
    code: p.code,
    message: p.message,
  }));
  const first = details[0];
  return { message: first ? `${first.path}: ${first.message}${more(details.length)}` : err.message, details };
}

/**
 * A thrown error as the domain error the API answers with, or undefined for an unexpected one (a
 * 500 whose internals stay in the log): every domain error is an AppError (its code gives the
 * status), and hono's HTTPException is mapped by its status.
 */
export function asAppError(err: Error): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const code = codeOfStatus(err.status);
    return new AppError(code, err.status >= 500 ? 'internal error' : err.message || code.replace(/_/g, ' '));
  }
  return undefined;
}
