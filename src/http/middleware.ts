/** HTTP middleware every route shares, API and pages alike, in the order the app installs them. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IncomingMessage } from 'node:http';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AppEnv } from './context.ts';

/** Request ids we accept from a proxy: short and printable. */
const acceptedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: a safe one from a proxy, or a new one. The header is set before the route
 * runs, so every response (errors included) carries it without being rebuilt afterwards.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming !== undefined && acceptedRequestId.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/** The Node.js request under @hono/node-server (`c.env.incoming`); undefined under `app.request()`. */
export function nodeIncoming(env: unknown): IncomingMessage | undefined {
  return typeof env === 'object' && env !== null && 'incoming' in env && env.incoming instanceof IncomingMessage
    ? env.incoming
    : undefined;
}

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

/**
 * The largest body of a page save (`PUT /v1/sessions/{id}/pages/{block}`, the web form's
 * `POST /s/{id}/pages/{block}`): 64 KiB, far above a real page (a page's answers are checked
 * against at most 200 keys; a free-text answer defaults to 500 characters) and far below the
 * server's body limit, so a body of 90,000 keys is refused with 413 before it is parsed.
 */
export const answerBodyLimit = 64 * 1024;

/** Refuses bodies over `maxSize` bytes with 413, whether or not Content-Length says so. */
export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  const onError = () => {
    throw new AppError('payload_too_large', `request body exceeds ${maxSize} bytes`, { limit: maxSize });
  };
  const limit = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    // Behind @hono/node-server (c.env.incoming), answer what hono's bodyLimit would without
    // touching `c.req.raw.body`: that getter turns the server's lightweight request into a full
    // fetch Request with a web stream body on every request, which costs more than the route.
    // GET and HEAD have no body there; any other request has one, and with Content-Length and
    // no Transfer-Encoding hono decides from the header alone. Everything else goes to hono's.
    if (nodeIncoming(c.env) !== undefined) {
      const method = c.req.method;
      if (method === 'GET' || method === 'HEAD') return next();
      const headers = c.req.raw.headers;
      if (headers.has('content-length') && !headers.has('transfer-encoding')) {
        return parseInt(headers.get('content-length') || '0', 10) > maxSize ? onError() : next();
      }
    }
    return limit(c, next);
  };
}

/** The last entry of a comma-separated forwarded header: the one the proxy in front of us added. */
function lastForwarded(value: string | undefined): string | undefined {
  const last = value?.split(',').at(-1)?.trim();
  return last === undefined || last === '' ? undefined : last;
}

/**
 * Who the client is, for every per-client limit (session starts, request bodies received at once):
 * the address the proxy in front of us saw (the last X-Forwarded-For entry) when the operator
 * trusts a proxy (BAROMETER_TRUST_PROXY), else the socket's address. Behind a proxy without
 * trust, every client shares the proxy's address; with trust but no header, the socket's.
 */
export function clientIdentity(
  forwardedFor: string | null | undefined,
  socketAddress: string | undefined,
  trustProxy: boolean,
): string {
  return (trustProxy ? lastForwarded(forwardedFor ?? undefined) : undefined) ?? socketAddress ?? 'unknown';
}

/**
 * How the client reached us, decided once per request: https or not, and its address. Forwarded
 * headers (X-Forwarded-Proto, X-Forwarded-For) are anyone's to send, so they count only when the
 * operator says a proxy sets them (`trustProxy`). Every response carries
 * `X-Content-Type-Options: nosniff` (JSON and CSV included), and over https
 * `Strict-Transport-Security`.
 */
export function transport(options: { trustProxy: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const proto = options.trustProxy ? lastForwarded(c.req.header('x-forwarded-proto')) : undefined;
    const https = proto !== undefined ? proto === 'https' : c.req.url.startsWith('https:');
    c.set('https', https);
    const socket = nodeIncoming(c.env)?.socket.remoteAddress;
    c.set('clientAddress', clientIdentity(c.req.header('x-forwarded-for'), socket, options.trustProxy));
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (https) c.header('Strict-Transport-Security', 'max-age=31536000');
  };
}
