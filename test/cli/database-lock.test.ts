/**
 * One process per embedded database: the process that opens a PGlite data folder holds a lock
 * file with its PID, and a second handle on the folder is refused naming the holder (a token
 * written beside the server that way was invisible to it; CLI commands beside a running server go
 * through its socket instead: test/cli/beside-server.test.ts); a lock left by a process that died
 * is detected as stale and taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, DataDirLockedError, lockPathOf } from '../../db/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/index.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-lock-'));
  dirs.push(dir);
  return dir;
}

async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: process.cwd(), env };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The lock this process writes on a folder (taken and released). */
async function firstLock(dir: string): Promise<string> {
  const handle = await createDb({ kind: 'pglite', dataDir: dir });
  const text = readFileSync(lockPathOf(dir), 'utf8');
  await handle.close();
  return text;
}

describe('the lock of an embedded database', () => {
  it('a second handle on a held folder is refused naming the holder; closing releases it', async () => {
    const dir = scratchDir();
    const first = await createDb({ kind: 'pglite', dataDir: dir });
    const lock = JSON.parse(readFileSync(lockPathOf(dir), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    await expect(createDb({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    expect(existsSync(lockPathOf(dir))).toBe(false);
    const again = await createDb({ kind: 'pglite', dataDir: dir });
    await again.close();
  });

  it('a lock whose process is gone is stale and taken over', async () => {
    const dir = scratchDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    writeFileSync(
      lockPathOf(dir),
      JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    const handle = await createDb({ kind: 'pglite', dataDir: dir });
    expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).pid).toBe(process.pid);
    await handle.close();
  });

  it('a lock whose PID was reused by another process (container restart, reboot) is stale and taken over', async () => {
    const dir = scratchDir();
    const lock = JSON.parse(await firstLock(dir));
    expect(lock.start).toMatch(/^\d+$/);
    expect(lock.boot).toMatch(/\S/);
    // This process's PID, and PID 1, are alive, but were not the holders: another start time.
    for (const pid of [process.pid, 1]) {
      writeFileSync(
        lockPathOf(dir),
        JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', boot: lock.boot, start: '1' }),
      );
      const handle = await createDb({ kind: 'pglite', dataDir: dir });
      expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).start).toBe(lock.start);
      await handle.close();
    }
    // The right PID and start time, but written on an earlier boot.
    writeFileSync(lockPathOf(dir), JSON.stringify({ ...lock, boot: 'an-earlier-boot' }));
    const handle = await createDb({ kind: 'pglite', dataDir: dir });
    await handle.close();
    // The same PID, boot and start: the holder is this very process, and a second handle is refused.
    const held = await createDb({ kind: 'pglite', dataDir: dir });
    try {
      await expect(createDb({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirLockedError);
    } finally {
      await held.close();
    }
  });

  it('while a process that serves no socket holds the folder, `barometer token create` stops with one line', async () => {
    const dir = scratchDir();
    const held = await createDb({ kind: 'pglite', dataDir: dir });
    try {
      const refused = await cli(['token', 'create', '--name', 'beside', '--role', 'researcher'], {
        BAROMETER_DATA_DIR: dir,
      });
      expect(refused.code).toBe(1);
      expect(refused.out).toBe('');
      expect(refused.err.trim().split('\n')).toHaveLength(1);
      expect(refused.err).toContain(`in use by process ${process.pid}`);
      expect(refused.err).toContain('does not share it');
    } finally {
      await held.close();
    }
    const created = await cli(['token', 'create', '--name', 'after', '--role', 'researcher'], {
      BAROMETER_DATA_DIR: dir,
    });
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/^brm_/);
  });
});
