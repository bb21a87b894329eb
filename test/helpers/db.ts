/**
 * Database helpers for contract suites: the same tests run on embedded PGlite
 * and, when TEST_DATABASE_URL is set, on real PostgreSQL. One database per
 * kind per test file (a new PGlite in memory; a new PostgreSQL database that
 * is dropped afterwards), emptied before each test.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createDb, rowsOf, type DbHandle } from '../../db/index.ts';

export type DbKind = DbHandle['kind'];

/** The kinds this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ScratchDb {
  readonly handle: DbHandle;
  /** For PostgreSQL, the URL of the scratch database (to start a server on it). */
  readonly url?: string;
  dispose(): Promise<void>;
}

/** A new, empty database of the given kind; migrated unless `migrate: false`. */
export async function createScratchDb(kind: DbKind, options: { migrate?: boolean } = {}): Promise<ScratchDb> {
  if (kind === 'pglite') {
    const handle = await createDb({ kind: 'pglite' });
    if (options.migrate !== false) await handle.migrate();
    return { handle, dispose: () => handle.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is required for PostgreSQL tests');
  const name = `barometer_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = withDatabase(adminUrl, name);
  const handle = await createDb({ kind: 'postgres', url, max: 4 });
  if (options.migrate !== false) await handle.migrate();
  return {
    handle,
    url,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Empties every table of the public schema (keeps the migration record). */
export async function truncateAll(handle: DbHandle): Promise<void> {
  const res = await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const tables = rowsOf<{ tablename: string }>(res).map((r) => `"public"."${r.tablename}"`);
  if (tables.length > 0) await handle.db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
}

export interface DbContext {
  readonly kind: DbKind;
  /** The migrated database of this kind, emptied before each test. */
  readonly handle: DbHandle;
  readonly url: string | undefined;
}

/**
 * For suites whose subject is not the database (statistics on a simulated world, which the
 * contract suites already show both drivers store alike): `body` once, on the last kind of the
 * run (PostgreSQL when TEST_DATABASE_URL is set, where bulk writes are quickest; PGlite otherwise).
 */
export function describeOneDb(title: string, body: (ctx: DbContext) => void): void {
  describeEachDb(title, body, dbKinds().slice(-1));
}

/**
 * Declares `body` once per database kind, as drizzle-orm runs one contract
 * suite against each driver. Inside, `ctx.handle` is a migrated database
 * emptied before every test.
 */
export function describeEachDb(title: string, body: (ctx: DbContext) => void, kinds: DbKind[] = dbKinds()): void {
  for (const kind of kinds) {
    describe(`${title} [${kind}]`, () => {
      let scratch: ScratchDb | undefined;
      const ctx: DbContext = {
        kind,
        get handle() {
          if (!scratch) throw new Error('database not ready: use ctx.handle inside a test or hook');
          return scratch.handle;
        },
        get url() {
          return scratch?.url;
        },
      };
      beforeAll(async () => {
        scratch = await createScratchDb(kind);
      });
      beforeEach(async () => {
        if (scratch) await truncateAll(scratch.handle);
      });
      afterAll(async () => {
        await scratch?.dispose();
      });
      body(ctx);
    });
  }
}
