/**
 * A small keep-alive HTTP/1.1 JSON client for the load benchmark and the crash test, on undici's
 * connection pool: it costs the load generator less CPU per request than node:http (figures in
 * docs/writes.md), which matters because the load generator shares the machine's cores with the
 * server and PostgreSQL.
 */
import { Pool } from 'undici';

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  /** Wall time of the request in milliseconds (from send to the last byte of the body). */
  readonly ms: number;
}

export interface HttpClient {
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<JsonResponse>;
  close(): void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

function method(m: string): Method {
  if (m === 'GET' || m === 'POST' || m === 'PUT' || m === 'DELETE' || m === 'PATCH' || m === 'HEAD') return m;
  throw new Error(`unsupported method ${m}`);
}

export function httpClient(baseUrl: string, options: { maxSockets?: number; timeoutMs?: number } = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pool = new Pool(baseUrl, {
    connections: options.maxSockets ?? 256,
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async request(m, path, opts = {}) {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const started = performance.now();
      const res = await pool.request({
        method: method(m),
        path,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.body.text();
      let body: unknown = text;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: res.statusCode, body, ms: performance.now() - started };
    },
    close: () => void pool.destroy(),
  };
}
