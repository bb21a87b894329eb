/**
 * What keeps the respondent pages safe: the response headers (a strict
 * Content-Security-Policy among them), the session cookie, and the
 * anti-forgery tokens of the forms.
 *
 * - The session secret lives only in an `HttpOnly; SameSite=Lax` cookie scoped
 *   to `/s/<sessionId>` (`Secure` over https), so pages never need it in a URL.
 * - Every form carries a token: for a session's forms, a hash of the session
 *   secret (a third party cannot compute it); for the start form, which has no
 *   session yet, a random value that must match a cookie set with the form
 *   (double submit). On top, hono's `csrf()` refuses form posts whose Origin
 *   (or Sec-Fetch-Site) is not this site.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every HTML page: no inline script or style, no framing, no referrer (resume links carry a key). */
export function setPageHeaders(c: Context, options: { cache?: 'no-store' | 'short' } = {}): void {
  c.header('Content-Security-Policy', contentSecurityPolicy);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', options.cache === 'short' ? 'no-cache' : 'no-store');
}

/** Whether the client reached us over https, as transport() decided (forwarded headers only from a trusted proxy). */
export function isHttps(c: Context): boolean {
  const decided: unknown = c.get('https');
  return decided === true || (decided === undefined && c.req.url.startsWith('https:'));
}

const sessionCookie = 'barometer_session';
const startCookie = 'barometer_form';
const cookieDays = 30;

/** Keeps the session secret in the browser for the pages of this session only. */
export function setSessionCookie(c: Context, sessionId: string, secret: string): void {
  setCookie(c, sessionCookie, secret, {
    path: `/s/${sessionId}`,
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: cookieDays * 86_400,
  });
}

export function sessionSecret(c: Context): string | undefined {
  const value = getCookie(c, sessionCookie);
  return value !== undefined && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : undefined;
}

export function clearSessionCookie(c: Context, sessionId: string): void {
  deleteCookie(c, sessionCookie, { path: `/s/${sessionId}`, httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
}

/** The anti-forgery token of a session's forms: derived from its secret, so nothing is stored. */
export function sessionFormToken(secret: string): string {
  return createHash('sha256').update(`barometer-form|${secret}`).digest('base64url');
}

/** The start form's token: random, also set as a cookie scoped to the wave's pages (`/i/`: its interviewer pages). */
export function issueStartToken(c: Context, waveId: string, under: 'w' | 'i' = 'w'): string {
  const existing = getCookie(c, startCookie);
  const token =
    existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
  setCookie(c, startCookie, token, {
    path: `/${under}/${waveId}`,
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: 86_400,
  });
  return token;
}

export function startTokenCookie(c: Context): string | undefined {
  return getCookie(c, startCookie);
}

/** Constant-time equality of two tokens (false when either is missing). */
export function tokensMatch(presented: string | undefined, expected: string | undefined): boolean {
  if (presented === undefined || expected === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random value that ties the idempotency of one rendered form's submissions together. */
export function formNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The Idempotency-Key of a form submission: the same rendered form sent twice
 * with the same content (double click, reload after a lost response) is answered
 * from the first result; the same form sent with different content is a new write.
 */
export function formIdempotencyKey(nonce: string | undefined, requestHash: string): string | undefined {
  if (nonce === undefined || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return undefined;
  return `web.${createHash('sha256').update(`${nonce}|${requestHash}`).digest('base64url').slice(0, 43)}`;
}

const deviceCookie = 'barometer_device';

/**
 * The device id of this browser (a random value in a long-lived cookie), set
 * if missing. An open link limited to one response per device refuses a
 * second submitted response from the same device id.
 */
export function deviceId(c: Context): string {
  const existing = getCookie(c, deviceCookie);
  if (existing !== undefined && /^[A-Za-z0-9_-]{22}$/.test(existing)) return existing;
  const id = randomBytes(16).toString('base64url');
  setCookie(c, deviceCookie, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: 365 * 86_400,
  });
  return id;
}
