import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoute, z } from '@hono/zod-openapi';
import { createApp, type App } from '../../src/app.ts';
import type { ErrorCode } from '../../src/errors.ts';
import { HttpError } from '../../src/http/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createScratchDb, type ScratchDb } from '../helpers/db.ts';
import { expectError } from '../helpers/http.ts';

const Problems = z.array(z.object({ path: z.string(), message: z.string() }));

describe('the error model', () => {
  let scratch: ScratchDb;
  let app: App;
  beforeAll(async () => {
    scratch = await createScratchDb('pglite');
    app = createApp({ db: scratch.handle, logger: silentLogger, bodyLimit: 2048 });
    for (const code of [
      'unauthorized',
      'forbidden',
      'conflict',
      'unprocessable',
      'rate_limited',
    ] as const satisfies ErrorCode[]) {
      app.get(`/test/${code}`, () => {
        throw new HttpError(
          code,
          `test ${code}`,
          undefined,
          code === 'rate_limited' ? { 'Retry-After': '7' } : undefined,
        );
      });
    }
    app.get('/test/crash', () => {
      throw new Error('secret internals: password=hunter2');
    });
    app.openapi(
      createRoute({
        method: 'post',
        path: '/test/echo',
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({ name: z.string().min(1), age: z.number().int().min(15) }).strict(),
              },
            },
            required: true,
          },
        },
        responses: { 200: { description: 'echo' } },
      }),
      (c) => c.json(c.req.valid('json'), 200),
    );
    app.post('/test/accept', async (c) => c.json({ size: (await c.req.text()).length }));
  });
  afterAll(() => scratch.dispose());

  it('400 names every offending field path', async () => {
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', age: 3.5, extra: true }),
    });
    const body = await expectError(res, 400, 'validation_failed');
    const paths = Problems.parse(body.error.details)
      .map((d) => d.path)
      .sort();
    expect(paths).toEqual(['json', 'json.age', 'json.name'].sort());
    expect(body.error.message).toMatch(/^json/);
  });

  it('400 for malformed JSON', async () => {
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    await expectError(res, 400, 'bad_request');
  });

  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
    ['conflict', 409],
    ['unprocessable', 422],
    ['rate_limited', 429],
  ])('%s → %i with the JSON error shape', async (code, status) => {
    const res = await app.request(`/test/${code}`);
    const body = await expectError(res, status, code);
    expect(body.error.message).toBe(`test ${code}`);
    if (code === 'rate_limited') expect(res.headers.get('retry-after')).toBe('7');
  });

  it('404 for an unknown route', async () => {
    await expectError(await app.request('/no/such/thing'), 404, 'not_found');
  });

  it('500 without internals', async () => {
    const res = await app.request('/test/crash');
    const body = await expectError(res, 500, 'internal');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });

  it('413 for a body over the limit, with or without Content-Length', async () => {
    const big = 'x'.repeat(4096);
    const withLength = await app.request('/test/accept', {
      method: 'POST',
      body: big,
      headers: { 'content-length': String(big.length) },
    });
    await expectError(withLength, 413, 'payload_too_large');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(1000)));
        controller.close();
      },
    });
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', body: stream, duplex: 'half' };
    const chunked = await app.request('/test/accept', init);
    await expectError(chunked, 413, 'payload_too_large');
    const small = await app.request('/test/accept', { method: 'POST', body: 'ok' });
    expect(small.status).toBe(200);
  });

  it('keeps a safe incoming request id and replaces a hostile one', async () => {
    const kept = await app.request('/no/such', { headers: { 'x-request-id': 'proxy-123' } });
    expect((await expectError(kept, 404, 'not_found')).error.requestId).toBe('proxy-123');
    const replaced = await app.request('/no/such', { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect((await expectError(replaced, 404, 'not_found')).error.requestId).not.toContain('<');
  });

  it('serves the home page, for respondents (no operator endpoints listed), and the API description', async () => {
    const home = await app.request('/');
    expect(home.status).toBe(200);
    const text = await home.text();
    expect(text).not.toContain('/healthz');
    expect(text).not.toContain('/readyz');
    expect(text).not.toContain('openapi.json');
    const doc = await app.request('/v1/openapi.json');
    expect(doc.status).toBe(200);
    const spec = z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).parse(await doc.json());
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
  });

  it('documents every registered /v1 route in the API description', async () => {
    const doc = await app.request('/v1/openapi.json');
    const spec = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) }).parse(await doc.json());
    // hono's router: every route with its method (middleware is registered as ALL, not a route).
    const registered = app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.path !== '/v1/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    const routes = [...new Set(registered)];
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
  });
});
