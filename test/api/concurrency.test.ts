/** The bound on requests at work (src/api/concurrency.ts), without a database or a socket. */
import { describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { limitConcurrency, pathOf } from '../../src/api/concurrency.ts';

const json = () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });

describe('limitConcurrency', () => {
  it('finds the path of an absolute URL without its query or fragment', () => {
    expect(pathOf('http://127.0.0.1:8080/healthz')).toBe('/healthz');
    expect(pathOf('http://h/healthz?x=/y')).toBe('/healthz');
    expect(pathOf('https://h:1/a/b#c')).toBe('/a/b');
    expect(pathOf('http://h')).toBe('/');
  });

  it('runs at most `limit` requests at once, queues the next ones, and sheds past the queue with 503 and Retry-After', async () => {
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const limited = limitConcurrency(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        return json();
      },
      { limit: 2, maxQueue: 2, maxWaitMs: 10_000 },
    );
    const req = () => limited.fetch(new Request('http://h/v1/waves'));
    const answers = [req(), req(), req(), req(), req()];
    const shed = await answers[4];
    expect(shed?.status).toBe(503);
    expect(shed?.headers.get('retry-after')).toBe('1');
    expect(await shed?.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(limited.semaphore.inFlight).toBe(2);
    expect(limited.semaphore.waiting).toBe(2);
    while (gates.length > 0 || limited.semaphore.inFlight > 0) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    const statuses = (await Promise.all(answers.slice(0, 4))).map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(most).toBe(2);
  });

  it('releases at once for a JSON answer, but holds the slot while a streamed body is read', async () => {
    let push: ((chunk: string | null) => void) | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk)));
      },
    });
    const limited = limitConcurrency(
      async (r: Request) =>
        r.url.endsWith('/csv') ? new Response(stream, { headers: { 'content-type': 'text/csv' } }) : json(),
      {
        limit: 1,
        maxQueue: 0,
        maxWaitMs: 1000,
      },
    );
    await limited.fetch(new Request('http://h/json'));
    expect(limited.semaphore.inFlight).toBe(0);
    const csv = await limited.fetch(new Request('http://h/csv'));
    expect(limited.semaphore.inFlight).toBe(1);
    expect((await limited.fetch(new Request('http://h/json'))).status).toBe(503);
    push?.('a,b\n');
    push?.(null);
    expect(await csv.text()).toBe('a,b\n');
    expect(limited.semaphore.inFlight).toBe(0);
  });

  it('behind @hono/node-server, holds the slot until the Node response has closed: at once for JSON, at the end of a stream', async () => {
    let push: ((chunk: string | null) => void) | undefined;
    const limited = limitConcurrency(
      async (r: Request) => {
        if (!r.url.endsWith('/csv')) return json();
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            push = (chunk) =>
              chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk));
          },
        });
        return new Response(stream, { headers: { 'content-type': 'text/csv' } });
      },
      { limit: 1, maxQueue: 0, maxWaitMs: 1000 },
    );
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: limited.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const base = `http://127.0.0.1:${address.port}`;
      const first = await fetch(`${base}/json`);
      expect(await first.json()).toEqual({ ok: true });
      await until(() => limited.semaphore.inFlight === 0);
      const csv = await fetch(`${base}/csv`);
      expect(limited.semaphore.inFlight).toBe(1);
      expect((await fetch(`${base}/json`)).status).toBe(503);
      push?.('a,b\n');
      push?.(null);
      expect(await csv.text()).toBe('a,b\n');
      await until(() => limited.semaphore.inFlight === 0);
      expect((await fetch(`${base}/json`)).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

/** Waits (up to 2 s) for a condition that the server reaches after the client has its answer. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
