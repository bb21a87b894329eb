/** Small middleware factories, in the order createApp installs them. */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../log.ts';
import type { AppEnv } from './context.ts';
import { ApiError, errorStatus, type ErrorCode } from './errors.ts';

/** Logs one structured line per request and hands routes a logger carrying the request id. */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/** Refuses bodies over `maxSize` bytes with 413, whether or not Content-Length says so. */
export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('payload_too_large', `request body exceeds ${maxSize} bytes`, { limit: maxSize });
    },
  });
}

function codeForStatus(status: number): ErrorCode {
  for (const [code, s] of Object.entries(errorStatus)) {
    if (s === status && isErrorCode(code)) return code;
  }
  return status >= 500 ? 'internal' : 'bad_request';
}

function isErrorCode(code: string): code is ErrorCode {
  return code in errorStatus;
}

export function errorResponse(c: Context<AppEnv>, err: ApiError): Response {
  const body = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      requestId: c.get('requestId') ?? 'unknown',
    },
  };
  return c.json(body, err.status, err.headers);
}

/** Maps every thrown value to the one JSON error shape; internals of 500s stay in the log. */
export function errorHandler(): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = codeForStatus(status);
      const message = status >= 500 ? 'internal error' : err.message || code.replace(/_/g, ' ');
      return errorResponse(c, new ApiError(code, message));
    }
    (c.get('log') ?? console).error('unhandled error', {
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return errorResponse(c, new ApiError('internal', 'internal error'));
  };
}
