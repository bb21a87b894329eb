/** Middleware of the JSON API: the one error shape, and the guard in front of JSON bodies. */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';
import { findUnstorableText, unstorableTextMessage } from '../instrument/index.ts';
import { describeError } from '../log.ts';
import { ClientAbortError } from './body-first.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { headersOf, statusOf, type ErrorStatus } from '../http/errors.ts';
import { nodeIncoming } from '../http/middleware.ts';
import { asAppError, errorContent } from './error-body.ts';

/** A client that closed its connection in the middle of the request (a body read that failed). */
export function isClientAbort(err: Error): boolean {
  return err instanceof ClientAbortError || err.message === 'aborted' || ('code' in err && err.code === 'ECONNRESET');
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
    const known = asAppError(err);
    if (known) return errorResponse(c, known);
    if (isClientAbort(err)) {
      // The client went away mid-request: nothing is wrong with the server, and nobody reads the answer.
      (c.get('log') ?? console).info('client aborted', { method: c.req.method, path: c.req.path, error: err.message });
      return errorResponse(c, new AppError('bad_request', 'the client went away'));
    }
    (c.get('log') ?? console).error('unhandled error', {
      error: describeError(err),
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
      if (ch === 92)
        i++; // backslash: skip the escaped character
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
 * Text that PostgreSQL cannot store (NUL, unpaired surrogates) can only come from a `\u` escape
 * in JSON decoded from valid UTF-8: bodies without one are not walked.
 */
const maybeUnstorable = /\\u(?:0000|d[89a-f])/i;

/** 400 `validation_failed` naming the first string or key that no database could store (`invalid_text`). */
function refuseUnstorableText(text: string, parsed: unknown): void {
  if (!maybeUnstorable.test(text)) return;
  const path = findUnstorableText(parsed);
  if (path === undefined) return;
  const field = ['body', ...path].join('.');
  throw new AppError('validation_failed', `${field}: ${unstorableTextMessage}`, [
    { path: field, code: 'invalid_text', message: unstorableTextMessage },
  ]);
}

/**
 * Refuses JSON bodies that are not valid UTF-8 or nest deeper than `maxDepth`,
 * before anything parses them (deep nesting would exhaust the stack later), and
 * JSON holding text no database could store (`invalid_text`).
 */
export function guardJsonBody(maxDepth: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !/json/i.test(type)) return next();
    // Under @hono/node-server with a stated length (already checked by limitBody), read the Node
    // request directly: going through the fetch Request builds a web stream per request.
    const incoming = nodeIncoming(c.env);
    const stated = c.req.header('content-length') !== undefined && c.req.header('transfer-encoding') === undefined;
    const bytes =
      incoming !== undefined && stated && !incoming.readableEnded
        ? await readIncoming(incoming)
        : await c.req.arrayBuffer();
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new AppError('bad_request', 'body: not valid UTF-8', [{ path: 'body', message: 'not valid UTF-8' }]);
    }
    if (jsonDepthExceeds(text, maxDepth)) {
      throw new AppError('bad_request', `body: JSON nested deeper than ${maxDepth} levels`, [
        { path: 'body', message: `nested deeper than ${maxDepth} levels` },
      ]);
    }
    // The validator's c.req.json() and c.req.text() read the cache (the same characters a fetch
    // Response would decode: valid UTF-8, BOM dropped) instead of decoding the body again; JSON
    // that does not parse is left to the validator, which answers it with its usual 400.
    // (hono types the cache's entries as values; at run time they are promises of them.)
    const cache = c.req.bodyCache as { text?: Promise<string>; json?: Promise<unknown> };
    cache.text ??= Promise.resolve(text);
    if (cache.json === undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the validator reports it
        return next();
      }
      refuseUnstorableText(text, parsed);
      cache.json = Promise.resolve(parsed);
    }
    return next();
  };
}
