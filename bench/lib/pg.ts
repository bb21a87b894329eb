/** Fresh PostgreSQL databases for benchmarks and the crash test, created and dropped over the `postgres` driver. */
import postgres from 'postgres';

export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<time>_<random>` next to the one `adminUrl` points at. */
export async function createFreshDatabase(adminUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

/** The server's `synchronous_commit`, `fsync` and `max_connections` settings, for the record. */
export async function durabilitySettings(url: string): Promise<Record<string, string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { name: string; setting: string }[]
    >`select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'max_connections', 'wal_sync_method', 'server_version')`;
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await sql.end({ timeout: 5 });
  }
}
