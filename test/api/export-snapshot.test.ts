/**
 * Exports of a wave that keeps receiving responses: the file is a consistent snapshot (the rows
 * stored when the export started, as many as its header declares), and a failure after the header
 * is out aborts the transfer, so a client never takes a short file delivered with status 200.
 */
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { exportResponsesCsv } from '../../src/collection/export.ts';
import { exportResponsesFile } from '../../src/collection/export-file.ts';
import { readSav } from '../../src/formats/sav-read.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, openFlagshipWave, Respondent, tokenFor } from '../helpers/collection.ts';
import { insertResponses } from '../helpers/responses.ts';
import { concat } from '../analysis/support/sav-files.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';

describeEachDb('exports of a wave receiving responses', (ctx) => {
  async function waveWith(n: number) {
    const w = await openFlagshipWave(ctx.handle);
    const submit = async () => {
      const r = new Respondent(w.app, w.waveId);
      await r.start();
      await r.answerAll({ MIG_LEVEL: 'decreased' });
      expect((await r.submit()).status).toBe(201);
    };
    for (let k = 0; k < n; k++) await submit();
    return { ...w, submit };
  }

  it('a .sav export holds the responses stored when it started, while two more arrive during it', async () => {
    const w = await waveWith(3);
    const chunks: Uint8Array[] = [];
    const it = exportResponsesFile(ctx.handle.db, w.waveId, 'sav', { batchSize: 1 });
    const header = await it.next();
    if (header.done) throw new Error('no header');
    chunks.push(header.value);
    await w.submit();
    await w.submit();
    for (let next = await it.next(); !next.done; next = await it.next()) chunks.push(next.value);
    const sav = readSav(concat(chunks));
    expect(sav.n).toBe(3);
    const ids = sav.columns[sav.variables.findIndex((v) => v.name === 'response_id')];
    const stored = await ctx.handle.db
      .select({ id: schema.responses.id })
      .from(schema.responses)
      .where(eq(schema.responses.waveId, w.waveId))
      .orderBy(schema.responses.id);
    expect(stored).toHaveLength(5);
    expect(Array.from(ids instanceof Float64Array ? ids : [])).toEqual(stored.slice(0, 3).map((r) => r.id));
  });

  it('a CSV export holds the responses stored when it started, while two more arrive during it', async () => {
    const w = await waveWith(3);
    let text = '';
    const it = exportResponsesCsv(ctx.handle.db, w.waveId, { batchSize: 1 });
    const header = await it.next();
    if (header.done) throw new Error('no header');
    text += header.value;
    await w.submit();
    await w.submit();
    for (let next = await it.next(); !next.done; next = await it.next()) text += next.value;
    expect(parse(text, { columns: true })).toHaveLength(3);
  });

  it('over the API, responses arriving during a .sav export leave it whole', async () => {
    const w = await waveWith(3);
    const token = await tokenFor(ctx.handle, 'researcher');
    const res = await call(w.app, 'GET', `/v1/research/waves/${w.waveId}/responses.sav`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    if (first.value) chunks.push(first.value);
    await w.submit();
    await w.submit();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(readSav(concat(chunks)).n).toBe(3);
  });

  it('over the API, data the format cannot hold is a 422 before any byte, not a 200 with an empty file', async () => {
    const w = await openFlagshipWave(ctx.handle);
    await insertResponses(ctx.handle.db, flagship, [
      { wave: 'mp-2026', answers: { MIG_LEVEL: 'decreased', CAMPAIGN_UNAIDED: 'x'.repeat(3000) } },
    ]);
    const token = await tokenFor(ctx.handle, 'researcher');
    const res = await call(w.app, 'GET', `/v1/research/waves/${w.waveId}/responses.dta`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('str2045');
  });

  it('over the API, rows lost after the header abort the transfer instead of ending a short file', async () => {
    const w = await openFlagshipWave(ctx.handle);
    await insertResponses(
      ctx.handle.db,
      flagship,
      Array.from({ length: 1500 }, () => ({ wave: 'mp-2026', answers: { MIG_LEVEL: 'decreased' } })),
    );
    const token = await tokenFor(ctx.handle, 'researcher');
    for (const format of ['sav', 'dta']) {
      const res = await call(w.app, 'GET', `/v1/research/waves/${w.waveId}/responses.${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const reader = res.body?.getReader();
      if (!reader) throw new Error('no body');
      await reader.read();
      // Responses are immutable (a trigger refuses DELETE); emptying the table by hand is what makes
      // the export fail after its header declared 1,500 rows.
      await ctx.handle.db.execute(sql`truncate ${schema.responses} cascade`);
      const drain = async () => {
        for (let next = await reader.read(); !next.done; next = await reader.read());
      };
      await expect(drain(), format).rejects.toThrow(/lost rows/);
      await insertResponses(
        ctx.handle.db,
        flagship,
        Array.from({ length: 1500 }, () => ({ wave: 'mp-2026', answers: { MIG_LEVEL: 'decreased' } })),
      );
    }
  }, 60_000);
});
