/**
 * The embedded database served on a Unix socket in its data folder (db/socket.ts): a handle opened
 * with `viaServer` reaches the holder's PGlite through it, and the two take turns on the one
 * backend — the holder's statements never run inside a client's transaction, a client that
 * disconnects mid-transaction is rolled back, and the socket goes away with the holder.
 */
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/process.ts';
import { createDb, DataDirLockedError, lockPathOf, rowsOf, socketName, type DbHandle } from '../../db/index.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function served(subfolder = ''): Promise<{ dir: string; holder: DbHandle }> {
  const scratch = mkdtempSync(join(tmpdir(), 'barometer-socket-'));
  dirs.push(scratch);
  const dir = join(scratch, subfolder);
  const holder = await createDb({ kind: 'pglite', dataDir: dir, serveSocket: true });
  await holder.db.execute(sql`create table seen (who text not null)`);
  return { dir, holder };
}

async function whoIsSeen(handle: DbHandle): Promise<string[]> {
  const rows = rowsOf<{ who: string }>(await handle.db.execute(sql`select who from seen order by who`));
  return rows.map((r) => r.who);
}

describe('the embedded database on a socket', () => {
  it('is served in the data folder (0600), recorded in the lock, and removed on close', async () => {
    const { dir, holder } = await served();
    const path = join(dir, socketName);
    expect(holder.socket).toBe(path);
    expect(lstatSync(path).isSocket()).toBe(true);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).socket).toBe(path);
    await holder.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(lockPathOf(dir))).toBe(false);
  });

  it('a `viaServer` handle reads and writes the holder’s database through it', async () => {
    const { dir, holder } = await served();
    const client = await createDb({ kind: 'pglite', dataDir: dir, viaServer: true });
    try {
      expect(client.kind).toBe('postgres');
      expect(client.server).toEqual({ pid: process.pid, socket: join(dir, socketName) });
      await client.migrate();
      await client.db.execute(sql`insert into seen values ('client')`);
      expect(await whoIsSeen(holder)).toEqual(['client']);
      await holder.db.execute(sql`insert into seen values ('holder')`);
      expect(await whoIsSeen(client)).toEqual(['client', 'holder']);
      const prepared = sql`select count(*)::int as n from pg_prepared_statements`;
      expect(rowsOf<{ n: number }>(await holder.db.execute(prepared))[0]?.n).toBeGreaterThan(0);
      await client.close();
      // The statements the client prepared on the shared backend are deallocated once it is gone.
      for (let i = 0; i < 50; i++) {
        if (rowsOf<{ n: number }>(await holder.db.execute(prepared))[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(rowsOf<{ n: number }>(await holder.db.execute(prepared))[0]?.n).toBe(0);
    } finally {
      await client.close();
      await holder.close();
    }
  });

  it('the holder’s statements wait for a client’s transaction instead of running inside it', async () => {
    const { dir, holder } = await served();
    const client = await createDb({ kind: 'pglite', dataDir: dir, viaServer: true });
    try {
      let holderWrote = false;
      const rolledBack = client.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into seen values ('client, rolled back')`);
          // The holder writes while the client's transaction is open: it must wait for it.
          const write = holder.db.execute(sql`insert into seen values ('holder')`).then(() => (holderWrote = true));
          await new Promise((r) => setTimeout(r, 200));
          expect(holderWrote).toBe(false);
          void write;
          throw new Error('roll back');
        })
        .catch((err: unknown) => err);
      expect(await rolledBack).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 50));
      expect(holderWrote).toBe(true);
      expect(await whoIsSeen(holder)).toEqual(['holder']);
      // And a transaction of the holder is not entered by the client's statements.
      await holder.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into seen values ('holder, rolled back')`);
          const read = whoIsSeen(client);
          await new Promise((r) => setTimeout(r, 100));
          tx.rollback();
          await read;
        })
        .catch(() => {});
      expect(await whoIsSeen(client)).toEqual(['holder']);
    } finally {
      await client.close();
      await holder.close();
    }
  });

  it('a client that disconnects inside a transaction is rolled back and the holder goes on', async () => {
    const { dir, holder } = await served();
    try {
      const socket = createConnection(join(dir, socketName));
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const startup = Buffer.concat([
        Buffer.from([0, 0, 0, 0, 0, 3, 0, 0]),
        Buffer.from('user\0postgres\0database\0postgres\0\0'),
      ]);
      startup.writeInt32BE(startup.length, 0);
      const q = (text: string) => {
        const body = Buffer.from(`${text}\0`);
        const head = Buffer.alloc(5);
        head.write('Q');
        head.writeInt32BE(4 + body.length, 1);
        return Buffer.concat([head, body]);
      };
      let received = '';
      socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
      socket.write(startup);
      socket.write(q("begin; insert into seen values ('gone')"));
      await new Promise((r) => setTimeout(r, 200));
      expect(received).toContain('INSERT 0 1');
      socket.destroy();
      await holder.db.execute(sql`insert into seen values ('holder')`);
      expect(await whoIsSeen(holder)).toEqual(['holder']);
    } finally {
      await holder.close();
    }
  });

  it('a data folder whose socket path would be too long for a Unix socket is served from a private temporary folder', async () => {
    const { dir, holder } = await served('a-long-folder-name-'.repeat(6));
    const path = holder.socket ?? '';
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(Buffer.byteLength(path)).toBeLessThanOrEqual(103);
    expect(lstatSync(dirname(path)).mode & 0o777).toBe(0o700);
    const client = await createDb({ kind: 'pglite', dataDir: dir, viaServer: true });
    try {
      expect(client.server?.socket).toBe(path);
      await client.db.execute(sql`insert into seen values ('client')`);
      expect(await whoIsSeen(holder)).toEqual(['client']);
    } finally {
      await client.close();
      await holder.close();
    }
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('a holder that serves no socket (another command) is not shared: `viaServer` is refused naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'barometer-socket-'));
    dirs.push(dir);
    const holder = await createDb({ kind: 'pglite', dataDir: dir });
    try {
      await expect(createDb({ kind: 'pglite', dataDir: dir, viaServer: true })).rejects.toThrow(DataDirLockedError);
    } finally {
      await holder.close();
    }
  });

  it('where no socket can be made in the data folder (here a file in the way), one is made in a temporary folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'barometer-socket-'));
    dirs.push(dir);
    writeFileSync(join(dir, socketName), 'not a socket');
    const holder = await createDb({ kind: 'pglite', dataDir: dir, serveSocket: true });
    const path = holder.socket ?? '';
    try {
      expect(holder.socketProblem).toBeUndefined();
      expect(dirname(path)).not.toBe(dir);
      expect(lstatSync(path).isSocket()).toBe(true);
      expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).socket).toBe(path);
    } finally {
      await holder.close();
    }
    expect(existsSync(dirname(path))).toBe(false);
    expect(readFileSync(join(dir, socketName), 'utf8')).toBe('not a socket');
  });

  it('a holder killed with SIGKILL leaves a stale lock and socket: the next opener removes the socket and its temporary folder', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'barometer-socket-'));
    dirs.push(scratch);
    const dir = join(scratch, 'a-long-folder-name-'.repeat(6));
    const code = `const { createDb } = await import(${JSON.stringify(join(repoRoot, 'db/index.ts'))});
      const h = await createDb({ kind: 'pglite', dataDir: ${JSON.stringify(dir)}, serveSocket: true });
      process.stdout.write(h.socket + '\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const path = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', () => reject(new Error(`the holder exited: ${out}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(lstatSync(path).isSocket()).toBe(true);
    expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).socket).toBe(path);
    const opened = await createDb({ kind: 'pglite', dataDir: dir, viaServer: true });
    try {
      expect(opened.kind).toBe('pglite');
      expect(existsSync(dirname(path))).toBe(false);
    } finally {
      await opened.close();
    }
  });

  it('a client sending a malformed packet is disconnected and the holder goes on', async () => {
    const { dir, holder } = await served();
    try {
      const socket = createConnection(join(dir, socketName));
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => {});
      socket.write(Buffer.alloc(8)); // a startup packet claiming 0 bytes
      await closed;
      await holder.db.execute(sql`insert into seen values ('holder')`);
      expect(await whoIsSeen(holder)).toEqual(['holder']);
    } finally {
      await holder.close();
    }
  });
});
