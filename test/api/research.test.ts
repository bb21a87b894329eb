import { beforeEach, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { researchRouteList } from '../../src/api/routes/research.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, ok, openFlagshipWave, Respondent, tokenFor, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';

/** A concrete path for a route template. */
function concrete(path: string, waveId: string): string {
  return path.replace('{waveId}', waveId).replace('{study}', 'migration-perceptions');
}

/** The least role each researcher route needs. */
const needs: Record<string, 'viewer' | 'researcher' | 'admin'> = {
  'GET /v1/research/waves': 'viewer',
  'POST /v1/research/waves/{waveId}/open': 'researcher',
  'POST /v1/research/waves/{waveId}/close': 'researcher',
  'PUT /v1/research/studies/{study}/instruments': 'admin',
  'POST /v1/research/waves/{waveId}/invitations': 'researcher',
  'GET /v1/research/waves/{waveId}/responses.csv': 'researcher',
  'GET /v1/research/waves/{waveId}/responses.sav': 'researcher',
  'GET /v1/research/waves/{waveId}/responses.dta': 'researcher',
  'GET /v1/research/audit': 'admin',
  'GET /v1/research/waves/{waveId}/interviewers': 'researcher',
  'POST /v1/research/waves/{waveId}/submissions': 'researcher',
  'POST /v1/research/waves/{waveId}/interviewer-links': 'researcher',
  'DELETE /v1/research/interviewer-links/{linkId}': 'researcher',
};

describeEachDb('researcher API', (ctx) => {
  let wave: OpenWave;
  let tokens: Record<'viewer' | 'researcher' | 'admin', string>;
  beforeEach(async () => {
    // The flagship instrument (51 countries and their regions) is about 84 KB of JSON: room to send it back.
    wave = await openFlagshipWave(ctx.handle, { bodyLimit: 256 * 1024 });
    tokens = {
      viewer: await tokenFor(ctx.handle, 'viewer'),
      researcher: await tokenFor(ctx.handle, 'researcher'),
      admin: await tokenFor(ctx.handle, 'admin'),
    };
  });
  const auth = (role: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[role]}` });

  it('knows the role of every researcher route', () => {
    expect(researchRouteList.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(needs).sort());
  });

  it('answers 401 on every researcher route without a valid token, and 403 with a token lacking the role', async () => {
    const [before] = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.waves)
      .where(eq(schema.waves.status, 'open'));
    for (const route of researchRouteList) {
      const path = concrete(route.path, wave.waveId);
      const body = route.method === 'GET' ? undefined : {};
      const unauthenticated: Record<string, string>[] = [
        {},
        { authorization: 'Bearer brm_not-a-valid-token' },
        { authorization: 'Basic abc' },
      ];
      for (const headers of unauthenticated) {
        const res = await call(wave.app, route.method, path, { headers, ...(body ? { body } : {}) });
        await expectError(res, 401, 'unauthorized');
      }
      const need = needs[`${route.method} ${route.path}`];
      const weaker = (['viewer', 'researcher', 'admin'] as const).filter(
        (r) =>
          ['viewer', 'researcher', 'admin'].indexOf(r) < ['viewer', 'researcher', 'admin'].indexOf(need ?? 'viewer'),
      );
      for (const role of weaker) {
        const res = await call(wave.app, route.method, path, { headers: auth(role), ...(body ? { body } : {}) });
        await expectError(res, 403, 'forbidden');
      }
    }
    const [after] = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.waves)
      .where(eq(schema.waves.status, 'open'));
    expect(after?.n).toBe(before?.n);
  });

  it('runs the wave lifecycle draft → open → closed, and records unfinished sessions as break-offs', async () => {
    const list = await ok(
      await call(wave.app, 'GET', '/v1/research/waves', { headers: auth('viewer') }),
      200,
      z.object({ waves: z.array(z.object({ id: z.string(), code: z.string(), status: z.string() })) }),
    );
    expect(list.waves.map((w) => [w.code, w.status])).toEqual([
      ['mp-2022', 'draft'],
      ['mp-2024', 'draft'],
      ['mp-2026', 'open'],
      ['mp-2028', 'draft'],
    ]);
    const draft = list.waves.find((w) => w.code === 'mp-2024');
    if (!draft) throw new Error('no draft');
    await ok(
      await call(wave.app, 'POST', `/v1/research/waves/${draft.id}/open`, { headers: auth('researcher') }),
      200,
      z.object({ status: z.literal('open') }),
    );
    await expectError(
      await call(wave.app, 'POST', `/v1/research/waves/${draft.id}/open`, { headers: auth('researcher') }),
      409,
      'conflict',
    );

    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerPage();
    const closed = await ok(
      await call(wave.app, 'POST', `/v1/research/waves/${wave.waveId}/close`, { headers: auth('researcher') }),
      200,
      z.object({ breakOffs: z.number() }),
    );
    expect(closed.breakOffs).toBe(1);
    expect((await r.state()).status).toBe('break_off');
    await expectError(await r.save('location', { COUNTRY: 'FRA' }), 409, 'conflict');
    await expectError(
      await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, { body: { consent: true } }),
      409,
      'conflict',
    );

    const audit = await ok(
      await call(wave.app, 'GET', '/v1/research/audit?limit=50', { headers: auth('admin') }),
      200,
      z.object({ entries: z.array(z.object({ action: z.string(), actor: z.string() })) }),
    );
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['wave.open', 'wave.close', 'waves.list']),
    );
    expect(audit.entries.find((e) => e.action === 'wave.close')?.actor).toBe('token:test-researcher');
  });

  it('refuses (409) and audits a change to a frozen instrument; an unfrozen version may change', async () => {
    // The demo wave fields version 3, so that version is frozen; version 1 was never opened here.
    const [frozen] = await ctx.handle.db.select().from(schema.instruments).where(eq(schema.instruments.version, '3'));
    if (!frozen) throw new Error('no v3');
    expect(frozen.frozenAt).not.toBeNull();
    const changed = structuredClone(z.record(z.string(), z.unknown()).parse(frozen.definition));
    const title = z.record(z.string(), z.string()).parse(changed.title);
    changed.title = { ...title, en: 'Migration perceptions (edited)' };
    const res = await call(wave.app, 'PUT', '/v1/research/studies/migration-perceptions/instruments', {
      body: changed,
      headers: auth('admin'),
    });
    await expectError(res, 409, 'conflict');
    const [after] = await ctx.handle.db.select().from(schema.instruments).where(eq(schema.instruments.id, frozen.id));
    expect(after?.fingerprint).toBe(frozen.fingerprint);
    const refusals = await ctx.handle.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'instrument.change_refused'), eq(schema.auditLog.targetId, frozen.id)));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.actor).toBe('token:test-admin');

    const same = await call(wave.app, 'PUT', '/v1/research/studies/migration-perceptions/instruments', {
      body: frozen.definition,
      headers: auth('admin'),
    });
    expect(await ok(same, 200, z.object({ outcome: z.string() }))).toEqual({ outcome: 'unchanged' });

    const [v1] = await ctx.handle.db.select().from(schema.instruments).where(eq(schema.instruments.version, '1'));
    const v1changed = structuredClone(z.record(z.string(), z.unknown()).parse(v1?.definition));
    v1changed.title = {
      ...z.record(z.string(), z.string()).parse(v1changed.title),
      en: 'Migration perceptions v1 (edited)',
    };
    const upd = await call(wave.app, 'PUT', '/v1/research/studies/migration-perceptions/instruments', {
      body: v1changed,
      headers: auth('admin'),
    });
    expect(await ok(upd, 200, z.object({ outcome: z.string() }))).toEqual({ outcome: 'updated' });

    const broken = await call(wave.app, 'PUT', '/v1/research/studies/migration-perceptions/instruments', {
      body: { id: 'x' },
      headers: auth('admin'),
    });
    await expectError(broken, 400, 'validation_failed');
  });

  it('issues invitations in bulk, keeps contacts apart, and exports responses as CSV without them', async () => {
    const issued = await ok(
      await call(wave.app, 'POST', `/v1/research/waves/${wave.waveId}/invitations`, {
        body: { contacts: ['ana@example.org', 'li@example.org'] },
        headers: auth('researcher'),
      }),
      201,
      z.object({ invitations: z.array(z.object({ token: z.string(), contact: z.string().optional() })) }),
    );
    expect(issued.invitations.map((i) => i.contact)).toEqual(['ana@example.org', 'li@example.org']);
    const byCount = await ok(
      await call(wave.app, 'POST', `/v1/research/waves/${wave.waveId}/invitations`, {
        body: { count: 3 },
        headers: auth('researcher'),
      }),
      201,
      z.object({ invitations: z.array(z.object({ token: z.string() })) }),
    );
    expect(new Set(byCount.invitations.map((i) => i.token)).size).toBe(3);
    await expectError(
      await call(wave.app, 'POST', `/v1/research/waves/${wave.waveId}/invitations`, {
        body: { count: 0 },
        headers: auth('researcher'),
      }),
      400,
      'validation_failed',
    );

    const first = issued.invitations[0];
    if (!first) throw new Error('no invitation');
    const a = new Respondent(wave.app, wave.waveId);
    await a.start({ consent: true, invitation: first.token, language: 'ar' });
    await a.answerAll({ MIG_LEVEL: 'decreased', CAMPAIGN_SEEN: 'no', AGE: 41 });
    expect((await a.submit()).status).toBe(201);
    const b = new Respondent(wave.app, wave.waveId);
    await b.start();
    await b.answerAll({ MIG_LEVEL: { missing: 'dont_know' }, CAMPAIGN_SEEN: 'yes', CAMPAIGN_WHERE: ['tv', 'radio'] });
    expect((await b.submit()).status).toBe(201);
    const c = new Respondent(wave.app, wave.waveId);
    await c.start();
    await c.answerPage();

    const res = await call(wave.app, 'GET', `/v1/research/waves/${wave.waveId}/responses.csv`, {
      headers: auth('researcher'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv).not.toContain('example.org');
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    const cols = (header ?? '').split(',');
    expect(cols.slice(0, 3)).toEqual(['response_id', 'session_id', 'status']);
    expect(cols).toEqual(
      expect.arrayContaining(['MIG_LEVEL', 'MIG_LEVEL_label', 'AGE', 'CAMPAIGN_WHERE', 'CAMPAIGN_WHERE_label']),
    );
    expect(rows).toHaveLength(2);
    const cell = (row: string | undefined, col: string) => (row ?? '').split(',')[cols.indexOf(col)];
    expect([
      cell(rows[0], 'MIG_LEVEL'),
      cell(rows[0], 'MIG_LEVEL_label'),
      cell(rows[0], 'AGE'),
      cell(rows[0], 'CAMPAIGN_WHERE'),
      cell(rows[0], 'language'),
    ]).toEqual(['decreased', 'Decreased', '41', 'not_asked', 'ar']);
    expect([cell(rows[1], 'MIG_LEVEL'), cell(rows[1], 'MIG_LEVEL_label'), cell(rows[1], 'CAMPAIGN_WHERE')]).toEqual([
      'dont_know',
      "Don't know",
      'tv;radio',
    ]);

    await call(wave.app, 'POST', `/v1/research/waves/${wave.waveId}/close`, { headers: auth('researcher') });
    const withBreakoffs = await (
      await call(wave.app, 'GET', `/v1/research/waves/${wave.waveId}/responses.csv?breakoffs=true&lang=fr`, {
        headers: auth('researcher'),
      })
    ).text();
    const lines = withBreakoffs.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(cell(lines[3], 'status')).toBe('break_off');
    expect(cell(lines[3], 'MIG_LEVEL')).toBe('break_off');
    expect(cell(lines[1], 'MIG_LEVEL_label')).toBe('Diminuée');
  });
});
