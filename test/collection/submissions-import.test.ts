/**
 * Field submissions into a wave (`importSubmissions`, `barometer import submissions`): ODK Central
 * and KoboToolbox exports of the flagship's XLSForm, validated row by row as the web's answers
 * are; valid rows stored with the mode and interviewer, refused rows listed with their row number
 * and field and nothing written for them; a second import adds nothing, and after fixing a row
 * adds only that one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { createDb, schema } from '../../db/index.ts';
import { main } from '../../src/cli/index.ts';
import { importSubmissions } from '../../src/collection/submissions.ts';
import { readCsvRecords } from '../../src/formats/csv-read.ts';
import { instrumentFingerprint, type Answers, type Instrument } from '../../src/instrument/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import {
  csvText,
  fieldValue,
  formFields,
  odkCentral,
  openFieldWave,
  walkedAnswers,
  type Submission,
} from '../helpers/field-exports.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'barometer-submissions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachDb('importing field submissions', (ctx) => {
  const setup = () => openFieldWave(ctx.handle);
  const rowsOf = (records: string[][]) => records.map((values, k) => ({ row: k + 1, values }));
  const fieldImport = (waveId: string, records: string[][]) =>
    importSubmissions(ctx.handle.db, { waveId, rows: rowsOf(records), mode: 'face_to_face', actor: 'test' });

  it('stores the valid rows with their mode and interviewer, lists each refused field by row, and a second import adds nothing', async () => {
    const { waveId, instrument } = await setup();
    const answers = [1, 2, 3, 4, 5, 6].map((seed) => walkedAnswers(instrument, seed));
    const subs: Submission[] = [
      { id: 'a1', answers: answers[0] ?? {}, by: '7' },
      { id: 'a2', answers: answers[1] ?? {}, by: '7' },
      { id: 'a3', answers: answers[2] ?? {}, by: '9' },
      { id: 'bad-option', answers: answers[3] ?? {}, by: '9', cells: { MIG_LEVEL: 'lots' } },
      { id: 'old-form', answers: answers[4] ?? {}, by: '9', fingerprint: 'sha256:0000' },
      { id: '', answers: answers[5] ?? {}, by: '9' },
    ];
    const csv = odkCentral(instrument, subs);
    const records = readCsvRecords(csvText(csv));
    const first = await fieldImport(waveId, records);
    expect(first).toMatchObject({ rows: 6, added: 3, already: 0 });
    expect(first.ignored).toEqual(['ReviewState']);
    const lines = first.refused.map((p) => `row ${p.row}, field ${p.field}: ${p.message}`);
    expect(lines).toContainEqual(expect.stringMatching(/^row 5, field [a-z_-]*-?MIG_LEVEL: .*"lots".*unknown_option/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^row 6, field instrument_fingerprint: sha256:0000 is another version/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^row 7, field instanceID: empty/));
    expect(new Set(first.refused.map((p) => p.row))).toEqual(new Set([5, 6, 7]));

    const stored = await ctx.handle.db
      .select({
        mode: schema.responses.mode,
        interviewer: schema.responses.interviewerId,
        answers: schema.responses.answers,
        external: schema.sessions.externalId,
        submittedAt: schema.responses.submittedAt,
      })
      .from(schema.responses)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.responses.sessionId))
      .where(eq(schema.responses.waveId, waveId))
      .orderBy(schema.responses.id);
    expect(stored.map((r) => [r.external, r.mode, r.interviewer])).toEqual([
      ['a1', 'face_to_face', '7'],
      ['a2', 'face_to_face', '7'],
      ['a3', 'face_to_face', '9'],
    ]);
    // The answers stored are the walked answers, normalised as the web stores them.
    expect(stored.map((r) => r.answers)).toEqual(answers.slice(0, 3));
    expect(stored[0]?.submittedAt.toISOString()).toBe('2026-03-02T10:15:00.000Z');

    const again = await fieldImport(waveId, records);
    expect(again).toMatchObject({ rows: 6, added: 0, already: 3 });

    // The field team fixes row 5: only it is added.
    const fixed = odkCentral(
      instrument,
      subs.map((s) => (s.id === 'bad-option' ? { ...s, cells: {} } : s)),
    );
    const third = await fieldImport(waveId, fixed);
    expect(third).toMatchObject({ added: 1, already: 3 });
    expect(new Set(third.refused.map((p) => p.row))).toEqual(new Set([6, 7]));
  });

  it('refuses a file that is not of the form, naming what is missing, and writes nothing', async () => {
    const { waveId, instrument } = await setup();
    const csv = odkCentral(instrument, [{ id: 'x', answers: walkedAnswers(instrument, 1), by: '1' }]);
    const header = csv[0] ?? [];
    const withoutFingerprint = csv.map((r) =>
      r.filter((_, i) => !(header[i] ?? '').endsWith('instrument_fingerprint')),
    );
    await expect(
      importSubmissions(ctx.handle.db, { waveId, rows: rowsOf(withoutFingerprint), mode: 'phone', actor: 'test' }),
    ).rejects.toThrow(/file: no instrument_fingerprint column/);
    const noId = csv.map((r) => r.filter((_, i) => !['meta-instanceID', 'KEY'].includes(header[i] ?? '')));
    await expect(
      importSubmissions(ctx.handle.db, { waveId, rows: rowsOf(noId), mode: 'phone', actor: 'test' }),
    ).rejects.toThrow(/file: no submission id column/);
    expect(await ctx.handle.db.select().from(schema.responses)).toHaveLength(0);
  });
});

it('barometer import submissions: a Kobo export (grp/Q, _uuid, _submitted_by, semicolons), report lines and exit status', async () => {
  const dataDir = path.join(dir, 'data');
  const handle = await createDb({ kind: 'pglite', dataDir });
  await handle.migrate();
  const { instrument } = await openFieldWave(handle);
  await handle.close();
  const fields = formFields(instrument);
  const fingerprint = instrumentFingerprint(instrument);
  const answers = [11, 12].map((seed) => walkedAnswers(instrument, seed));
  const header = [
    ...fields.map((f) => [...f.groups, f.name].join('/')),
    'meta/instanceID',
    '_uuid',
    '_submission_time',
    '_submitted_by',
  ];
  const row = (a: Answers, id: string, mig?: string) => [
    ...fields.map((f) =>
      f.name === 'instrument_fingerprint'
        ? fingerprint
        : f.name === 'MIG_LEVEL' && mig !== undefined
          ? mig
          : fieldValue(instrument, a, f.name),
    ),
    `uuid:${id}`,
    id,
    '2026-03-03T08:00:00',
    'enumerator_12',
  ];
  const file = path.join(dir, 'kobo.csv');
  writeFileSync(
    file,
    `\uFEFF${csvText([header, row(answers[0] ?? {}, 'k1'), row(answers[1] ?? {}, 'k2', 'nonsense')], ';')}`,
  );
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir, env: {} };
  const argv = ['import', 'submissions', file, '--wave', 'mp-2024', '--mode', 'phone', '--data-dir', dataDir];
  expect(await main(argv, io)).toBe(1);
  expect(err.join('')).toMatch(/kobo\.csv: row 3, field [^:]*MIG_LEVEL: MIG_LEVEL has no option "nonsense"/);
  expect(out.join('')).toContain('2 rows: 1 added, 0 already imported, 1 refused (nothing stored for them)');
  // The same submissions as Kobo's .xlsx export: the first is already there, the second refused again.
  const workbook = new ExcelJS.Workbook();
  workbook
    .addWorksheet('phone-poll')
    .addRows([header, row(answers[0] ?? {}, 'k1'), row(answers[1] ?? {}, 'k2', 'nonsense')]);
  const xlsx = path.join(dir, 'kobo.xlsx');
  await workbook.xlsx.writeFile(xlsx);
  out.length = 0;
  err.length = 0;
  expect(await main(['import', 'submissions', xlsx, ...argv.slice(3)], io)).toBe(1);
  expect(err.join('')).toMatch(/kobo\.xlsx: row 3, field [^:]*MIG_LEVEL: MIG_LEVEL has no option "nonsense"/);
  expect(out.join('')).toContain('2 rows: 0 added, 1 already imported, 1 refused');
  // The wave before the file, as `import submissions WAVE FILE`: the same wave, so nothing new.
  out.length = 0;
  expect(await main(['import', 'submissions', 'mp-2024', file, ...argv.slice(5)], io)).toBe(1);
  expect(out.join('')).toContain('2 rows: 0 added, 1 already imported, 1 refused');
  err.length = 0;
  expect(await main(['import', 'submissions', 'mp-2022', file, '--wave', 'mp-2024', '--data-dir', dataDir], io)).toBe(
    2,
  );
  expect(err.join('')).toContain('--wave mp-2024 and the wave mp-2022 given before the file disagree');
  const check = await createDb({ kind: 'pglite', dataDir });
  const stored = await check.db
    .select({ mode: schema.responses.mode, by: schema.responses.interviewerId })
    .from(schema.responses);
  await check.close();
  expect(stored).toEqual([{ mode: 'phone', by: 'enumerator_12' }]);
  err.length = 0;
  expect(await main(['import', 'submissions', file, '--wave', 'nope', '--data-dir', dataDir], io)).toBe(1);
  expect(err.join('')).toMatch(/kobo\.csv: no wave "nope".*; nothing imported/);
});
