/**
 * The respondent's language switched mid-interview by the interviewer (interviewer mode only):
 * the session's language becomes the new one — the pages that follow are in it, and the response
 * records it as its language — and its paradata keeps one entry per switch (when, the page, from,
 * to), which the response keeps with the rest of its paradata.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import type { Paradata } from './schemas.ts';
import { authorisedSession, sessionCacheOf } from './session-cache.ts';

/** Switches kept per session (a real interview has a few). */
const switchesKept = 100;

/**
 * Records a switch of session `sessionId` to `lang` on page `page`; nothing when the session is
 * already in that language or no longer in progress. A self-administered (web) session is refused:
 * its respondent chooses the language on the welcome page.
 */
export async function switchInterviewLanguage(
  db: Database,
  input: { sessionId: string; secret: string | undefined; lang: string; page: string },
): Promise<{ language: string; recorded: boolean }> {
  const cache = sessionCacheOf(db);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { s, wi } = await authorisedSession(db, input.sessionId, input.secret, true);
    if (s.mode === 'web')
      throw new AppError('forbidden', 'the language of a self-administered session is not switched mid-interview');
    const lang = wi.instrument.languages.find((l) => l.code === input.lang)?.code;
    if (lang === undefined)
      throw new AppError('validation_failed', `lang: the instrument has no language "${input.lang}"`, [
        { path: 'lang', message: `one of ${wi.instrument.languages.map((l) => l.code).join(', ')}` },
      ]);
    if (!s.order.blocks.includes(input.page)) throw new AppError('not_found', `no page ${input.page}`);
    if (s.status !== 'in_progress' || lang === s.language) return { language: lang, recorded: false };
    const now = new Date();
    const paradata: Paradata = {
      ...s.paradata,
      languages: [
        ...(s.paradata.languages ?? []),
        { at: now.toISOString(), page: input.page, from: s.language, to: lang },
      ].slice(-switchesKept),
    };
    const t = schema.sessions;
    const written = await db
      .update(t)
      .set({ language: lang, paradata, version: s.version + 1, updatedAt: now })
      .where(and(eq(t.id, s.id), eq(t.version, s.version), eq(t.status, 'in_progress')))
      .returning({ id: t.id });
    // What this process remembers of the session is read again by its next write.
    cache.forget(s.id);
    if (written.length > 0) return { language: lang, recorded: true };
  }
  throw new ConflictError('in_progress', 'the session kept changing during the language switch; retry');
}
