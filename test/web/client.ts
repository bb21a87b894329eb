/** A small browser stand-in for page tests: a cookie jar, form posts with the page's tokens, redirects followed by hand. */
import type { PageView } from '../../src/collection/schemas.ts';
import type { App } from '../../src/app.ts';

interface Cookie {
  readonly value: string;
  readonly path: string;
  readonly raw: string;
}

export class PageClient {
  readonly cookies = new Map<string, Cookie>();
  origin = 'http://localhost';
  /** False: a browser that refuses every cookie (Set-Cookie is ignored). */
  acceptCookies = true;
  constructor(readonly app: App) {}

  private cookieHeader(path: string): string | undefined {
    const pairs = [...this.cookies.entries()]
      .filter(
        ([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/',
      )
      .map(([n, c]) => `${n}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  private remember(res: Response): void {
    if (!this.acceptCookies) return;
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attrs.some((a) => /^max-age=0$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, raw: line });
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = this.cookieHeader(new URL(path, this.origin).pathname);
    const res = await this.app.request(path, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
    this.remember(res);
    return res;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const cookie = this.cookieHeader(new URL(path, this.origin).pathname);
    const res = await this.app.request(path, {
      method: 'POST',
      body: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.origin,
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
    });
    this.remember(res);
    return res;
  }

  /** Follows 303s with GET until a page answers. */
  async follow(res: Response): Promise<{ res: Response; html: string; url: string }> {
    let current = res;
    let url = '';
    for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
      url = current.headers.get('location') ?? '';
      current = await this.get(url);
    }
    return { res: current, html: await current.text(), url };
  }
}

/** The value of a hidden field of the (first) form on a page. */
export function hiddenField(html: string, name: string): string {
  const m = html.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`));
  if (!m?.[1] && m?.[1] !== '') throw new Error(`no hidden field ${name} in page`);
  return m[1];
}

/** The action of the first form on a page. */
export function formAction(html: string): string {
  const m = html.match(/<form method="post" action="([^"]+)"/);
  if (!m?.[1]) throw new Error('no form on page');
  return m[1].replace(/&amp;/g, '&');
}

/** The tokens a page's form posts back. */
export function formTokens(html: string): Record<string, string> {
  return { csrf: hiddenField(html, 'csrf'), nonce: hiddenField(html, 'nonce') };
}

/** The form fields a respondent would send for `answers` on `page` (the inverse of the pages' answersFromForm). */
export function formFieldsFor(
  page: PageView,
  answers: Readonly<Record<string, unknown>>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const missing = (v: unknown) =>
    typeof v === 'object' && v !== null && 'missing' in v && typeof v.missing === 'string' ? v.missing : undefined;
  for (const q of page.questions) {
    const v = answers[q.code];
    if (v === undefined || v === null) continue;
    const name = `q.${q.code}`;
    const m = missing(v);
    switch (q.kind) {
      case 'consent':
        out[name] = String(v);
        break;
      case 'single':
      case 'scale':
        out[name] = m ? `missing:${m}` : String(v);
        break;
      case 'multiple':
        out[name] = m ? [`missing:${m}`] : (v as string[]);
        break;
      case 'numeric':
      case 'text':
        if (m) out[`${name}.missing`] = m;
        else out[name] = String(v);
        break;
      case 'grid':
        for (const [item, x] of Object.entries(v as Record<string, unknown>))
          out[`${name}.${item}`] = missing(x) ? `missing:${missing(x)}` : String(x);
        break;
      case 'ranking':
        if (m) out[`${name}.missing`] = m;
        else (v as string[]).forEach((code, i) => (out[`${name}.rank.${code}`] = String(i + 1)));
        break;
      case 'info':
        break;
    }
  }
  return out;
}
