/**
 * POST /v1/research/waves/{waveId}/submissions: an ODK Central CSV export posted by a researcher is
 * imported as `barometer import submissions` imports it — valid rows stored with mode face_to_face
 * (or phone), refused rows reported with their row number and field, a second post adds nothing —
 * and a file that is not of the form, a viewer's token, or a body that is not CSV are refused.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Instrument } from '../../src/instrument/index.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, ok, tokenFor } from '../helpers/collection.ts';
import { csvText, odkCentral, openFieldWave, walkedAnswers, type Submission } from '../helpers/field-exports.ts';
import { expectError } from '../helpers/http.ts';

const Report = z
  .object({
    rows: z.number(),
    added: z.number(),
    already: z.number(),
    refusedRows: z.number(),
    refused: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() }).strict()),
    ignored: z.array(z.string()),
  })
  .strict();

describeEachDb('researcher API: importing field submissions', (ctx) => {
  let app: App;
  let waveId: string;
  let instrument: Instrument;
  let researcher: Record<string, string>;
  beforeEach(async () => {
    ({ waveId, instrument } = await openFieldWave(ctx.handle));
    app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 1024 * 1024, rateLimit: 0 });
    researcher = { authorization: `Bearer ${await tokenFor(ctx.handle, 'researcher')}` };
  });
  const post = (body: string, headers: Record<string, string>, query = '') =>
    call(app, 'POST', `/v1/research/waves/mp-2024/submissions${query}`, {
      body,
      headers: { 'content-type': 'text/csv; charset=utf-8', ...headers },
    });
  const stored = () =>
    ctx.handle.db
      .select({ mode: schema.responses.mode, by: schema.responses.interviewerId, id: schema.sessions.externalId })
      .from(schema.responses)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.responses.sessionId))
      .where(eq(schema.responses.waveId, waveId))
      .orderBy(schema.responses.id);

  it('stores the valid rows with mode face_to_face, reports each refused field by row, and a second post adds nothing', async () => {
    const answers = [1, 2, 3, 4].map((seed) => walkedAnswers(instrument, seed));
    const subs: Submission[] = [
      { id: 'r1', answers: answers[0] ?? {}, by: '7' },
      { id: 'r2', answers: answers[1] ?? {}, by: '8' },
      { id: 'bad', answers: answers[2] ?? {}, by: '8', cells: { MIG_LEVEL: 'lots' } },
      { id: 'old', answers: answers[3] ?? {}, by: '8', fingerprint: 'sha256:0000' },
    ];
    const csv = csvText(odkCentral(instrument, subs));
    const first = await ok(await post(csv, researcher), 200, Report);
    expect(first).toMatchObject({ rows: 4, added: 2, already: 0, refusedRows: 2, ignored: ['ReviewState'] });
    expect(first.refused).toContainEqual({
      row: 4,
      field: expect.stringMatching(/MIG_LEVEL$/),
      message: expect.stringMatching(/"lots".*unknown_option/),
    });
    expect(first.refused).toContainEqual(
      expect.objectContaining({
        row: 5,
        field: 'instrument_fingerprint',
        message: expect.stringMatching(/another version/),
      }),
    );
    expect(await stored()).toEqual([
      { mode: 'face_to_face', by: '7', id: 'r1' },
      { mode: 'face_to_face', by: '8', id: 'r2' },
    ]);

    const again = await ok(await post(csv, researcher), 200, Report);
    expect(again).toMatchObject({ rows: 4, added: 0, already: 2, refusedRows: 2 });
    expect(await stored()).toHaveLength(2);

    // The fixed row, with mode phone asked for: only it is added, by the wave's id as well as its code.
    const fixed = csvText(odkCentral(instrument, [{ id: 'bad', answers: answers[2] ?? {}, by: '8' }]));
    const third = await ok(
      await call(app, 'POST', `/v1/research/waves/${waveId}/submissions?mode=phone`, {
        body: fixed,
        headers: { 'content-type': 'text/csv', ...researcher },
      }),
      200,
      Report,
    );
    expect(third).toMatchObject({ rows: 1, added: 1, refused: [] });
    expect((await stored()).at(-1)).toEqual({ mode: 'phone', by: '8', id: 'bad' });
    const [audited] = await ctx.handle.db
      .select({ actor: schema.auditLog.actor })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, 'submissions.import'));
    expect(audited?.actor).toBe('token:test-researcher');
  });

  it('refuses a viewer (403), a body that is not CSV (415), and a file not of the form or a bad query (400, the field named), storing nothing', async () => {
    const csv = csvText(odkCentral(instrument, [{ id: 'x', answers: walkedAnswers(instrument, 1), by: '1' }]));
    const viewer = { authorization: `Bearer ${await tokenFor(ctx.handle, 'viewer')}` };
    await expectError(await post(csv, viewer), 403, 'forbidden');
    await expectError(await post(csv, {}), 401, 'unauthorized');
    const json = await call(app, 'POST', '/v1/research/waves/mp-2024/submissions', { body: {}, headers: researcher });
    await expectError(json, 415, 'unsupported_media_type');

    const expect400 = async (res: Response, field: RegExp) => {
      expect(res.status).toBe(400);
      const body = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).parse(await res.json());
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toMatch(field);
    };
    const header = csv.split('\r\n')[0] ?? '';
    await expect400(await post('', researcher), /^file: .*no header/);
    await expect400(
      await post(`${header.replace('instrument_fingerprint', 'other')}\r\n`, researcher),
      /^file: no instrument_fingerprint column/,
    );
    await expect400(await post('a,"b\r\n', researcher), /^file: .*quoted field is not closed/);
    await expect400(await post(csv, researcher, '?mode=web'), /mode/);
    await expect400(await post(csv, researcher, '?language=xx'), /^language: the instrument has no language "xx"/);
    await expectError(
      await call(app, 'POST', '/v1/research/waves/zz-1999/submissions', {
        body: csv,
        headers: { 'content-type': 'text/csv', ...researcher },
      }),
      404,
      'not_found',
    );
    expect(await stored()).toEqual([]);
  });
});
