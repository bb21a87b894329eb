/**
 * Runs once before the suite. With TEST_DATABASE_URL set, every database
 * contract suite also runs against that PostgreSQL server; with
 * REQUIRE_POSTGRES=1 (as in .ci/run) its absence is an error, not a skip.
 */
import postgres from 'postgres';

export default async function setup(): Promise<() => void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(
        'REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL half of the suite cannot run',
      );
    }
    const notice =
      '\n*** TEST_DATABASE_URL is not set: database suites ran on embedded PGlite only; the PostgreSQL half was NOT run. ***\n' +
      '*** Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to run it (as .ci/run does).            ***\n';
    process.stderr.write(notice);
    return () => process.stderr.write(notice);
  }
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: string }[]>`select version() as version`;
    process.stderr.write(
      `\nDatabase suites run on PGlite and on PostgreSQL (${row?.version.split(',')[0] ?? 'unknown version'}).\n`,
    );
  } catch (err) {
    throw new Error(
      `TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await sql.end();
  }
  return () => {};
}
