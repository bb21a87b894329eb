/**
 * The hand-written write statement (db/writes.ts) names columns of db/schema.ts in its SQL. These
 * tests read the statement's column lists and hold them against drizzle's own description of the
 * tables, so renaming a column it writes, or adding a column it does not write, fails here rather
 * than at the first respondent's request. They also hold the statement's JSON row shapes against
 * the rows the TypeScript side sends.
 */
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import {
  writeParams,
  writeStatement,
  type SaveRow,
  type StartRow,
  type SubmitRow,
  type Write,
} from '../../db/writes.ts';

const columnsOf = (table: PgTable) =>
  getTableConfig(table)
    .columns.map((c) => c.name)
    .sort();

/** The column lists of every `insert into TABLE (a, b, …)` of the statement. */
function inserts(sqlText: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of sqlText.matchAll(/insert into (\w+) \(([^)]*)\)/g)) {
    const [, table = '', list = ''] = m;
    out.set(table, [...(out.get(table) ?? []), ...list.split(',').map((c) => c.trim())]);
  }
  return out;
}

/** The columns every `update TABLE alias set a = …, b = …` of the statement assigns. */
function updates(sqlText: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of sqlText.matchAll(/update (\w+) \w+ set ([\s\S]*?)\n?\s*(?:from|where)\s/g)) {
    const [, table = '', sets = ''] = m;
    const assigned = [...sets.matchAll(/(?:^|,)\s*(\w+)\s*=/g)].map((a) => a[1] ?? '');
    out.set(table, [...(out.get(table) ?? []), ...assigned]);
  }
  return out;
}

/** Columns of each table the statement inserts into, and leaves to their defaults on purpose. */
const leftToDefaults: Record<string, readonly string[]> = {
  sessions: ['status', 'ended_at', 'version', 'external_id'],
  responses: ['id'],
  idempotency_keys: ['created_at'],
};

const tables: Record<string, PgTable> = {
  sessions: schema.sessions,
  responses: schema.responses,
  idempotency_keys: schema.idempotencyKeys,
  invitations: schema.invitations,
};

describe('the write statement against db/schema.ts', () => {
  it('inserts every column of each table it inserts into, but the ones it leaves to their defaults', () => {
    const found = inserts(writeStatement);
    expect([...found.keys()].sort()).toEqual(['idempotency_keys', 'responses', 'sessions']);
    for (const [table, written] of found) {
      const declared = tables[table];
      if (!declared) throw new Error(`the statement inserts into ${table}, which this test does not know`);
      expect([...new Set([...written, ...(leftToDefaults[table] ?? [])])].sort(), table).toEqual(columnsOf(declared));
    }
  });

  it('updates only columns the tables have', () => {
    const found = updates(writeStatement);
    expect([...found.keys()].sort()).toEqual(['invitations', 'sessions']);
    for (const [table, assigned] of found) {
      const declared = tables[table];
      if (!declared) throw new Error(`the statement updates ${table}, which this test does not know`);
      expect(assigned.length, table).toBeGreaterThan(0);
      for (const column of assigned) expect(columnsOf(declared), `${table}.${column}`).toContain(column);
    }
  });

  it('reads from each JSON row exactly the fields the TypeScript side sends', () => {
    // One row of each kind with every field of its type.
    const common = {
      scope: 's',
      key: null,
      request_hash: 'h',
      body: {},
      at: '2026-01-01T00:00:00Z',
      id: 'i',
      wave_id: 'w',
      paradata: {},
    };
    const start: StartRow = {
      ...common,
      secret_hash: 'x',
      invitation_hash: null,
      language: 'en',
      presentation: {},
      device_class: 'desktop',
      device_hash: null,
      mode: 'web',
      interviewer_id: null,
    };
    const save: SaveRow = { ...common, version: 0, answers: {} };
    const submit: SubmitRow = {
      ...common,
      version: 0,
      answers: {},
      instrument_id: 'i',
      instrument_version: '1',
      fingerprint: 'f',
    };
    const writes: Write[] = [
      { kind: 'start', row: start },
      { kind: 'save', row: save },
      { kind: 'submit', row: submit },
    ];
    const { params } = writeParams(writes);
    const recordsets = [...writeStatement.matchAll(/jsonb_to_recordset\(\$(\d)::text::jsonb\) as x\(([^)]*)\)/g)];
    expect(recordsets).toHaveLength(3);
    for (const [, param = '', list = ''] of recordsets) {
      const fields = list.split(',').map((f) => f.trim().split(/\s+/)[0] ?? '');
      const sent: unknown = JSON.parse(params[Number(param) - 1] ?? '[]');
      if (!Array.isArray(sent) || typeof sent[0] !== 'object' || sent[0] === null)
        throw new Error(`no row sent for $${param}`);
      expect(fields.sort(), `$${param}`).toEqual(Object.keys(sent[0]).sort());
    }
  });
});
