import { afterAll, describe, expect, it } from 'vitest';
import { sql, eq } from 'drizzle-orm';
import { createDb, MigrationsPendingError, rowsOf, schema } from '../../db/index.ts';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { createScratchDb, dbKinds, describeEachDb } from '../helpers/db.ts';
import { expectError } from '../helpers/http.ts';
import { fixtureStudy } from '../indicators/fixtures/study.ts';

async function migrationCount(handle: Awaited<ReturnType<typeof createDb>>): Promise<number> {
  const res = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(rowsOf<{ n: number }>(res)[0]?.n);
}

for (const kind of dbKinds()) {
  describe(`migrations [${kind}]`, () => {
    it('apply on an empty database, and applying them twice is a no-op', async () => {
      const scratch = await createScratchDb(kind, { migrate: false });
      try {
        await expect(scratch.handle.checkReady()).rejects.toBeInstanceOf(MigrationsPendingError);
        await scratch.handle.migrate();
        const once = await migrationCount(scratch.handle);
        expect(once).toBeGreaterThan(0);
        await scratch.handle.db.insert(schema.studies).values({ slug: 'kept', title: 'Kept' });
        await scratch.handle.migrate();
        expect(await migrationCount(scratch.handle)).toBe(once);
        const rows = await scratch.handle.db.select().from(schema.studies);
        expect(rows.map((r) => r.slug)).toEqual(['kept']);
        await expect(scratch.handle.checkReady()).resolves.toBeUndefined();
      } finally {
        await scratch.dispose();
      }
    });
  });
}

describeEachDb('schema contract', (ctx) => {
  it('stores studies, versioned instruments and waves, and refuses a duplicate version', async () => {
    const { db } = ctx.handle;
    const definitions = fixtureStudy();
    const definition = definitions.instruments[0];
    const waveDefinition = definitions.waves[0];
    if (!definition || !waveDefinition) throw new Error('the fixture study has no instrument or wave');
    const [study] = await db
      .insert(schema.studies)
      .values({ slug: 'migration', title: 'Migration perceptions' })
      .returning();
    if (!study) throw new Error('insert returned nothing');
    const [instrument] = await db
      .insert(schema.instruments)
      .values({
        studyId: study.id,
        code: 'core',
        version: '1.0.0',
        fingerprint: 'sha256:abc',
        definition,
      })
      .returning();
    if (!instrument) throw new Error('insert returned nothing');
    await expect(
      db
        .insert(schema.instruments)
        .values({ studyId: study.id, code: 'core', version: '1.0.0', fingerprint: 'sha256:def', definition }),
    ).rejects.toThrow();
    await db.insert(schema.waves).values({
      studyId: study.id,
      instrumentId: instrument.id,
      code: 'w2026',
      year: 2026,
      definition: waveDefinition,
    });
    const [wave] = await db.select().from(schema.waves).where(eq(schema.waves.code, 'w2026'));
    expect(wave?.status).toBe('draft');
    await expect(db.execute(sql`update waves set status = 'paused'`)).rejects.toThrow();
  });

  it('keeps an audit log in insertion order', async () => {
    const { db } = ctx.handle;
    await db.insert(schema.auditLog).values([
      { actor: 'cli', action: 'study.load', details: { slug: 'a' } },
      { actor: 'cli', action: 'wave.open', targetType: 'wave', targetId: 'w1' },
    ]);
    const rows = await db.select().from(schema.auditLog).orderBy(schema.auditLog.id);
    expect(rows.map((r) => r.action)).toEqual(['study.load', 'wave.open']);
    expect(rows[0]?.details).toEqual({ slug: 'a' });
  });

  it('starts each test with empty tables', async () => {
    expect(await ctx.handle.db.select().from(schema.auditLog)).toEqual([]);
  });

  it('is ready once migrated (GET /readyz → 200)', async () => {
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 4096 });
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: ctx.kind });
  });
});

describe('readiness when the database is unreachable', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('PostgreSQL that does not answer → /readyz 503 with the error shape, /healthz still 200', async () => {
    const handle = await createDb({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', connectTimeout: 2 });
    cleanup.push(() => handle.close());
    const app = createApp({ db: handle, logger: silentLogger, bodyLimit: 4096 });
    const res = await app.request('/readyz');
    await expectError(res, 503, 'unavailable');
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('a closed embedded database → /readyz 503', async () => {
    const scratch = await createScratchDb('pglite');
    const app = createApp({ db: scratch.handle, logger: silentLogger, bodyLimit: 4096 });
    expect((await app.request('/readyz')).status).toBe(200);
    await scratch.dispose();
    expect((await app.request('/readyz')).status).toBe(503);
  });
});
