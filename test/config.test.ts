import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { main } from '../src/cli/index.ts';
import type { CliIo } from '../src/cli/io.ts';

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults: port 3000, embedded data folder', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\.barometer\/data$/);
    expect(c.logLevel).toBe('info');
  });

  it('reads the environment and lets flags win', () => {
    const c = loadConfig({ PORT: '8080', LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://u@h:5432/db' }, { port: '9090' });
    expect(c.port).toBe(9090);
    expect(c.logLevel).toBe('warn');
    expect(c.databaseUrl).toBe('postgres://u@h:5432/db');
  });

  it.each([
    [{ PORT: 'abc' }, {}, 'PORT'],
    [{ PORT: '70000' }, {}, 'PORT'],
    [{}, { port: '-1' }, '--port'],
    [{ LOG_LEVEL: 'loud' }, {}, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://root@localhost/x' }, {}, 'DATABASE_URL'],
    [{ BAROMETER_BODY_LIMIT: '12' }, {}, 'BAROMETER_BODY_LIMIT'],
    [{}, { 'data-dir': '' }, '--data-dir'],
  ])('a wrong value of %j %j names %s', (env, flags, name) => {
    const message = problemsOf(() => loadConfig(env, flags));
    expect(message).toContain(name);
  });

  it('never prints a database password', () => {
    const message = problemsOf(() => loadConfig({ DATABASE_URL: 'mysql://root:s3cret@localhost/x' }));
    expect(message).not.toContain('s3cret');
  });

  it('`barometer serve` with a wrong value exits non-zero with one line naming it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: process.cwd(),
      env: { PORT: 'eighty' },
    };
    const code = await main(['serve'], io);
    expect(code).not.toBe(0);
    expect(err.join('')).toMatch(/^barometer serve: invalid configuration: PORT = "eighty": .+\n$/);
  });

  it('`barometer serve` refuses unknown flags', async () => {
    const err: string[] = [];
    const io: CliIo = { stdout: () => {}, stderr: (t) => err.push(t), cwd: process.cwd(), env: {} };
    expect(await main(['serve', '--prot', '1'], io)).not.toBe(0);
    expect(err.join('')).toContain('--prot');
  });
});
