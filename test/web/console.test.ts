import { expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { latestAuditEntries } from '../../src/collection/audit.ts';
import { silentLogger } from '../../src/log.ts';
import { definitionsDir, Respondent, tokenFor } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';

/** A browser without JavaScript: keeps cookies, posts forms as they are written. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly app: ReturnType<typeof createApp>) {}
  async go(path: string, form?: Record<string, string>): Promise<{ status: number; text: string; res: Response }> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      origin: 'http://localhost',
    };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await this.app.request(`http://localhost${path}`, {
      method: form ? 'POST' : 'GET',
      headers,
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const [k = '', v = ''] = pair.split('=');
      if (/Max-Age=0/i.test(c) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return { status: res.status, text: await res.clone().text(), res };
  }
  /** The CSRF token of the first form of `text`. */
  static csrf(text: string): string {
    return /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '';
  }
}

describeEachDb('researcher console', (ctx) => {
  it('signs in with a token, shows waves and fieldwork, closes a wave with confirmation, checks quality, exports, signs out', async () => {
    const { studies, openedDemo } = await bootstrapDefinitions(ctx.handle.db, definitionsDir, {
      openDemo: true,
      closeAsDefined: true,
    });
    if (!openedDemo) throw new Error('no demo wave');
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, rateLimit: 0, studies });
    for (const country of ['fra', 'egy']) {
      const r = new Respondent(app, openedDemo.id);
      await r.start();
      await r.answerAll({ COUNTRY: country });
      expect((await r.submit()).status).toBe(201);
    }
    const viewer = new Browser(app);
    const researcher = new Browser(app);
    const signIn = async (b: Browser, token: string) => {
      const form = await b.go('/research?lang=fr');
      expect(form.status).toBe(200);
      expect(form.text).toContain('Jeton de chercheur');
      return b.go('/research/sign-in', { _csrf: Browser.csrf(form.text), token });
    };
    // A wrong token: 401, the form again, no session.
    expect((await signIn(researcher, 'brm_wrongwrongwrong')).status).toBe(401);
    expect((await researcher.go('/research/waves')).status).toBe(401);
    // The sign-in form without its token is refused.
    expect((await researcher.go('/research/sign-in', { token: 'x' })).status).toBe(403);

    const signed = await signIn(researcher, await tokenFor(ctx.handle, 'researcher'));
    expect(signed.status).toBe(303);
    expect(signed.res.headers.get('set-cookie')).toMatch(/barometer_console=.*HttpOnly.*SameSite=Strict/i);
    const waves = await researcher.go('/research/waves');
    expect(waves.text).toMatch(/mp-2022<\/bdi><\/a><\/th>\s*<td>fermée/);
    const wave = await researcher.go('/research/waves/mp-2026?lang=en');
    expect(wave.status).toBe(200);
    expect(wave.text).toContain('id="wave-completes">2 /');
    expect(wave.text).toContain('<svg');
    expect((await researcher.go('/research/waves/mp-1999')).status).toBe(404);

    const quality = await researcher.go('/research/waves/mp-2026/quality');
    expect(quality.status).toBe(200);
    const csv = await researcher.go('/research/waves/mp-2026/responses.csv');
    expect(csv.res.headers.get('content-disposition')).toContain('mp-2026-responses.csv');
    expect(csv.text.split('\r\n')[0]).toContain('quality_flags');

    await signIn(viewer, await tokenFor(ctx.handle, 'viewer'));
    expect((await viewer.go('/research/waves/mp-2026/close')).status).toBe(403);
    expect((await viewer.go('/research/audit')).status).toBe(403);

    const confirm = await researcher.go('/research/waves/mp-2026/close');
    expect(confirm.text).toContain('mp-2026');
    // Without the CSRF token nothing changes.
    expect((await researcher.go('/research/waves/mp-2026/close', { confirm: 'yes' })).status).toBe(403);
    const closed = await researcher.go('/research/waves/mp-2026/close', {
      _csrf: Browser.csrf(confirm.text),
      confirm: 'yes',
    });
    expect(closed.status).toBe(303);
    expect((await researcher.go('/research/waves/mp-2026')).text).toContain('id="wave-status">closed');
    const [entry] = await latestAuditEntries(ctx.handle.db, 1);
    expect(entry).toMatchObject({ action: 'wave.close', actor: 'token:test-researcher' });

    const out = await researcher.go('/research/sign-out', { _csrf: Browser.csrf(confirm.text) });
    expect(out.status).toBe(303);
    expect((await researcher.go('/research/waves')).status).toBe(401);
  });
});
