/**
 * A small keep-alive HTTP/1.1 JSON client over node:http, for the load benchmark and the crash
 * test. Far cheaper per request than global fetch, which matters because the load generator
 * shares the machine's cores with the server and PostgreSQL.
 */
import { Agent, request as httpRequest } from 'node:http';

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  /** Wall time of the request in milliseconds (from send to the last byte of the body). */
  readonly ms: number;
}

export interface HttpClient {
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<JsonResponse>;
  close(): void;
}

export function httpClient(baseUrl: string, options: { maxSockets?: number; timeoutMs?: number } = {}): HttpClient {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: 'lifo' });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    request(method, path, opts = {}) {
      const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const headers: Record<string, string | number> = { accept: 'application/json', ...opts.headers };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      const started = performance.now();
      return new Promise<JsonResponse>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text === '' ? null : JSON.parse(text);
            } catch {
              // keep the text
            }
            resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started });
          });
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
        req.on('error', reject);
        if (payload !== undefined) req.end(payload);
        else req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
