/**
 * The researcher console's sign-in: an API token is exchanged for a session cookie
 * (`barometer_console`, HttpOnly, SameSite=Strict, path /research, Secure over https) that names
 * the token by id, expires after eight hours and is signed with a key of this server; a revoked
 * token ends its sessions. Every form carries a CSRF token derived from the session (the sign-in
 * form: a random value matched against a cookie set with it), compared in constant time; on top,
 * hono's `csrf()` refuses form posts from another origin.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../../db/index.ts';
import type { TokenRole } from '../../../db/schema.ts';
import { principalById, type ApiPrincipal } from '../../collection/tokens.ts';
import { isHttps, tokensMatch } from '../security.ts';

const sessionCookie = 'barometer_console';
const formCookie = 'barometer_console_form';
export const SESSION_SECONDS = 8 * 3600;
// An interviewer token opens interviews only: it ranks below viewer and signs in to nothing here.
const rank: Record<TokenRole, number> = { interviewer: 0, viewer: 1, researcher: 2, admin: 3 };

export interface ConsoleSession {
  readonly principal: ApiPrincipal;
  /** The CSRF token of this session's forms. */
  readonly csrf: string;
}

/** Signs and checks console sessions with a key made when the server starts (a restart signs everyone out). */
export class ConsoleSessions {
  private readonly key = randomBytes(32);

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  /** Signs `principal` in: sets the session cookie. */
  signIn(c: Context, principal: ApiPrincipal, now = Date.now()): void {
    const payload = `${principal.id}.${now + SESSION_SECONDS * 1000}`;
    setCookie(c, sessionCookie, `${payload}.${this.mac(payload)}`, {
      path: '/research',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: SESSION_SECONDS,
    });
  }

  signOut(c: Context): void {
    deleteCookie(c, sessionCookie, { path: '/research', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
  }

  /** The session of the request: a cookie signed here, not expired, whose token is not revoked. */
  async session(c: Context, db: Database, now = Date.now()): Promise<ConsoleSession | undefined> {
    const value = getCookie(c, sessionCookie);
    const match = value?.match(/^([0-9a-f-]{36})\.(\d{13})\.([A-Za-z0-9_-]{43})$/);
    if (!value || !match) return undefined;
    const [, id = '', expires = '0', mac = ''] = match;
    if (!tokensMatch(mac, this.mac(`${id}.${expires}`)) || Number(expires) <= now) return undefined;
    const principal = await principalById(db, id);
    return principal ? { principal, csrf: this.mac(`csrf|${value}`) } : undefined;
  }

  /** The sign-in form's token: random, also set as a cookie (double submit). */
  signInToken(c: Context): string {
    const existing = getCookie(c, formCookie);
    const token =
      existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
    setCookie(c, formCookie, token, {
      path: '/research',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: 3600,
    });
    return token;
  }

  signInTokenMatches(c: Context, presented: string | undefined): boolean {
    return tokensMatch(presented, getCookie(c, formCookie));
  }
}

/** Whether `role` may do what `needs` allows. */
export function hasRole(role: TokenRole, needs: TokenRole): boolean {
  return rank[role] >= rank[needs];
}
