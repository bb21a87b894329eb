/**
 * HTTP's view of the domain errors, shared by the JSON API and the web pages: the one table of
 * the status of each error code, and the error that carries response headers (Retry-After,
 * WWW-Authenticate). Errors of other layers become domain errors in one place (api/error-body.ts).
 */
import { AppError, errorCodes, type ErrorCode } from '../errors.ts';

export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof errorStatus)[ErrorCode];

/** The HTTP status of a domain error. */
export function statusOf(err: AppError): ErrorStatus {
  return errorStatus[err.code];
}

/** The error code of an HTTP status raised outside the domain (hono's HTTPException): the first code with that status. */
export function codeOfStatus(status: number): ErrorCode {
  for (const code of errorCodes) if (errorStatus[code] === status) return code;
  return status >= 500 ? 'internal' : 'bad_request';
}

/** An error raised by HTTP middleware, with the response headers that explain it. */
export class HttpError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(code, message, details);
    this.name = 'HttpError';
  }
}

/** The headers an error asks the response to carry (none for a plain domain error). */
export function headersOf(err: AppError): Readonly<Record<string, string>> | undefined {
  return err instanceof HttpError ? err.headers : undefined;
}
