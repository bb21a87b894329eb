/**
 * A database that cannot be opened stops a command with one line naming the database and the
 * cause, never a stack, a query or a password: PostgreSQL unreachable (connection refused), a
 * database PostgreSQL does not have (on the test server, when there is one), a PGlite data folder
 * that cannot be created. A PGlite data folder reached through a symbolic link opens.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'barometer-db-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd: dir,
    env: { LOG_LEVEL: 'silent' },
  });
  return { code, out, err };
}

const token = ['token', 'create', '--name', 'x', '--role', 'researcher'];

describe('a database that cannot be opened', () => {
  it.each([
    ['token', token],
    ['serve', ['serve', '--port', '0', '--demo', 'false']],
  ])(
    'PostgreSQL refusing connections: `%s` prints one line with host and cause, not the password',
    async (_n, argv) => {
      const r = await cli([...argv, '--database-url', 'postgres://bob:hunter2@127.0.0.1:1/nodb']);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toContain('cannot connect to PostgreSQL at 127.0.0.1:1/nodb');
      expect(r.err).toContain('ECONNREFUSED');
      expect(r.err).not.toContain('hunter2');
    },
  );

  it.skipIf(!testDatabaseUrl)(
    'a database the PostgreSQL server does not have: one line with its SQLSTATE',
    async () => {
      const url = new URL(testDatabaseUrl ?? '');
      url.password = 'hunter2';
      url.pathname = '/barometer_no_such_database';
      const r = await cli([...token, '--database-url', url.toString()]);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toContain(
        `cannot connect to PostgreSQL at ${url.hostname}:${url.port || '5432'}/barometer_no_such_database`,
      );
      expect(r.err).toContain('3D000');
      expect(r.err).not.toContain('hunter2');
    },
  );

  it('a PGlite data folder that cannot be created: one line naming it', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await cli([...token, '--data-dir', join(file, 'data')]);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`cannot open the embedded database in ${join(file, 'data')}`);
  });

  it('a PGlite data folder reached through a symbolic link opens', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    const link = join(dir, 'link');
    symlinkSync(real, link);
    const r = await cli([...token, '--data-dir', link]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('created researcher token');
  }, 60_000);
});
