/** Researcher API tokens and respondent invitation tokens. Only hashes are stored. */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { TokenRole } from '../../db/schema.ts';
import { AppError, ConflictError } from '../errors.ts';
import { audit } from '../../db/index.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface ApiPrincipal {
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
}

/** Creates an API token; the token itself is returned once and never stored. */
export async function createApiToken(
  db: Database,
  input: { name: string; role: TokenRole; actor: string; waveId?: string | undefined },
): Promise<{ id: string; token: string }> {
  const token = newSecret('brm_');
  const [row] = await db
    .insert(schema.apiTokens)
    .values({ name: input.name, role: input.role, tokenHash: hashSecret(token), waveId: input.waveId ?? null })
    .returning({ id: schema.apiTokens.id });
  if (!row) throw new Error('token insert returned nothing');
  await audit(db, {
    actor: input.actor,
    action: 'token.create',
    targetType: 'api_token',
    targetId: row.id,
    details: { name: input.name, role: input.role, ...(input.waveId ? { waveId: input.waveId } : {}) },
  });
  return { id: row.id, token };
}

/**
 * Revokes a token (an API token, or a per-interviewer link); false when no token has this id (with
 * `linksOnly`, no per-interviewer link: a researcher revokes links, not other tokens).
 */
export async function revokeApiToken(
  db: Database,
  id: string,
  who: { actor: string; requestId?: string },
  options: { linksOnly?: boolean } = {},
): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  const t = schema.apiTokens;
  const [row] = await db
    .update(t)
    .set({ revokedAt: sql`coalesce(${t.revokedAt}, now())` })
    .where(options.linksOnly ? and(eq(t.id, id), isNotNull(t.waveId)) : eq(t.id, id))
    .returning({ id: t.id });
  if (!row) return false;
  await audit(db, { ...who, action: 'token.revoke', targetType: 'api_token', targetId: row.id });
  return true;
}

export async function verifyApiToken(db: Database, token: string): Promise<ApiPrincipal | undefined> {
  const [row] = await db
    .select({ id: schema.apiTokens.id, name: schema.apiTokens.name, role: schema.apiTokens.role })
    .from(schema.apiTokens)
    .where(and(eq(schema.apiTokens.tokenHash, hashSecret(token)), isNull(schema.apiTokens.revokedAt)));
  return row;
}

/**
 * Issues `count` single-use invitations for a wave, or one per contact. Contacts
 * go to their own table, linked only to the invitation, never to answers.
 */
export async function issueInvitations(
  db: Database,
  waveId: string,
  input: { count?: number | undefined; contacts?: readonly string[] | undefined },
  who: { actor: string; requestId?: string },
): Promise<{ token: string; contact?: string }[]> {
  const contacts = input.contacts ?? [];
  const n = contacts.length > 0 ? contacts.length : (input.count ?? 0);
  if (n < 1)
    throw new AppError('validation_failed', 'body: give count or contacts', [
      { path: 'body.count', message: 'give count (1–10000) or a list of contacts' },
    ]);
  return db.transaction(async (tx) => {
    const [wave] = await tx
      .select({ status: schema.waves.status })
      .from(schema.waves)
      .where(eq(schema.waves.id, waveId));
    if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
    if (wave.status === 'closed') throw new ConflictError('wave_not_open', 'the wave is closed');
    const issued: { token: string; contact?: string }[] = [];
    for (let i = 0; i < n; i += 500) {
      const slice = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
        token: newSecret('inv_', 18),
        contact: contacts[i + j],
      }));
      const rows = await tx
        .insert(schema.invitations)
        .values(slice.map((s) => ({ waveId, tokenHash: hashSecret(s.token) })))
        .returning({ id: schema.invitations.id });
      const withContact = rows.flatMap((r, j) => {
        const contact = slice[j]?.contact;
        return contact === undefined ? [] : [{ invitationId: r.id, contact }];
      });
      if (withContact.length > 0) await tx.insert(schema.invitationContacts).values(withContact);
      issued.push(
        ...slice.map((s) => (s.contact === undefined ? { token: s.token } : { token: s.token, contact: s.contact })),
      );
    }
    await audit(tx, {
      ...who,
      action: 'invitations.issue',
      targetType: 'wave',
      targetId: waveId,
      details: { count: n, withContacts: contacts.length },
    });
    return issued;
  });
}

/** The principal of the token with row id `id`, unless it was revoked (a console session names its token by id). */
export async function principalById(db: Database, id: string): Promise<ApiPrincipal | undefined> {
  const [row] = await db
    .select({ id: schema.apiTokens.id, name: schema.apiTokens.name, role: schema.apiTokens.role })
    .from(schema.apiTokens)
    .where(and(eq(schema.apiTokens.id, id), isNull(schema.apiTokens.revokedAt)));
  return row;
}
