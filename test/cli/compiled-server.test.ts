/**
 * The compiled server as `npm start` runs it (bin/barometer.js on dist/, no TypeScript loader):
 * every page family and the files they read at run time (migrations, page and dashboard assets)
 * are in the build. A build that forgot a folder serves 500s only from dist/, which the tests
 * that import the sources never see.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, repoRoot } from '../helpers/process.ts';

let server: ChildProcess | undefined;
let origin = '';
let log = '';
const dataDir = mkdtempSync(join(tmpdir(), 'barometer-compiled-server-'));

beforeAll(async () => {
  ensureFreshBuild();
  server = spawn(
    process.execPath,
    ['bin/barometer.js', 'serve', '--port', '0', '--data-dir', dataDir, '--demo-world', '0'],
    { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const child = server;
  origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving at" line in 90 s:\n${log}`)), 90_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const m = log.match(/serving at (http:\/\/\S+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('runs from dist/, not through tsx', () => {
    expect(log).not.toContain('through tsx');
  });

  it('serves the home page, the survey, the API description and the dashboards with their assets', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
    };
    const home = await get('/');
    expect(home.status).toBe(200);
    expect((await get('/v1/openapi.json')).status).toBe(200);
    const overview = await get('/dashboards/migration-perceptions/en/');
    expect(overview.status, overview.text.slice(0, 300)).toBe(200);
    const assets = [
      ...`${home.text}${overview.text}`.matchAll(/(?:href|src)="(\/[^"]*\.(?:css|js)(?:\?[^"]*)?)"/g),
    ].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const path of new Set(assets)) {
      const asset = await get(path);
      expect(asset.status, path).toBe(200);
      expect(asset.text.length, path).toBeGreaterThan(100);
    }
    expect(log).not.toContain('"level":"error"');
  });
});
