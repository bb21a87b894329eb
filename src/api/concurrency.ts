/**
 * Bounds the work in flight in front of the database.
 *
 * The database handle (db/pool.ts) serves at most one statement per connection and makes callers
 * wait in its own O(1) FIFO, so the `postgres` driver never pipelines or queues internally (the
 * cause of the decay under load: see db/pool.ts and bench/ingest-driver-queue.ts); respondent
 * writes of concurrent requests share one statement per batch (collection/batch.ts). This
 * wrapper bounds the requests at work (server.ts sets the limit) and what waits: a FIFO queue of
 * bounded length and bounded wait; beyond either, requests are shed with 503 and `Retry-After` in
 * the API's JSON error shape — fast, cheap and retryable, instead of an ever-growing backlog and
 * latency.
 */
import { randomUUID } from 'node:crypto';

export interface ConcurrencyLimitOptions {
  /** Requests allowed to run at once (use the database pool size). */
  readonly limit: number;
  /** Requests allowed to wait for a slot; beyond this, new requests are shed at once. */
  readonly maxQueue: number;
  /** Longest a request waits for a slot before it is shed (ms). */
  readonly maxWaitMs: number;
}

export interface Semaphore {
  /** Resolves with a release function, or with undefined when the request is shed. */
  acquire(): Promise<(() => void) | undefined>;
  readonly inFlight: number;
  readonly waiting: number;
  /** Requests shed so far (queue full or waited too long). */
  readonly shed: number;
}

interface Waiter {
  readonly resolve: (release: (() => void) | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

/** A counting semaphore with a bounded FIFO wait queue and a bounded wait. */
export function semaphore(options: ConcurrencyLimitOptions): Semaphore {
  const { limit, maxQueue, maxWaitMs } = options;
  if (!(limit >= 1)) throw new RangeError('limit must be at least 1');
  let inFlight = 0;
  let shed = 0;
  // A ring-free queue: head index plus periodic compaction keeps shift O(1) amortised.
  let queue: (Waiter | undefined)[] = [];
  let head = 0;
  let waiting = 0;

  const release = () => {
    while (head < queue.length) {
      const next = queue[head];
      queue[head++] = undefined;
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      if (next === undefined) continue; // timed out
      waiting--;
      clearTimeout(next.timer);
      next.resolve(once());
      return;
    }
    inFlight--;
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };

  return {
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return waiting;
    },
    get shed() {
      return shed;
    },
    acquire() {
      if (inFlight < limit) {
        inFlight++;
        return Promise.resolve(once());
      }
      if (waiting >= maxQueue) {
        shed++;
        return Promise.resolve(undefined);
      }
      return new Promise((resolve) => {
        const index = queue.length;
        const timer = setTimeout(() => {
          if (queue[index] === undefined) return;
          queue[index] = undefined;
          waiting--;
          shed++;
          resolve(undefined);
        }, maxWaitMs);
        queue.push({ resolve, timer });
        waiting++;
      });
    },
  };
}

/**
 * Paths that must answer even when the server is saturated: liveness, and readiness, which says
 * "saturated" (503) from the semaphore's counts before touching the database.
 */
const unlimited = new Set(['/healthz', '/readyz']);

/** The path of an absolute URL (`http://host/path?query` → `/path`) without parsing all of it. */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = Math.min(query < 0 ? url.length : query, hash < 0 ? url.length : hash);
  return url.slice(start, end);
}

/**
 * Wraps a fetch handler so that at most `limit` requests run at once; the rest queue (FIFO) or are
 * shed with 503 `{"error":{"code":"unavailable",...}}` and `Retry-After: 1`.
 */
export function limitConcurrency<A extends unknown[]>(
  fetch: (request: Request, ...rest: A) => Response | Promise<Response>,
  options: ConcurrencyLimitOptions,
): { fetch: (request: Request, ...rest: A) => Promise<Response>; semaphore: Semaphore } {
  const sem = semaphore(options);
  return {
    semaphore: sem,
    async fetch(request, ...rest) {
      if (unlimited.has(pathOf(request.url))) return fetch(request, ...rest);
      const release = await sem.acquire();
      if (release === undefined) return overloaded(request);
      let response: Response;
      try {
        response = await fetch(request, ...rest);
      } catch (err) {
        release();
        throw err;
      }
      return releaseWhenDone(response, release);
    },
  };
}

/**
 * Releases at once for ordinary responses; a streamed body (a CSV export reading the database
 * batch by batch) keeps its slot until the stream ends or the client goes away.
 */
function releaseWhenDone(response: Response, release: () => void): Response {
  // The content type first: reading `body` of @hono/node-server's lightweight Response turns it
  // into a full fetch Response with a web stream, which then has to be read back chunk by chunk.
  const type = response.headers.get('content-type') ?? '';
  if (
    type.startsWith('application/json') ||
    type.startsWith('text/html') ||
    type.startsWith('text/plain') ||
    response.body === null
  ) {
    release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        release();
        controller.error(err);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

const acceptedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

function overloaded(request: Request): Response {
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming !== null && acceptedRequestId.test(incoming) ? incoming : randomUUID();
  const body = {
    error: {
      code: 'unavailable',
      message: 'the server is busy; retry in a moment (with the same Idempotency-Key for writes)',
      requestId,
    },
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: {
      'content-type': 'application/json',
      'x-content-type-options': 'nosniff',
      'retry-after': '1',
      'x-request-id': requestId,
    },
  });
}
