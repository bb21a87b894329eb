import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '../db/index.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { startServer } from '../src/server.ts';
import { createScratchDb, dbKinds, type ScratchDb } from './helpers/db.ts';
import { spawnTs } from './helpers/process.ts';

describe('graceful shutdown', () => {
  it('SIGTERM lets an in-flight request finish, then refuses new connections and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'barometer-shutdown-'));
    const proc = spawnTs('test/helpers/slow-server.ts', [], { BAROMETER_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const [, url] = await proc.waitFor(/LISTENING (\S+)/);
      const inFlight = fetch(`${url}/test/slow?ms=1500`);
      await new Promise((r) => setTimeout(r, 300));
      proc.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ finished: true, ms: 1500 });
      const { code } = await proc.exited;
      expect(code).toBe(0);
      expect(proc.output()).toContain('"msg":"stopped"');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      proc.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('restart keeps the data', () => {
  const disposers: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const d of disposers) await d();
  });

  for (const kind of dbKinds()) {
    it(`survives a stop and a start [${kind}]`, async () => {
      let env: Record<string, string>;
      if (kind === 'pglite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'barometer-restart-'));
        disposers.push(() => rmSync(dataDir, { recursive: true, force: true }));
        env = { BAROMETER_DATA_DIR: dataDir };
      } else {
        const scratch: ScratchDb = await createScratchDb('postgres', { migrate: false });
        disposers.push(() => scratch.dispose());
        if (!scratch.url) throw new Error('no URL for the scratch database');
        env = { DATABASE_URL: scratch.url };
      }
      const config = loadConfig(env, { port: '0' });
      const first = await startServer(config, { logger: silentLogger });
      expect(first.bootstrap?.openedDemo?.wave).toBe('mp-2026');
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      await first.db.db.insert(schema.studies).values({ slug: 'persisted', title: 'Persisted' });
      await first.stop();

      const second = await startServer(config, { logger: silentLogger });
      try {
        expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
        // Over a real socket, every answer carries its request id: a new one, or a proxy's, with the route's own headers.
        const ready = await fetch(`${second.url}/readyz`);
        expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(ready.headers.get('content-type')).toMatch(/^application\/json/);
        const missing = await fetch(`${second.url}/v1/no-such-route`, { headers: { 'x-request-id': 'proxy-42' } });
        expect(missing.status).toBe(404);
        expect(missing.headers.get('x-request-id')).toBe('proxy-42');
        expect(await missing.json()).toMatchObject({ error: { code: 'not_found', requestId: 'proxy-42' } });
        const rows = await second.db.db.select().from(schema.studies);
        expect(rows.map((r) => r.slug).sort()).toEqual(['migration-perceptions', 'persisted']);
        // The definitions are loaded again, not duplicated, and the demo wave opened only once.
        const waves = await second.db.db.select().from(schema.waves);
        expect(waves.filter((w) => w.status === 'open')).toHaveLength(1);
        expect(second.bootstrap?.openedDemo).toBeUndefined();
        expect(second.bootstrap?.summary.wavesAdded).toBe(0);
      } finally {
        await second.stop();
      }
    });
  }
});
