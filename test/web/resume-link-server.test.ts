/**
 * The resume link over a real socket: with BAROMETER_PUBLIC_URL unset, the
 * link names the address the server listens on, whatever the request's Host header says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { formAction, formTokens, PageClient } from './client.ts';

let server: RunningServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'barometer-resume-link-'));
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A GET over the socket with the given Host and Cookie headers: status and body. */
function getWithHost(url: string, host: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('names the listening address in the resume link when no public URL is configured, never the Host header', async () => {
  server = await startServer(loadConfig({ BAROMETER_DATA_DIR: dataDir }, { port: '0' }), { logger: silentLogger });
  const waveId = server.bootstrap?.openedDemo?.id ?? '';
  // Start and save for later in-process, then ask for the saved page over the socket.
  const client = new PageClient(server.app);
  const welcome = await (await client.get(`/w/${waveId}`)).text();
  const started = await client.follow(
    await client.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' }),
  );
  const later = await client.post(formAction(started.html), {
    ...formTokens(started.html),
    'q.COUNTRY': 'ken',
    action: 'later',
  });
  const location = later.headers.get('location') ?? '';
  const session = client.cookies.get('barometer_session')?.value ?? '';
  const saved = await getWithHost(`${server.url}${location}`, 'evil.example', `barometer_session=${session}`);
  expect(saved.status).toBe(200);
  const link = saved.body.match(/id="resume-link">([^<]+)</)?.[1] ?? '';
  expect(link.startsWith(`${server.url}/resume/`)).toBe(true);
  expect(saved.body).not.toContain('evil.example');
});
