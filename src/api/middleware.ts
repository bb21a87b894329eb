/** Middleware of the JSON API: the one error shape, and the guard in front of JSON bodies. */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { IncomingMessage } from 'node:http';
import { AppError, type ErrorCode } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { errorStatus, headersOf, statusOf, type ErrorStatus } from '../http/errors.ts';
import { nodeIncoming } from '../http/middleware.ts';
import { errorContent } from './errors.ts';

function codeForStatus(status: number): ErrorCode {
  for (const [code, s] of Object.entries(errorStatus)) {
    if (s === status && isErrorCode(code)) return code;
  }
  return status >= 500 ? 'internal' : 'bad_request';
}

function isErrorCode(code: string): code is ErrorCode {
  return code in errorStatus;
}

export function errorResponse(c: Context<AppEnv>, err: AppError): Response {
  const { message, details } = errorContent(err);
  const body = {
    error: {
      code: err.code,
      message,
      ...(details === undefined ? {} : { details }),
      requestId: c.get('requestId') ?? 'unknown',
    },
  };
  const status: ErrorStatus = statusOf(err);
  return c.json(body, status, headersOf(err));
}

/** Maps every thrown value to the one JSON error shape; internals of 500s stay in the log. */
export function errorHandler(): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = codeForStatus(status);
      const message = status >= 500 ? 'internal error' : err.message || code.replace(/_/g, ' ');
      return errorResponse(c, new AppError(code, message));
    }
    (c.get('log') ?? console).error('unhandled error', {
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return errorResponse(c, new AppError('internal', 'internal error'));
  };
}

/** Nesting depth of a JSON text (brackets outside strings), stopping early past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > limit) return true;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The whole body of a Node.js request whose length the header states (limitBody has checked it). */
function readIncoming(incoming: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    incoming.once('error', reject);
  });
}

/**
 * Refuses JSON bodies that are not valid UTF-8 or nest deeper than `maxDepth`,
 * before anything parses them (deep nesting would exhaust the stack later).
 */
export function guardJsonBody(maxDepth: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !/json/i.test(type)) return next();
    // Under @hono/node-server with a stated length (already checked by limitBody), read the Node
    // request directly: going through the fetch Request builds a web stream per request.
    const incoming = nodeIncoming(c.env);
    const stated = c.req.header('content-length') !== undefined && c.req.header('transfer-encoding') === undefined;
    const bytes = incoming !== undefined && stated && !incoming.readableEnded ? await readIncoming(incoming) : await c.req.arrayBuffer();
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new AppError('bad_request', 'body: not valid UTF-8', [{ path: 'body', message: 'not valid UTF-8' }]);
    }
    if (jsonDepthExceeds(text, maxDepth)) {
      throw new AppError('bad_request', `body: JSON nested deeper than ${maxDepth} levels`, [{ path: 'body', message: `nested deeper than ${maxDepth} levels` }]);
    }
    // The validator's c.req.json() and c.req.text() read the cache (the same characters a fetch
    // Response would decode: valid UTF-8, BOM dropped) instead of decoding the body again; JSON
    // that does not parse is left to the validator, which answers it with its usual 400.
    // (hono types the cache's entries as values; at run time they are promises of them.)
    const cache = c.req.bodyCache as { text?: Promise<string>; json?: Promise<unknown> };
    cache.text ??= Promise.resolve(text);
    if (cache.json === undefined) {
      try {
        cache.json = Promise.resolve(JSON.parse(text));
      } catch {
        // not JSON: the validator reports it
      }
    }
    return next();
  };
}
