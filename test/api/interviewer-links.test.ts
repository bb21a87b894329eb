/**
 * Per-interviewer links through the researcher API: a researcher creates one for a wave (its
 * secret shown once, stored hashed), which opens interviews in that wave only, and revokes it;
 * a viewer can do neither, and the links route revokes nothing but links.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { createApiToken } from '../../src/collection/tokens.ts';
import { interviewerOf } from '../../src/collection/interviewer.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, ok, openFlagshipWave, tokenFor, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';

const Created = z.object({ id: z.string().uuid(), name: z.string(), path: z.string() }).strict();

describeEachDb('researcher API: per-interviewer links', (ctx) => {
  let wave: OpenWave;
  let researcher: Record<string, string>;
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle);
    researcher = { authorization: `Bearer ${await tokenFor(ctx.handle, 'researcher')}` };
  });

  it('creates a link to one wave that opens interviews there only, and revokes it', async () => {
    const created = await ok(
      await call(wave.app, 'POST', '/v1/research/waves/mp-2026/interviewer-links', {
        body: { name: '  ana  ' },
        headers: researcher,
      }),
      201,
      Created,
    );
    expect(created.name).toBe('ana');
    const secret = created.path.match(/^\/i\/([0-9a-f-]{36})\?link=(brm_[A-Za-z0-9_-]{20,})$/);
    expect(secret?.[1]).toBe(wave.waveId);
    const db = ctx.handle.db;
    const [stored] = await db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, created.id));
    expect(stored).toMatchObject({ name: 'ana', role: 'interviewer', waveId: wave.waveId, revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(secret?.[2]);
    expect(await interviewerOf(db, secret?.[2] ?? '', wave.waveId)).toMatchObject({ id: created.id, name: 'ana' });
    // The link's token opens no researcher route.
    const asLink = { authorization: `Bearer ${secret?.[2] ?? ''}` };
    await expectError(await call(wave.app, 'GET', '/v1/research/waves', { headers: asLink }), 403, 'forbidden');

    const revoke = (id: string) =>
      call(wave.app, 'DELETE', `/v1/research/interviewer-links/${id}`, { headers: researcher });
    expect(await (await revoke(created.id)).json()).toEqual({ revoked: true });
    await expect(interviewerOf(db, secret?.[2] ?? '', wave.waveId)).rejects.toThrow(/cannot open interviews/);
    expect((await revoke(created.id)).status).toBe(200);
    // A token that is not a link is not revoked here.
    const other = await createApiToken(db, { name: 'bo', role: 'interviewer', actor: 'test' });
    await expectError(await revoke(other.id), 404, 'not_found');
    expect(await interviewerOf(db, other.token, wave.waveId)).toMatchObject({ id: other.id });
    const actions = await db.select({ action: schema.auditLog.action }).from(schema.auditLog);
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('refuses a viewer, an empty name, an unknown wave and a malformed id', async () => {
    const viewer = { authorization: `Bearer ${await tokenFor(ctx.handle, 'viewer')}` };
    const create = (headers: Record<string, string>, body: unknown, waveRef = 'mp-2026') =>
      call(wave.app, 'POST', `/v1/research/waves/${waveRef}/interviewer-links`, { body, headers });
    await expectError(await create(viewer, { name: 'ana' }), 403, 'forbidden');
    await expectError(await create(researcher, { name: ' ' }), 400, 'validation_failed');
    await expectError(await create(researcher, { name: 'ana', role: 'admin' }), 400, 'validation_failed');
    await expectError(await create(researcher, { name: 'ana' }, 'zz-1999'), 404, 'not_found');
    await expectError(
      await call(wave.app, 'DELETE', '/v1/research/interviewer-links/nope', { headers: researcher }),
      400,
      'validation_failed',
    );
    expect(await ctx.handle.db.select().from(schema.apiTokens).where(eq(schema.apiTokens.role, 'interviewer'))).toEqual(
      [],
    );
  });
});
