/**
 * `createDb(config)`: one typed database handle, backed by embedded PGlite
 * (a data folder, or memory) when no URL is given, and by PostgreSQL through
 * the `postgres` driver when one is. Both are drizzle `PgDatabase`s over the
 * same schema, so the rest of the code never asks which one it has.
 */
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { initialiseDataDir, isInitialised } from './initdb.ts';
import { lockDataDir, lockHolder, recordedSocket, recordSocket, type LockOwner } from './lock.ts';
import { removeStaleSocket, removeStaleTemporarySocket, serveSocket, socketName, type SocketServer } from './socket.ts';
import { DatabaseUnavailableError, pgliteUnavailable, postgresUnavailable } from './open-error.ts';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { pooledClient } from './pool.ts';
import { rowsOf, type Database } from './database.ts';
import * as schema from './schema.ts';

export { schema };
export { DataDirLockedError, lockPathOf } from './lock.ts';
export { socketName } from './socket.ts';
export { DatabaseUnavailableError } from './open-error.ts';

/** The drizzle handle every service receives, and how to read the rows of a raw statement. */
export { rowsOf, type Database, type Schema, type Tx } from './database.ts';
export { audit, type AuditEntry } from './audit.ts';

export type DbConfig =
  /** Embedded PGlite; `dataDir` undefined means in memory. */
  | {
      readonly kind: 'pglite';
      readonly dataDir?: string | undefined;
      /** Serve the open database to other processes on a Unix socket in the data folder (the server: db/socket.ts). */
      readonly serveSocket?: boolean | undefined;
      /**
       * When a running server holds the data folder and serves it on its socket, connect through
       * that socket with the `postgres` driver instead of opening PGlite (CLI commands).
       */
      readonly viaServer?: boolean | undefined;
    }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Connections in the pool (default 10). */
      readonly max?: number | undefined;
      /** Seconds to wait for a connection before failing (default 10). */
      readonly connectTimeout?: number | undefined;
    };

