/**
 * Page tokens: how a browser that refuses cookies carries its session from page to page.
 * Each page's form holds a token for that page alone: the session secret sealed (AES-256-GCM)
 * under a key derived from the secret's stored hash, bound to the session and the page, with the
 * time it was issued. The secret never appears in a URL or in the clear in a page; only the server,
 * which holds the hash, can open a token, and a token opens only its own page, for a day.
 */
import { createHmac } from 'node:crypto';
import { type Database } from '../../db/index.ts';
import { hashSecret, seal, unseal } from './secrets.ts';
import { sessionCacheOf, sessionRow } from './session-cache.ts';

/** How long a page token opens its page. */
export const pageTokenHours = 24;

function keyOf(secretHash: string): Buffer {
  return createHmac('sha256', Buffer.from(secretHash, 'hex')).update('barometer page token').digest();
}

const boundTo = (sessionId: string, block: string) => `page|${sessionId}|${block}`;

/** The token of one page of a session, for the form that shows it. */
export function pageToken(sessionId: string, secret: string, block: string): string {
  const issued = Math.floor(Date.now() / 1000);
  return seal(keyOf(hashSecret(secret)), boundTo(sessionId, block), `${issued}.${secret}`);
}

/** The session secret a page token carries, when it is this session's token for `block` and still fresh. */
export async function secretOfPageToken(
  db: Database,
  input: { sessionId: string; block: string; token: string },
): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{40,400}$/.test(input.token)) return undefined;
  let secretHash = sessionCacheOf(db).recall(input.sessionId)?.secretHash;
  if (secretHash === undefined) {
    const [hit] = await sessionRow(db, input.sessionId);
    secretHash = hit?.session.secretHash;
  }
  if (secretHash === undefined) return undefined;
  const text = unseal(keyOf(secretHash), boundTo(input.sessionId, input.block), input.token);
  const dot = text?.indexOf('.') ?? -1;
  if (text === undefined || dot < 0) return undefined;
  const issued = Number(text.slice(0, dot));
  return Date.now() / 1000 - issued < pageTokenHours * 3600 ? text.slice(dot + 1) : undefined;
}
