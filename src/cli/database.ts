/** Opening the configured database from a CLI command (same variables and flags as `serve`). */
import { createDb, DatabaseUnavailableError, socketName, type DbHandle } from '../../db/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { CliError } from './io.ts';

/** Options every database command accepts. */
export const databaseOptions = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const databaseUsage = `  --database-url URL    PostgreSQL URL [DATABASE_URL]; unset: embedded PGlite
  --data-dir DIR        PGlite data folder [BAROMETER_DATA_DIR] (default ./.barometer/data)
                        (PGlite allows one process per data folder: while the server runs on
                        it, this command reaches the server's database through its socket
                        DIR/${socketName}, and says so on stderr)`;

/**
 * Opens and migrates the database the environment and a command's `databaseOptions` flags name:
 * on the embedded database a running server holds, the server's own, through its socket
 * (db/socket.ts), with one line to `notify` saying so.
 */
export async function openDatabase(
  env: Readonly<Record<string, string | undefined>>,
  flags: { readonly 'database-url'?: string | undefined; readonly 'data-dir'?: string | undefined },
  notify: (line: string) => void = () => {},
): Promise<{ handle: DbHandle; config: Config }> {
  const config = loadConfig(env, { 'database-url': flags['database-url'], 'data-dir': flags['data-dir'] });
  const handle = await createDb(
    config.databaseUrl === undefined
      ? { kind: 'pglite', dataDir: config.dataDir, viaServer: true }
      : { kind: 'postgres', url: config.databaseUrl },
  );
  if (handle.server !== undefined)
    notify(
      `barometer: using the database of the running server (process ${handle.server.pid}) through ${handle.server.socket}\n`,
    );
  try {
    await handle.migrate();
  } catch (err) {
    await handle.close();
    if (err instanceof DatabaseUnavailableError) throw err;
    throw new CliError(`cannot prepare the database: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { handle, config };
}
