/**
 * `npm start` as process supervisors (systemd, container runtimes) stop it: SIGTERM to the npm
 * process itself, not to the node child. The server must stop gracefully ("stopped" logged,
 * port closed) and nothing may be left running, holding the port and the data folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/process.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('stops the server gracefully when the npm process gets SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'barometer-npm-start-'));
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', BAROMETER_DATA_DIR: dataDir, LOG_LEVEL: 'info', BAROMETER_DEMO: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the test can clean up whatever is left
    });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    npm.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "serving at" line in 90 s:\n${out}`)), 90_000);
        const check = () => {
          const m = out.match(/serving at (http:\/\/\S+)/);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        npm.stdout.on('data', check);
        npm.once('exit', () => reject(new Error(`npm start exited early:\n${out}`)));
      });
      const pid = Number(out.match(/"pid":(\d+)/)?.[1] ?? NaN);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      if (npm.pid === undefined) throw new Error('npm has no pid');
      process.kill(npm.pid, 'SIGTERM');
      await exited;
      // The server process (named in its start-up log line) has stopped, gracefully.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(false);
      expect(out).toContain('"msg":"stopped"');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (npm.pid !== undefined) {
        try {
          process.kill(-npm.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
