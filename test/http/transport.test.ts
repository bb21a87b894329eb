/**
 * How a client reached us: X-Forwarded-Proto is anyone's to send, so it decides `Secure` cookies
 * and HSTS only with BAROMETER_TRUST_PROXY; and every response, JSON and CSV included, carries
 * `X-Content-Type-Options: nosniff`.
 */
import { beforeEach, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { call, openFlagshipWave, Respondent, tokenFor } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';

describeEachDb('transport', (ctx) => {
  let waveId: string;
  beforeEach(async () => {
    ({ waveId } = await openFlagshipWave(ctx.handle));
  });
  const appWith = (trustProxy: boolean) =>
    createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, trustProxy });

  it('nosniff on JSON answers, JSON errors and the CSV export', async () => {
    const app = appWith(false);
    const r = new Respondent(app, waveId);
    await r.start();
    const token = await tokenFor(ctx.handle, 'researcher');
    const responses = [
      await call(app, 'GET', '/v1/waves'),
      await call(app, 'GET', '/v1/openapi.json'),
      await call(app, 'GET', '/v1/nope'),
      await call(app, 'PUT', `/v1/sessions/${r.sessionId}/pages/nope`, {
        body: { answers: {} },
        headers: { 'x-session-secret': r.secret },
      }),
      await call(app, 'GET', `/v1/research/waves/${waveId}/responses.csv`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    ];
    expect(responses.map((res) => res.headers.get('content-type')?.split(';')[0])).toEqual([
      'application/json',
      'application/json',
      'application/json',
      'application/json',
      'text/csv',
    ]);
    for (const res of responses) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('X-Forwarded-Proto: https is ignored unless the proxy is trusted; trusted, it gives Secure cookies and HSTS', async () => {
    const forwarded = { 'x-forwarded-proto': 'https' };
    const untrusted = await appWith(false).request(`/w/${waveId}`, { headers: forwarded });
    expect(untrusted.status).toBe(200);
    expect(untrusted.headers.get('set-cookie') ?? '').not.toMatch(/;\s*Secure/i);
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    const trusted = await appWith(true).request(`/w/${waveId}`, { headers: forwarded });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
    expect(trusted.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await appWith(true).request(`/w/${waveId}`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
