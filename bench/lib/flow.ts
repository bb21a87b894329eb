/**
 * One synthetic respondent taking a wave over HTTP: start (with consent), answer every page
 * with `simulatedAnswers`, submit. Used by the ingest benchmark and the crash test.
 */
import { randomUUID } from 'node:crypto';
import type { PageView } from '../../src/collection/schemas.ts';
import { sequence, simulatedAnswers } from '../../src/collection/simulate.ts';
import type { HttpClient, JsonResponse } from './http.ts';

export interface FlowOptions {
  /** Send an Idempotency-Key with every write (default true). */
  readonly idempotency?: boolean;
  /** Called with each request's outcome (for latency and throughput accounting). */
  readonly onRequest?: (kind: 'start' | 'save' | 'submit', res: JsonResponse) => void;
  /**
   * Retry a write with the same Idempotency-Key after a connection error or a 5xx/429, until it
   * succeeds or `retryUntil` (epoch ms) passes. Without it the first failure ends the flow.
   */
  readonly retryUntil?: number;
  readonly seed?: number;
}

/** What the server acknowledged (2xx) during a flow. */
export interface FlowAcks {
  sessionId?: string;
  readonly pages: { readonly blockId: string; readonly answers: Record<string, unknown> }[];
  responseId?: string;
  /** Writes acknowledged only after at least one failed attempt (retried with the same key). */
  retriedWrites: number;
}

export class FlowError extends Error {
  constructor(
    message: string,
    readonly acks: FlowAcks,
  ) {
    super(message);
    this.name = 'FlowError';
  }
}

interface Started {
  sessionId: string;
  secret: string;
  page: PageView | null;
}

function isStarted(x: unknown): x is Started {
  return (
    typeof x === 'object' &&
    x !== null &&
    'sessionId' in x &&
    typeof x.sessionId === 'string' &&
    'secret' in x &&
    typeof x.secret === 'string'
  );
}

function pageOf(x: unknown): PageView | null {
  if (typeof x === 'object' && x !== null && 'page' in x) return (x.page ?? null) as PageView | null;
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function respondentFlow(client: HttpClient, waveId: string, options: FlowOptions = {}): Promise<FlowAcks> {
  const acks: FlowAcks = { pages: [], retriedWrites: 0 };
  const idem = options.idempotency !== false;
  const random = sequence(options.seed ?? Math.floor(Math.random() * 2 ** 31));
  const write = async (
    kind: 'start' | 'save' | 'submit',
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<JsonResponse> => {
    const key = idem ? randomUUID() : undefined;
    // A start's retry gets its secret back only with the nonce the first attempt sent (start-receipt.ts).
    const nonce: Record<string, string> = kind === 'start' ? { 'idempotency-nonce': randomUUID() } : {};
    const h = key === undefined ? headers : { ...headers, 'idempotency-key': key, ...nonce };
    for (let attempt = 0; ; attempt++) {
      let res: JsonResponse | undefined;
      let failure: string;
      try {
        res = await client.request(method, path, { body, headers: h });
        options.onRequest?.(kind, res);
        if (res.status >= 200 && res.status < 300) {
          if (attempt > 0) acks.retriedWrites++;
          return res;
        }
        failure = `${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        const retryable =
          res.status >= 500 ||
          res.status === 429 ||
          (res.status === 409 && /in progress; retry/.test(JSON.stringify(res.body)));
        if (!retryable || options.retryUntil === undefined) throw new FlowError(failure, acks);
      } catch (err) {
        if (err instanceof FlowError) throw err;
        failure = `${method} ${path}: ${err instanceof Error ? err.message : String(err)}`;
        if (options.retryUntil === undefined) throw new FlowError(failure, acks);
      }
      if (Date.now() > options.retryUntil)
        throw new FlowError(`gave up after ${attempt + 1} attempts: ${failure}`, acks);
      await sleep(Math.min(500, 20 * 2 ** Math.min(attempt, 5)));
    }
  };

  const started = await write('start', 'POST', `/v1/waves/${waveId}/sessions`, { consent: true }, {});
  if (!isStarted(started.body))
    throw new FlowError(`unexpected start body ${JSON.stringify(started.body).slice(0, 200)}`, acks);
  const { sessionId, secret } = started.body;
  acks.sessionId = sessionId;
  const auth = { 'x-session-secret': secret };
  let page = started.body.page;
  for (let guard = 0; page !== null && guard < 100; guard++) {
    const answers = simulatedAnswers(page, random);
    const saved = await write('save', 'PUT', `/v1/sessions/${sessionId}/pages/${page.blockId}`, { answers }, auth);
    acks.pages.push({ blockId: page.blockId, answers });
    page = pageOf(saved.body);
  }
  const submitted = await write('submit', 'POST', `/v1/sessions/${sessionId}/submit`, undefined, auth);
  const body = submitted.body;
  if (typeof body === 'object' && body !== null && 'responseId' in body && typeof body.responseId === 'string')
    acks.responseId = body.responseId;
  else throw new FlowError(`unexpected submit body ${JSON.stringify(body).slice(0, 200)}`, acks);
  return acks;
}
