/**
 * Interviewer mode (phone, face to face) in Barometer's own pages: who may open interviews (an
 * API token with the `interviewer` role, or a researcher's), the page an interviewer sees (the
 * instrument's interviewer instructions, and don't know / refused on every answerable question,
 * offered to the respondent or not), and the completes per interviewer and mode for researchers.
 */
import { and, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import { findQuestion, textIn, type Instrument, type ResponseMode } from '../instrument/index.ts';
import type { PageView } from './schemas.ts';
import { hashSecret } from './secrets.ts';
import { createApiToken, type ApiPrincipal } from './tokens.ts';

/**
 * The principal of a token that may open interviews in wave `waveId`: interviewer, researcher or
 * admin (a viewer may not); a per-interviewer link's token opens its own wave only.
 */
export async function interviewerOf(db: Database, token: string, waveId: string): Promise<ApiPrincipal> {
  const t = schema.apiTokens;
  const [row] = /^[A-Za-z0-9_-]{10,200}$/.test(token)
    ? await db
        .select({ id: t.id, name: t.name, role: t.role, waveId: t.waveId })
        .from(t)
        .where(and(eq(t.tokenHash, hashSecret(token)), isNull(t.revokedAt)))
    : [];
  if (!row || row.role === 'viewer' || (row.waveId !== null && row.waveId !== waveId))
    throw new AppError('forbidden', 'this token cannot open interviews', [
      { path: 'token', message: 'not an interviewer or researcher token for this wave, or revoked' },
    ]);
  return { id: row.id, name: row.name, role: row.role };
}

/**
 * A per-interviewer link: an interviewer token scoped to one wave, whose secret goes in the start
 * page's address (`/i/WAVE-ID?link=SECRET`) so the interviewer types nothing. Only its hash is
 * stored; it is revoked as any token is (`revokeApiToken`), and its id is the interviewer id of
 * the interviews started with it. A closed wave gets none.
 */
export async function createInterviewerLink(
  db: Database,
  input: { waveId: string; name: string; actor: string },
): Promise<{ id: string; secret: string; path: string }> {
  const [wave] = await db
    .select({ status: schema.waves.status })
    .from(schema.waves)
    .where(eq(schema.waves.id, input.waveId));
  if (!wave) throw new AppError('not_found', `wave ${input.waveId} not found`);
  if (wave.status === 'closed') throw new ConflictError('wave_not_open', 'the wave is closed');
  const { id, token } = await createApiToken(db, { ...input, role: 'interviewer' });
  return { id, secret: token, path: `/i/${input.waveId}?link=${token}` };
}

/** A page as an interviewer sees it: every answerable question with don't know and refused, and the instructions. */
export function interviewerPage(
  instrument: Instrument,
  page: PageView,
  lang: string,
): { page: PageView; instructions: Readonly<Record<string, string>> } {
  const label = (code: 'dont_know' | 'refused') => {
    const own = instrument.missingLabels[code];
    return own ? textIn(own, lang) : code === 'dont_know' ? "Don't know" : 'Refused';
  };
  const instructions: Record<string, string> = {};
  const questions = page.questions.map((q) => {
    const def = findQuestion(instrument, q.code);
    if (def?.interviewerInstruction) instructions[q.code] = textIn(def.interviewerInstruction, lang);
    if (q.kind === 'info' || q.kind === 'consent') return q;
    const absent = (['dont_know', 'refused'] as const).filter((m) => !q.options.some((o) => o.missing && o.code === m));
    return { ...q, options: [...q.options, ...absent.map((code) => ({ code, label: label(code), missing: true }))] };
  });
  return { page: { ...page, questions }, instructions };
}

/** Completed interviews per interviewer and mode of a wave (web responses, with no interviewer, aside). */
export async function interviewerCompletes(
  db: Database,
  waveId: string,
): Promise<{ interviewerId: string; name: string | null; mode: ResponseMode; completes: number }[]> {
  const [wave] = await db.select({ id: schema.waves.id }).from(schema.waves).where(eq(schema.waves.id, waveId));
  if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
  const r = schema.responses;
  const t = schema.apiTokens;
  const rows = await db
    .select({ interviewerId: r.interviewerId, name: t.name, mode: r.mode, completes: count() })
    .from(r)
    .leftJoin(t, sql`${t.id}::text = ${r.interviewerId}`)
    .where(and(eq(r.waveId, waveId), isNotNull(r.interviewerId)))
    .groupBy(r.interviewerId, t.name, r.mode)
    .orderBy(r.interviewerId, r.mode);
  return rows.flatMap((x) => (x.interviewerId === null ? [] : [{ ...x, interviewerId: x.interviewerId }]));
}
