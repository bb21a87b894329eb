/**
 * Stalled request bodies cannot take the server down. 300 connections from one address announce
 * a 100-byte body and send 10 bytes: bodies are read before a request takes a concurrency slot,
 * at most 64 at once per address (the rest: 429 at once), and a body that has not arrived after
 * the body timeout gets 408 — while normal clients from another address are served as usual and
 * /readyz says ready. And /readyz reports saturation (503 "saturated") while requests queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, silentLogger, type Logger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createScratchDb } from '../helpers/db.ts';
import { definitionsDir } from '../helpers/collection.ts';

interface Stalled {
  readonly socket: Socket;
  /** The raw response, once the server answers. */
  readonly answered: Promise<string>;
}

/** A connection from 127.0.0.2 that announces a 100-byte JSON body and sends 10 bytes of it. */
function stalledStart(port: number, path: string, forwardedFor?: string): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
    let data = '';
    const answered = new Promise<string>((done) => {
      socket.on('data', (c: Buffer) => {
        data += c.toString('utf8');
        if (data.includes('\r\n\r\n')) done(data);
      });
      socket.on('close', () => done(data));
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\n${forwardedFor ? `X-Forwarded-For: ${forwardedFor}\r\n` : ''}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"consent"`,
        () => resolve({ socket, answered }),
      );
    });
  });
}

/** A server on a fresh PGlite folder with the definitions loaded and no start limit; `env` adds to its configuration. */
async function slowServer(
  env: Record<string, string>,
  logger: Logger,
): Promise<{ server: RunningServer; dispose: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'barometer-slow-'));
  const config = loadConfig({
    PORT: '0',
    BAROMETER_DATA_DIR: dataDir,
    BAROMETER_DEFINITIONS: definitionsDir,
    BAROMETER_RATE_LIMIT: '0',
    ...env,
  });
  const server = await startServer(config, { logger });
  return {
    server,
    dispose: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const statusOf = (raw: string) => Number(raw.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);

describe('slow clients', () => {
  let server: RunningServer;
  let dispose: (() => Promise<void>) | undefined;
  let waveId: string;
  const lines: string[] = [];
  beforeAll(async () => {
    ({ server, dispose } = await slowServer(
      { BAROMETER_BODY_TIMEOUT: '3' },
      createLogger('info', (l) => lines.push(l)),
    ));
    const opened = server.bootstrap?.openedDemo?.id;
    if (opened === undefined) throw new Error('the demo wave did not open');
    waveId = opened;
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('300 stalled bodies from one address: normal clients are still served; the stalled get 429 or 408', async () => {
    const stalled = await Promise.all(
      Array.from({ length: 300 }, () => stalledStart(server.port, `/v1/waves/${waveId}/sessions`)),
    );
    try {
      // Give the server time to take every stalled request in (not an assertion on time).
      await Promise.race([
        Promise.all(stalled.slice(0, 236).map((s) => s.answered)),
        new Promise((r) => setTimeout(r, 6000)),
      ]);
      const waves = await fetch(`${server.url}/v1/waves`);
      expect(waves.status).toBe(200);
      const started = await fetch(`${server.url}/v1/waves/${waveId}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ consent: true }),
      });
      expect(started.status).toBe(201);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const answers = await Promise.all(stalled.map((s) => s.answered));
      const statuses = answers.map(statusOf);
      expect(statuses.filter((s) => s === 429)).toHaveLength(300 - 64);
      expect(statuses.filter((s) => s === 408)).toHaveLength(64);
      const timedOut = answers.find((a) => statusOf(a) === 408) ?? '';
      expect(timedOut).toMatch(/content-type: application\/json/i);
    } finally {
      for (const s of stalled) s.socket.destroy();
    }
  });

  it('a client that goes away in the middle of its body is logged as a client abort, not as a 500', async () => {
    const { socket } = await stalledStart(server.port, `/v1/waves/${waveId}/sessions`);
    socket.destroy();
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('"msg":"client aborted"')); i++)
      await new Promise((r) => setTimeout(r, 100));
    const abort = lines.find((l) => l.includes('"msg":"client aborted"'));
    expect(abort).toBeDefined();
    expect(JSON.parse(abort ?? '{}')).toMatchObject({
      level: 'info',
      method: 'POST',
      path: `/v1/waves/${waveId}/sessions`,
      received: 10,
    });
    expect(lines.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });
});

describe('/readyz under saturation', () => {
  it('answers 503 "saturated" with the counts while requests queue for a slot, 200 otherwise', async () => {
    const scratch = await createScratchDb('pglite');
    try {
      let load = { inFlight: 256, waiting: 3, limit: 256 };
      const app = createApp({ db: scratch.handle, logger: silentLogger, bodyLimit: 64 * 1024, load: () => load });
      const busy = await app.request('/readyz');
      expect(busy.status).toBe(503);
      expect(await busy.json()).toMatchObject({
        error: { code: 'unavailable', details: { reason: 'saturated', inFlight: 256, waiting: 3, limit: 256 } },
      });
      load = { inFlight: 10, waiting: 0, limit: 256 };
      expect((await app.request('/readyz')).status).toBe(200);
    } finally {
      await scratch.dispose();
    }
  });
});

describe('slow clients behind a trusted proxy (BAROMETER_TRUST_PROXY)', () => {
  let server: RunningServer;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ server, dispose } = await slowServer(
      { BAROMETER_BODY_TIMEOUT: '2', BAROMETER_TRUST_PROXY: 'true' },
      silentLogger,
    ));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('counts bodies being received per client as the proxy names it, like every other per-client limit', async () => {
    // All from one socket (the proxy's): 70 clients with one stalled body each, then one client with 70.
    const path = '/v1/waves/none/sessions';
    const many = await Promise.all(
      Array.from({ length: 70 }, (_, i) => stalledStart(server.port, path, `198.51.100.${i}`)),
    );
    const one = await Promise.all(Array.from({ length: 70 }, () => stalledStart(server.port, path, '203.0.113.9')));
    try {
      const statuses = async (list: Stalled[]) => (await Promise.all(list.map((s) => s.answered))).map(statusOf);
      // 70 clients: each body waits for its bytes (408 at the timeout), none refused for another's.
      expect((await statuses(many)).filter((s) => s === 429)).toHaveLength(0);
      // One client: 64 at once, the other 6 refused at once.
      const own = await statuses(one);
      expect(own.filter((s) => s === 429)).toHaveLength(6);
      expect(own.filter((s) => s === 408)).toHaveLength(64);
    } finally {
      for (const s of [...many, ...one]) s.socket.destroy();
    }
  });
});
