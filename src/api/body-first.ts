/**
 * Request bodies are read in full before a request competes for a concurrency slot.
 *
 * A client that announces a body and sends it slowly (or never) would otherwise hold one of the
 * bounded slots (api/concurrency.ts) while the route waits for its bytes: a few hundred such
 * connections from one address made every route answer 503. Here the body is read first, with
 * a deadline (408 when it has not arrived in time), a size cap (413), and a cap on the bodies
 * being received at once from one address (429); the route then gets a Request whose body is
 * already in memory. A client that goes away in the middle of its body is a client abort
 * (ClientAbortError), logged as such, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

export interface BodyFirstOptions {
  /** Largest body accepted, in bytes (the server's body limit). */
  readonly maxBytes: number;
  /** How long a body may take to arrive, from the start of the request (ms). */
  readonly timeoutMs: number;
  /** Bodies being received at once from one client; beyond it, 429. */
  readonly maxPerAddress: number;
  /**
   * The client a request counts against (the same identity as every other per-client limit:
   * http/middleware.ts `clientIdentity`); default the socket's address.
   */
  readonly clientOf?: (request: Request, socketAddress: string | undefined) => string;
  /** Told when a client goes away in the middle of its body (nobody is left to answer). */
  readonly onClientAbort?: (request: Request, err: ClientAbortError) => void;
}

/** The client closed the connection before its request body was complete. */
export class ClientAbortError extends Error {
  constructor(readonly received: number) {
    super(`the client went away after ${received} bytes of the request body`);
    this.name = 'ClientAbortError';
  }
}

const acceptedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** An answer in the API's JSON error shape, given before the app runs; closes the connection. */
export function earlyError(
  request: Request,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming !== null && acceptedRequestId.test(incoming) ? incoming : randomUUID();
  return new Response(JSON.stringify({ error: { code, message, requestId } }), {
    status,
    headers: {
      'content-type': 'application/json',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
      connection: 'close',
      ...headers,
    },
  });
}

function hasBody(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== null && length !== '0');
}

type Outcome = { kind: 'body'; bytes: Buffer } | { kind: 'too_large' } | { kind: 'timeout' };

function readAll(incoming: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('aborted', onAbort);
      incoming.off('error', onAbort);
      incoming.off('close', onClose);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.pause();
        done(() => resolve({ kind: 'too_large' }));
      } else chunks.push(chunk);
    };
    const onEnd = () =>
      done(() =>
        resolve({ kind: 'body', bytes: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks) }),
      );
    const onAbort = () => done(() => reject(new ClientAbortError(size)));
    const onClose = () => {
      if (!incoming.complete) onAbort();
    };
    const timer = setTimeout(() => {
      incoming.pause();
      done(() => resolve({ kind: 'timeout' }));
    }, timeoutMs);
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('aborted', onAbort);
    incoming.once('error', onAbort);
    incoming.once('close', onClose);
  });
}

/**
 * Wraps a fetch handler of @hono/node-server so that it sees only requests whose body has
 * arrived. Requests without a body pass straight through.
 */
export function readBodiesFirst<E extends { readonly incoming?: unknown }>(
  fetch: (request: Request, env: E) => Promise<Response>,
  options: BodyFirstOptions,
): (request: Request, env: E) => Promise<Response> {
  const receiving = new Map<string, number>();
  return async (request, env) => {
    const incoming = env.incoming;
    if (!hasBody(request) || !isIncoming(incoming) || incoming.readableEnded) return fetch(request, env);
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes) return fetch(request, env); // limitBody answers 413 from the header
    const address =
      options.clientOf?.(request, incoming.socket.remoteAddress) ?? incoming.socket.remoteAddress ?? 'unknown';
    const current = receiving.get(address) ?? 0;
    if (current >= options.maxPerAddress) {
      return earlyError(
        request,
        429,
        'rate_limited',
        `too many request bodies being received from this client (at most ${options.maxPerAddress} at once)`,
        { 'retry-after': '1' },
      );
    }
    receiving.set(address, current + 1);
    let outcome: Outcome;
    try {
      outcome = await readAll(incoming, options.maxBytes, options.timeoutMs);
    } catch (err) {
      if (!(err instanceof ClientAbortError)) throw err;
      options.onClientAbort?.(request, err);
      return earlyError(request, 400, 'bad_request', err.message); // written to a closed socket: nobody reads it
    } finally {
      const left = (receiving.get(address) ?? 1) - 1;
      if (left === 0) receiving.delete(address);
      else receiving.set(address, left);
    }
    if (outcome.kind === 'timeout') {
      return earlyError(
        request,
        408,
        'request_timeout',
        `the request body did not arrive within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    if (outcome.kind === 'too_large') {
      return earlyError(request, 413, 'payload_too_large', `request body exceeds ${options.maxBytes} bytes`);
    }
    const headers = new Headers(request.headers);
    headers.delete('transfer-encoding');
    headers.set('content-length', String(outcome.bytes.length));
    const body = new Uint8Array(outcome.bytes); // a copy backed by a plain ArrayBuffer, as BodyInit wants
    return fetch(new Request(request.url, { method: request.method, headers, body }), env);
  };
}

function isIncoming(value: unknown): value is IncomingMessage {
  return value instanceof IncomingMessage;
}
