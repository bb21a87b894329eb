/**
 * The CLI beside a running server on the embedded database: the server serves its PGlite on a
 * socket in the data folder, and `barometer token` / `barometer waves` reach the server's
 * database through it (one PGlite, the server's) — a token created that way is accepted by the
 * API at once. A server killed with SIGKILL leaves its lock and socket behind: the next command
 * finds them stale, removes the socket and opens PGlite itself; a server stopped with SIGTERM
 * removes both.
 */
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockPathOf, socketName } from '../../db/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/index.ts';
import { spawnTs, type Spawned } from '../helpers/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'barometer-beside-'));
const servers: Spawned[] = [];
afterAll(() => {
  for (const s of servers) s.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd: process.cwd(),
    env: { BAROMETER_DATA_DIR: dir },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Starts `barometer serve` on the data folder; resolves with its URL and PID once it listens. */
async function serve(): Promise<{ server: Spawned; url: string; pid: number }> {
  const server = spawnTs('bin/barometer.js', ['serve', '--port', '0', '--data-dir', dir, '--demo', 'false'], {
    LOG_LEVEL: 'info',
  });
  servers.push(server);
  const [, url = '', pid] = await server.waitFor(/"msg":"listening".*"url":"([^"]+)".*"pid":(\d+)/, 90_000);
  return { server, url, pid: Number(pid) };
}

async function waveCodes(url: string, token: string): Promise<string[]> {
  const res = await fetch(`${url}/v1/research/waves`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body: unknown = await res.json();
  if (typeof body !== 'object' || body === null || !('waves' in body) || !Array.isArray(body.waves))
    throw new Error('expected { waves: [...] }');
  return body.waves.map((w: unknown) => String(typeof w === 'object' && w !== null && 'code' in w ? w.code : ''));
}

const socket = join(dir, socketName);
const viaServer = (pid: number) => `using the database of the running server (process ${pid}) through ${socket}`;

describe('the CLI beside a running server on the embedded database', () => {
  it('creates a token the API accepts at once, lists the waves, and outlives a killed server', async () => {
    const first = await serve();
    expect(lstatSync(socket).isSocket()).toBe(true);
    expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8'))).toMatchObject({ pid: first.pid, socket });

    const created = await cli(['token', 'create', '--name', 'while-serving', '--role', 'researcher']);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/^brm_\S+\n$/);
    expect(created.err).toContain(viaServer(first.pid));
    const token = created.out.trim();
    const codes = await waveCodes(first.url, token);
    expect(codes.length).toBeGreaterThan(0);

    const waves = await cli(['waves']);
    expect(waves.code, waves.err).toBe(0);
    expect(waves.err).toContain(viaServer(first.pid));
    for (const code of codes) expect(waves.out).toContain(code);

    // Killed: the lock and the socket stay behind, stale.
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    expect(lstatSync(socket).isSocket()).toBe(true);
    const after = await cli(['token', 'create', '--name', 'after-kill', '--role', 'viewer']);
    expect(after.code, after.err).toBe(0);
    expect(after.out).toMatch(/^brm_/);
    expect(after.err).not.toContain('running server');
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(lockPathOf(dir))).toBe(false);

    // A new server has both tokens; stopped with SIGTERM, it removes its socket and lock.
    const second = await serve();
    expect(await waveCodes(second.url, token)).toEqual(codes);
    expect(await waveCodes(second.url, after.out.trim())).toEqual(codes);
    const again = await cli(['waves']);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain(viaServer(second.pid));
    second.server.child.kill('SIGTERM');
    expect((await second.server.exited).code).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(lockPathOf(dir))).toBe(false);
  }, 240_000);
});
