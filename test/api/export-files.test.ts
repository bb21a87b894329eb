import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, expect, it } from 'vitest';
import { createDb } from '../../db/index.ts';
import { main } from '../../src/cli/index.ts';
import { closeWave } from '../../src/collection/definitions.ts';
import { readSav } from '../../src/formats/sav-read.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, openFlagshipWave, Respondent, tokenFor } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';
import { noticeSkippedReaders, psppCsv, readWithHaven, runPspp, runR } from '../helpers/readers.ts';
// After the helpers, which load the app (and so zod's OpenAPI extension) before the indicator schemas are made.
import { readWeights, runWeighting } from '../../src/indicators/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';

noticeSkippedReaders('test/api/export-files.test.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'barometer-export-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What PSPP says of a .sav's weight (`SHOW WEIGHT` after `GET`): "WEIGHT is weight." or "WEIGHT is OFF.". */
function psppShowWeight(file: string): string {
  const syntax = path.join(dir, 'show-weight.sps');
  writeFileSync(syntax, `GET FILE='${file.replace(/'/g, "''")}'.\nSHOW WEIGHT.\n`);
  return execFileSync('pspp', ['-O', 'format=txt', '-o', '-', syntax], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

describeEachDb('wave exports as SPSS and Stata files', (ctx) => {
  /** Three submitted responses (one refuses MIG_LEVEL, one says don't know) and one break-off; contacts issued. */
  async function wave() {
    const w = await openFlagshipWave(ctx.handle);
    const token = await tokenFor(ctx.handle, 'researcher');
    const auth = { authorization: `Bearer ${token}` };
    await call(w.app, 'POST', `/v1/research/waves/${w.waveId}/invitations`, {
      body: { contacts: ['ana@example.org'] },
      headers: auth,
    });
    for (const level of ['decreased', { missing: 'refused' }, { missing: 'dont_know' }]) {
      const r = new Respondent(w.app, w.waveId);
      await r.start({ consent: true, language: 'fr' });
      await r.answerAll({ MIG_LEVEL: level });
      expect((await r.submit()).status).toBe(201);
    }
    const quitter = new Respondent(w.app, w.waveId);
    await quitter.start();
    await quitter.answerPage();
    await closeWave(ctx.handle.db, w.waveId, { actor: 'test' });
    const get = async (format: string, query = '?breakoffs=true&lang=fr') => {
      const res = await call(w.app, 'GET', `/v1/research/waves/${w.waveId}/responses.${format}${query}`, {
        headers: auth,
      });
      return res;
    };
    return { ...w, auth, get };
  }

  async function save(res: Response, name: string): Promise<{ file: string; bytes: Buffer }> {
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const file = path.join(dir, `${ctx.kind}-${name}`);
    writeFileSync(file, bytes);
    return { file, bytes };
  }

  it.skipIf(!(runR && runPspp))(
    'serves .sav and .dta that haven and PSPP read back with the CSV values, labels and missing codes',
    async () => {
      const w = await wave();
      const csvRes = await w.get('csv');
      const csv: Record<string, string>[] = parse(await csvRes.text(), { columns: true });
      const sav = await save(await w.get('sav'), 'wave.sav');
      const dta = await save(await w.get('dta'), 'wave.dta');
      for (const bytes of [sav.bytes, dta.bytes]) expect(bytes.includes('ana@example.org')).toBe(false);
      expect(csv.map((r) => r.status)).toEqual(['submitted', 'submitted', 'submitted', 'break_off']);
      expect(csv.map((r) => r.MIG_LEVEL)).toEqual(['decreased', 'refused', 'dont_know', 'break_off']);

      const s = readWithHaven(sav.file);
      const d = readWithHaven(dta.file);
      const col = (f: typeof s, name: string) => f.vars.find((v) => v.name === name);
      // Every question column of the CSV is in both files, with the same values.
      for (const name of ['MIG_LEVEL', 'AGE', 'SEX', 'CAMPAIGN_WHERE_tv']) {
        expect(col(s, name), name).toBeDefined();
        expect(col(d, name), name).toBeDefined();
      }
      const savMig = col(s, 'MIG_LEVEL');
      const labelOf = (v: number | string | null) =>
        savMig?.labels?.names[savMig.labels.values.indexOf(typeof v === 'number' ? v : Number.NaN)];
      expect(savMig?.values.map(labelOf)).toEqual(['Diminuée', 'Préfère ne pas répondre', 'Ne sait pas', 'Abandon']);
      expect(csv.map((r) => r.MIG_LEVEL_label).slice(0, 1)).toEqual(['Diminuée']);
      expect(savMig?.na_range).toEqual([-4, -1]);
      expect(savMig?.label).toMatch(/^Selon vous, l'immigration/);
      const dtaMig = col(d, 'MIG_LEVEL');
      expect(dtaMig?.tags).toEqual(['', 'b', 'a', 'd']);
      expect(dtaMig?.values[0]).toBe(savMig?.values[0]);
      expect(col(s, 'AGE')?.values.slice(0, 3)).toEqual(csv.slice(0, 3).map((r) => Number(r.AGE)));
      expect(col(d, 'AGE')?.values.slice(0, 3)).toEqual(csv.slice(0, 3).map((r) => Number(r.AGE)));
      expect(col(s, 'session_id')?.values).toEqual(csv.map((r) => r.session_id));
      // Every response's mode of collection is a column of all three files; its interviewer is in none.
      expect(csv.map((r) => r.mode)).toEqual(['web', 'web', 'web', 'web']);
      for (const f of [s, d]) expect(col(f, 'mode')?.values).toEqual(csv.map((r) => r.mode));
      for (const f of [s, d]) expect(col(f, 'interviewer_id')).toBeUndefined();
      // The languages of each interview (one each here: nobody switched), in all three files.
      expect(csv.map((r) => r.languages)).toEqual(csv.map((r) => r.language));
      for (const f of [s, d]) expect(col(f, 'languages')?.values).toEqual(csv.map((r) => r.languages));
      expect(Object.keys(csv[0] ?? {})).not.toContain('interviewer_id');
      expect(col(d, 'started_at')?.values).toEqual(csv.map((r) => Date.parse(r.started_at ?? '') / 1000));
      expect(d.label).toMatch(/wave mp-2026/);
      expect(s.notes?.join('\n')).toMatch(/Missing codes: dont_know, refused, not_asked, break_off/);
      // The wave has no weighting run: no weight variable, no WEIGHT BY, and the documents say so.
      expect(s.notes?.join('').replace(/\s+/g, '')).toContain('Noweightingrunisattached:thefileisunweighted.');
      expect(d.notes?.join('\n')).toMatch(/No weighting run is attached: the file is unweighted\./);
      for (const f of [s, d]) expect(col(f, 'weight')).toBeUndefined();
      expect(readSav(sav.bytes).weight).toBeNull();
      expect(psppShowWeight(sav.file)).toMatch(/WEIGHT is\s+OFF\./);
      expect(Object.keys(csv[0] ?? {})).not.toContain('weight');

      const pspp = psppCsv(sav.file, { labels: true });
      const at = pspp[0]?.indexOf('MIG_LEVEL') ?? -1;
      expect(pspp.slice(1).map((r) => r[at])).toEqual([
        'Diminuée',
        'Préfère ne pas répondre',
        'Ne sait pas',
        'Abandon',
      ]);
    },
  );

  it.skipIf(!(runR && runPspp))(
    'carries the current weighting run as the variable weight (WEIGHT BY weight), equal to the stored weights',
    async () => {
      const w = await wave();
      const run = await runWeighting(ctx.handle.db, {
        study: flagship,
        wave: 'mp-2026',
        actor: 'test',
        materialise: false,
      });
      const { runId, weights } = await readWeights(ctx.handle.db, { study: 'migration-perceptions', wave: 'mp-2026' });
      expect(runId).toBe(run.id);
      expect(weights.length).toBeGreaterThan(0);
      const stored = new Map(weights.map((x) => [x.responseId, x.weight]));

      const csv: Record<string, string>[] = parse(await (await w.get('csv')).text(), { columns: true });
      // Submitted responses carry their stored weight; the break-off (and any response the run left out) none.
      const expected = csv.map((r) => (r.response_id ? (stored.get(Number(r.response_id)) ?? null) : null));
      expect(expected.filter((x) => x !== null)).toHaveLength(weights.length);
      expect(expected.at(-1)).toBeNull();
      expect(csv.map((r) => (r.weight === '' ? null : Number(r.weight)))).toEqual(expected);

      const sav = await save(await w.get('sav'), 'weighted.sav');
      const dta = await save(await w.get('dta'), 'weighted.dta');
      const s = readWithHaven(sav.file);
      const d = readWithHaven(dta.file);
      for (const f of [s, d]) {
        const weight = f.vars.find((v) => v.name === 'weight');
        expect(weight?.values).toEqual(expected);
        expect(weight?.label).toBe(`Weight (weighting run ${run.id}, calibrate)`);
      }
      expect(s.notes?.join('').replace(/\s+/g, '')).toContain(
        `WEIGHTBYweight:thecurrentweightingrun${run.id}ofthewave(calibrate`,
      );
      expect(d.notes?.join('\n')).toContain(
        `WEIGHT BY weight: the current weighting run ${run.id} of the wave (calibrate, logit, between 0.05 and 5 x the design weight`,
      );
      expect(s.notes?.join('\n')).not.toMatch(/No weighting run/);
      // The file's weight variable (the SPSS header's weight index), read by our reader and by PSPP.
      expect(readSav(sav.bytes).weight).toBe('weight');
      expect(psppShowWeight(sav.file)).toMatch(/WEIGHT is\s+weight\./);
    },
  );

  it('answers 404 for an unknown wave and 400 for a language the instrument lacks, before any byte', async () => {
    const w = await wave();
    const res = await call(w.app, 'GET', '/v1/research/waves/00000000-0000-4000-8000-000000000000/responses.sav', {
      headers: w.auth,
    });
    await expectError(res, 404, 'not_found');
    await expectError(await w.get('dta', '?lang=xx'), 400, 'validation_failed');
  });
});

it('barometer export: a failed export leaves no file behind, and names the problem in one line', async () => {
  const dataDir = path.join(dir, 'pglite');
  const handle = await createDb({ kind: 'pglite', dataDir });
  await handle.migrate();
  await openFlagshipWave(handle);
  await handle.close();
  const out = path.join(dir, 'cli', 'wave.sav');
  mkdirSync(path.dirname(out), { recursive: true });
  let err = '';
  const io = {
    stdout: () => undefined,
    stderr: (t: string) => (err += t),
    cwd: dir,
    env: { BAROMETER_DATA_DIR: dataDir },
  };
  expect(await main(['export', 'migration-perceptions', 'mp-2026', '--format', 'xls', '--out', out], io)).toBe(2);
  expect(err).toMatch(/--format must be one of csv, sav, dta \(got "xls"\)/);
  err = '';
  expect(await main(['export', 'migration-perceptions', 'mp-2026', '--format', 'sav'], io)).toBe(2);
  expect(err).toBe('barometer export: --format sav writes a binary file: give --out FILE\n');
  err = '';
  expect(await main(['export', 'migration-perceptions', 'mp-2026', '--out', out, '--lang', 'xx'], io)).toBe(2);
  expect(err).toBe(
    `barometer export: ${out}: lang: the instrument has no language "xx" (has en, fr, es, ar); nothing written\n`,
  );
  expect(readdirSync(path.dirname(out))).toEqual([]);
  err = '';
  expect(await main(['export', 'migration-perceptions', 'mp-2026', '--out', out], io)).toBe(0);
  expect(readdirSync(path.dirname(out))).toEqual(['wave.sav']);
  expect(err).toMatch(/wrote .*wave\.sav in/);
});
