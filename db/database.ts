/** The drizzle handle every service receives, and the rows of a raw statement, on either driver. */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

export type Schema = typeof schema;

export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The handle of an open transaction (what `db.transaction` passes its callback). */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Rows of a `db.execute` result: postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result;
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error('unexpected result shape from db.execute');
}