export interface DbHandle {
  readonly kind: DbConfig['kind'];
  readonly db: Database;
  /** Connections the handle can use at once (1 for PGlite); the server admits no more requests than this at a time. */
  readonly poolSize: number;
  /** The running server whose embedded database this handle reaches through its socket (`viaServer`). */
  readonly server?: { readonly pid: number; readonly socket: string } | undefined;
  /** Where this handle serves its embedded database to other processes (`serveSocket`). */
  readonly socket?: string | undefined;
  /** Why it could not serve it (`serveSocket` asked, no socket could be listened on). */
  readonly socketProblem?: string | undefined;
  /** Applies pending migrations; applying them again is a no-op. */
  migrate(): Promise<void>;
  /** Throws unless the database answers and every committed migration is applied. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

interface JournalEntry {
  readonly when: number;
  readonly tag: string;
}

function readJournal(): readonly JournalEntry[] {
  const raw: unknown = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('entries' in raw) || !Array.isArray(raw.entries)) {
    throw new Error(`${migrationsFolder}/meta/_journal.json has no entries array`);
  }
  return raw.entries.map((e: unknown): JournalEntry => {
    if (
      typeof e === 'object' &&
      e !== null &&
      'when' in e &&
      'tag' in e &&
      typeof e.when === 'number' &&
      typeof e.tag === 'string'
    ) {
      return { when: e.when, tag: e.tag };
    }
    throw new Error('malformed migration journal entry');
  });
}

/** Error thrown by `checkReady` when the schema is behind the committed migrations. */
export class MigrationsPendingError extends Error {
  constructor(applied: number, expected: number) {
    super(`${applied} of ${expected} migrations applied`);
    this.name = 'MigrationsPendingError';
  }
}

async function checkMigrations(db: Database): Promise<void> {
  const journal = readJournal();
  const last = journal.at(-1);
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  const present = rowsOf<{ present: boolean }>(exists)[0]?.present === true;
  if (!present) throw new MigrationsPendingError(0, journal.length);
  const res = await db.execute<{ n: string | number; latest: string | number | null }>(
    sql`select count(*) as n, max(created_at) as latest from drizzle.__drizzle_migrations`,
  );
  const row = rowsOf<{ n: string | number; latest: string | number | null }>(res)[0];
  const applied = Number(row?.n ?? 0);
  const latest = row?.latest == null ? 0 : Number(row.latest);
  if (applied < journal.length || (last !== undefined && latest < last.when)) {
    throw new MigrationsPendingError(applied, journal.length);
  }
}

/** Connections to PostgreSQL per process, unless the configuration says otherwise. */
export const defaultPoolSize = 10;

/**
 * The data folder, created if need be, as a real path: PGlite's file system does not follow a
 * symbolic link (a linked folder failed with `ErrnoError { errno: 44 }`), and one folder reached by
 * two names must have one lock.
 */
function realDataDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    return realpathSync(dir);
  } catch (err) {
    throw new DatabaseUnavailableError(
      `cannot open the embedded database in ${dir}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export async function createDb(config: DbConfig): Promise<DbHandle> {
  if (config.kind === 'postgres') {
    const client = postgres(config.url, {
      max: config.max ?? defaultPoolSize,
      connect_timeout: config.connectTimeout ?? 10,
      onnotice: () => {},
    });
    return postgresHandle(client, (err) => postgresUnavailable(err, config.url));
  }
  const dataDir = config.dataDir === undefined ? undefined : realDataDir(config.dataDir);
  if (dataDir !== undefined && config.viaServer === true) {
    const holder = lockHolder(dataDir);
    if (holder?.socket !== undefined) {
      const reached = await throughServer(dataDir, holder, holder.socket);
      // A server that stopped meanwhile has released the folder (or left a stale lock): open it here.
      if (reached !== undefined) return reached;
    }
  }
  return openPglite(dataDir, config);
}

/** Drizzle over the `postgres` driver (a PostgreSQL URL, or a running server's socket). */
function postgresHandle(
  client: postgres.Sql,
  unavailable: (err: unknown) => DatabaseUnavailableError | undefined,
  server?: DbHandle['server'],
): DbHandle {
  // drizzle talks to a pool of reserved connections, not to the driver's own pool (see pool.ts).
  const pool = pooledClient(client, client.options.max);
  const db = drizzlePostgres(pool as unknown as typeof client, { schema });
  return {
    kind: 'postgres',
    db,
    poolSize: pool.size,
    server,
    migrate: () =>
      migratePostgres(db, { migrationsFolder }).catch((err: unknown) => {
        throw unavailable(err) ?? err;
      }),
    checkReady: () => checkMigrations(db),
    close: () => pool.end({ timeout: 5 }),
  };
}

/**
 * The embedded database of the running server `holder`, through its socket: one connection (the
 * server's PGlite is one backend, which its socket lends to one client at a time). Undefined when
 * the socket does not answer and the server is gone; an error when it does not answer and the
 * server still holds the folder.
 */
async function throughServer(dataDir: string, holder: LockOwner, socket: string): Promise<DbHandle | undefined> {
  const client = postgres({
    path: socket,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    connect_timeout: 10,
    onnotice: () => {},
  });
  // Why the socket failed, when it did (a connection error, not a failing statement).
  const unreachable = (err: unknown) =>
    postgresUnavailable(err, 'postgres://localhost') === undefined
      ? undefined
      : new DatabaseUnavailableError(
          `the server (process ${holder.pid}) holds the embedded database but did not answer on ${socket}: ${err instanceof Error ? err.message : String(err)}`,
        );
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 });
    if (lockHolder(dataDir) === undefined) return undefined;
    throw unreachable(err) ?? err;
  }
  return postgresHandle(client, unreachable, { pid: holder.pid, socket });
}

/** Opens PGlite on a data folder (or in memory), holding the folder's lock while open. */
async function openPglite(
  dataDir: string | undefined,
  config: Extract<DbConfig, { kind: 'pglite' }>,
): Promise<DbHandle> {
  // A socket recorded in a stale lock, left by a server that is gone.
  const left = dataDir === undefined || lockHolder(dataDir) !== undefined ? undefined : recordedSocket(dataDir);
  // One process per data folder (db/lock.ts): throws DataDirLockedError when another holds it.
  const unlock = dataDir === undefined ? () => {} : lockDataDir(dataDir);
  // The folder is ours: a socket file in it, or where the stale lock says, was a dead server's.
  if (dataDir !== undefined) removeStaleSocket(join(dataDir, socketName));
  if (left !== undefined && dataDir !== undefined && left !== join(dataDir, socketName))
    removeStaleTemporarySocket(left);
  let client: PGlite;
  try {
    if (dataDir !== undefined && !isInitialised(dataDir)) await initialiseDataDir(dataDir);
    client = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
    await client.waitReady;
  } catch (err) {
    unlock();
    throw pgliteUnavailable(err, config.dataDir ?? 'memory');
  }
  let served: SocketServer | undefined;
  let socketProblem: string | undefined;
  if (dataDir !== undefined && config.serveSocket === true) {
    // Without a socket the server still serves; CLI commands then stop while it runs, as they did.
    try {
      served = await serveSocket(client, dataDir);
      recordSocket(dataDir, served.path);
    } catch (err) {
      await served?.close();
      served = undefined;
      socketProblem = err instanceof Error ? err.message : String(err);
    }
  }
  const db = drizzlePglite(client, { schema });
  return {
    kind: 'pglite',
    db,
    poolSize: 1,
    socket: served?.path,
    socketProblem,
    migrate: () => migratePglite(db, { migrationsFolder }),
    checkReady: async () => {
      if (client.closed) throw new Error('database is closed');
      await checkMigrations(db);
    },
    close: async () => {
      if (served !== undefined && dataDir !== undefined) {
        recordSocket(dataDir, undefined);
        await served.close();
      }
      if (!client.closed) await client.close();
      unlock();
    },
  };
}
