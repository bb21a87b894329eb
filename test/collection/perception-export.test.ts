/**
 * The perception question (MIG_SHARE_GUESS, instrument v4) in the SPSS and Stata exports: its own
 * variable, labelled with its wording in the export's language, numeric 0–100, with don't know,
 * refused, not asked and break-off as distinct missing codes; read back with R's haven.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDataset, type ExportRecord } from '../../src/collection/export-dataset.ts';
import { dtaEncoder } from '../../src/formats/dta.ts';
import { savEncoder } from '../../src/formats/sav.ts';
import { waveInstrument, type Answers } from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { noticeSkippedReaders, readWithHaven, runR } from '../helpers/readers.ts';

noticeSkippedReaders('test/collection/perception-export.test.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'barometer-perception-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const v4 = waveInstrument(study, 'mp-2028');
const record = (answers: Answers, status: ExportRecord['status'] = 'submitted'): ExportRecord => ({
  responseId: 1,
  sessionId: '00000000-0000-4000-8000-000000000000',
  status,
  language: 'fr',
  instrumentVersion: '4',
  fingerprint: 'sha256:x',
  startedAt: new Date('2028-03-02T10:00:00Z'),
  submittedAt: status === 'submitted' ? new Date('2028-03-02T10:09:00Z') : null,
  deviceClass: 'phone',
  mode: 'web',
  answers,
});
const records = [
  record({ CONSENT: true, MIG_SHARE_GUESS: 31 }),
  record({ CONSENT: true, MIG_SHARE_GUESS: { missing: 'dont_know' } }),
  record({ CONSENT: true, MIG_SHARE_GUESS: { missing: 'refused' } }),
  record({ CONSENT: false, MIG_SHARE_GUESS: { missing: 'not_asked' } }),
  record({ CONSENT: true, MIG_SHARE_GUESS: { missing: 'break_off' } }, 'break_off'),
];
const exported = exportDataset(v4, {
  lang: 'fr',
  label: 'Migration perceptions, wave mp-2028',
  documents: [],
  widths: { meta: { language: 2, instrument_version: 1, fingerprint: 8, device_class: 5 }, answers: {} },
  created: new Date('2028-09-01T00:00:00Z'),
});

function write(ext: 'sav' | 'dta'): string {
  const e = ext === 'sav' ? savEncoder(exported.dataset) : dtaEncoder(exported.dataset);
  const rows = records.map(exported.cells);
  const file = path.join(dir, `perception.${ext}`);
  writeFileSync(file, Buffer.concat([e.header(rows.length), e.rows(rows), e.end()]));
  return file;
}

describe('the perception question in the SPSS and Stata exports', () => {
  it('is a numeric variable labelled with its wording, with the four missing codes', () => {
    const v = exported.dataset.variables.find((x) => x.name === 'MIG_SHARE_GUESS');
    expect(v).toMatchObject({ type: 'numeric', measure: 'scale' });
    expect(v?.label).toMatch(/^Sur 100 personnes vivant dans ce pays/);
    expect(v?.type === 'numeric' ? v.missingCodes : undefined).toHaveLength(4);
    expect(exported.dataset.missing.map((m) => [m.name, m.label])).toEqual([
      ['dont_know', 'Ne sait pas'],
      ['refused', 'Préfère ne pas répondre'],
      ['not_asked', 'Non posée'],
      ['break_off', 'Abandon'],
    ]);
  });

  it.skipIf(!runR)(
    'R haven reads 31, then the missing codes as distinct user-missing (.sav) and tagged (.dta) values',
    () => {
      const sav = readWithHaven(write('sav')).vars.find((x) => x.name === 'MIG_SHARE_GUESS');
      const v = exported.dataset.variables.find((x) => x.name === 'MIG_SHARE_GUESS');
      const codes = v?.type === 'numeric' ? (v.missingCodes ?? []) : [];
      expect(sav?.values).toEqual([31, ...codes]);
      expect(sav?.values.slice(1).every((x) => typeof x === 'number' && x < 0)).toBe(true);
      const dta = readWithHaven(write('dta')).vars.find((x) => x.name === 'MIG_SHARE_GUESS');
      expect(dta?.values).toEqual([31, null, null, null, null]);
      expect(dta?.tags).toEqual(['', 'a', 'b', 'c', 'd']);
    },
  );
});
