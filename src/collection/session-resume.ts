/**
 * Resuming a session in a browser: the presented secret is replaced by a new one, so a resume
 * link works once and whoever knew the old secret (a link forwarded, or one a third party planted
 * to fixate a session) loses the session at the moment it is bound to a browser.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { ConflictError } from '../errors.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { authorisedSession, sessionCacheOf } from './session-cache.ts';

/** The session's new secret after checking the presented one (401 when wrong); 409 once the session has ended. */
export async function rotateSessionSecret(db: Database, input: { sessionId: string; secret: string }): Promise<string> {
  const { s } = await authorisedSession(db, input.sessionId, input.secret, true);
  if (s.status !== 'in_progress')
    throw new ConflictError(
      s.status === 'submitted' ? 'already_submitted' : 'session_ended',
      `this session is ${s.status}: it cannot be resumed`,
    );
  const secret = newSecret('s_');
  // The row's version rises with the update (migration 0002), so a write based on a read from
  // before it changes nothing and reads again (with the old secret: refused).
  const changed = await db
    .update(schema.sessions)
    .set({ secretHash: hashSecret(secret), updatedAt: new Date() })
    .where(
      and(
        eq(schema.sessions.id, s.id),
        eq(schema.sessions.secretHash, s.secretHash),
        eq(schema.sessions.status, 'in_progress'),
      ),
    )
    .returning({ id: schema.sessions.id });
  sessionCacheOf(db).forget(s.id);
  if (changed.length === 0) throw new ConflictError('in_progress', 'the session changed while it was resumed; retry');
  return secret;
}
