import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell, Dataset } from '../../src/formats/dataset.ts';
import { dtaEncoder } from '../../src/formats/dta.ts';
import { savEncoder } from '../../src/formats/sav.ts';
import {
  noticeSkippedReaders,
  psppCsv,
  psppDictionary,
  readWithHaven,
  runPspp,
  runR,
  type HavenFile,
} from '../helpers/readers.ts';

noticeSkippedReaders('test/formats/roundtrip.test.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'barometer-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MISSING = [
  { name: 'dont_know', label: "Don't know" },
  { name: 'refused', label: 'Refused' },
  { name: 'not_asked', label: 'Not asked' },
  { name: 'break_off', label: 'Break-off' },
];
const CODES = [-1, -2, -3, -4];
const LONG_TEXT = `${'x'.repeat(300)}é${'y'.repeat(250)}`;
const dataset: Dataset = {
  label: 'Migration perceptions (mp), wave mp-2026 — Ünïcode',
  documents: ['WEIGHT BY weight.', 'Missing codes: dont_know, refused, not_asked, break_off.'],
  missing: MISSING,
  weight: 'weight',
  created: new Date('2026-11-30T02:30:00Z'),
  variables: [
    {
      type: 'numeric',
      name: 'response_id',
      label: 'Response id',
      measure: 'scale',
      format: 'integer',
      valueLabels: [],
    },
    { type: 'string', name: 'language', label: 'Language', width: 2 },
    {
      type: 'numeric',
      name: 'MIG_LEVEL_WITH_A_LONG_NAME',
      label: 'Should immigration be kept at its present level, increased or decreased? (déjà vu)',
      measure: 'nominal',
      format: 'integer',
      valueLabels: [
        { value: 1, label: 'Increased' },
        { value: 2, label: 'Present level' },
        { value: 3, label: 'Décreased' },
      ],
      missingCodes: CODES,
    },
    {
      type: 'numeric',
      name: 'AGE',
      label: 'Age',
      measure: 'scale',
      format: 'decimal',
      valueLabels: [],
      missingCodes: CODES,
    },
    { type: 'numeric', name: 'started_at', label: 'Started at', measure: 'scale', format: 'datetime', valueLabels: [] },
    { type: 'string', name: 'COMMENT', label: 'Comment', width: 600 },
    { type: 'string', name: 'CITY', label: 'City', width: 20 },
    { type: 'numeric', name: 'weight', label: 'Weight', measure: 'scale', format: 'decimal', valueLabels: [] },
  ],
};
const rows: Cell[][] = [
  [1, 'en', 3, 34.5, 1764469800, LONG_TEXT, 'Zürich', 1.25],
  [2, 'fr', { missing: 0 }, { missing: 1 }, 1764469801.5, '', null, 0.75],
  [3, 'ar', { missing: 3 }, null, null, 'not_asked', 'a longer city name', 1000.125],
  [200, 'es', 1, 151, 0, 'short', 'B', 2],
  [201, 'es', { missing: 2 }, 0.1, -86400, 'x', 'C', 1 / 3],
];

function write(ext: 'sav' | 'dta'): string {
  const e = ext === 'sav' ? savEncoder(dataset) : dtaEncoder(dataset);
  const file = path.join(dir, `wave.${ext}`);
  writeFileSync(file, Buffer.concat([e.header(rows.length), e.rows(rows.slice(0, 2)), e.rows(rows.slice(2)), e.end()]));
  return file;
}

const column = (f: HavenFile, name: string) => {
  const v = f.vars.find((x) => x.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
};
const numbersOf = (k: number) => rows.map((r) => r[k] ?? null);

describe.skipIf(!runR)('R haven reads what we write', () => {
  it('reads the .sav: names, labels, values, value labels, user-missing codes, dates, long strings', () => {
    const f = readWithHaven(write('sav'));
    expect(f.label).toBe(dataset.label);
    expect(f.notes).toEqual(dataset.documents);
    expect(f.vars.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
    expect(f.vars.map((v) => v.label)).toEqual(dataset.variables.map((v) => v.label));
    const mig = column(f, 'MIG_LEVEL_WITH_A_LONG_NAME');
    expect(mig.values).toEqual([3, -1, -4, 1, -3]);
    expect(mig.na_range).toEqual([-4, -1]);
    expect(Object.fromEntries(mig.labels?.names.map((n, k) => [n, mig.labels?.values[k]]) ?? [])).toEqual({
      Increased: 1,
      'Present level': 2,
      Décreased: 3,
      "Don't know": -1,
      Refused: -2,
      'Not asked': -3,
      'Break-off': -4,
    });
    expect(column(f, 'AGE').values).toEqual([34.5, -2, null, 151, 0.1]);
    expect(column(f, 'started_at').values).toEqual([1764469800, 1764469801.5, null, 0, -86400]);
    expect(column(f, 'COMMENT').values).toEqual([LONG_TEXT, '', 'not_asked', 'short', 'x']);
    expect(column(f, 'CITY').values).toEqual(['Zürich', '', 'a longer city name', 'B', 'C']);
    expect(column(f, 'weight').values).toEqual(numbersOf(7));
    expect(column(f, 'response_id').values).toEqual(numbersOf(0));
  });

  it('reads the .dta: data label, notes, labels, .a–.d tagged missing values with their labels, %tc dates', () => {
    const f = readWithHaven(write('dta'));
    expect(f.label).toBe(dataset.label);
    expect(f.notes).toEqual([String(dataset.documents.length), ...dataset.documents]);
    expect(f.vars.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
    const mig = column(f, 'MIG_LEVEL_WITH_A_LONG_NAME');
    expect(mig.label).toBe([...(dataset.variables[2]?.label ?? '')].slice(0, 80).join('')); // Stata: 80 characters
    expect(mig.values).toEqual([3, null, null, 1, null]);
    expect(mig.tags).toEqual(['', 'a', 'd', '', 'c']);
    const labels = mig.labels;
    expect(labels?.names).toEqual([
      'Increased',
      'Present level',
      'Décreased',
      "Don't know",
      'Refused',
      'Not asked',
      'Break-off',
    ]);
    expect(labels?.values.slice(0, 3)).toEqual([1, 2, 3]);
    expect(labels?.tags).toEqual(['', '', '', 'a', 'b', 'c', 'd']);
    const age = column(f, 'AGE');
    expect(age.values).toEqual([34.5, null, null, 151, 0.1]);
    expect(age.tags).toEqual(['', 'b', '', '', '']);
    expect(column(f, 'started_at').values).toEqual([1764469800, 1764469801.5, null, 0, -86400]);
    expect(column(f, 'COMMENT').values).toEqual([LONG_TEXT, '', 'not_asked', 'short', 'x']);
    expect(column(f, 'weight').values).toEqual(numbersOf(7));
  });
});

describe.skipIf(!runPspp)('PSPP reads what we write', () => {
  it('lists the same values, value labels, user-missing values, measurement levels and weight', () => {
    const file = write('sav');
    const values = psppCsv(file);
    expect(values[0]).toEqual(dataset.variables.map((v) => v.name));
    const col = (name: string) => values.slice(1).map((r) => r[values[0]?.indexOf(name) ?? -1]);
    expect(col('MIG_LEVEL_WITH_A_LONG_NAME')).toEqual(['3', '-1', '-4', '1', '-3']);
    expect(col('COMMENT')).toEqual([LONG_TEXT, '', 'not_asked', 'short', 'x']);
    expect(col('CITY')).toEqual(['Zürich', '', 'a longer city name', 'B', 'C']);
    const recoded = psppCsv(file, { recode: true });
    expect(recoded.slice(1).map((r) => r[2])).toEqual(['3', ' ', ' ', '1', ' ']);
    const labelled = psppCsv(file, { labels: true });
    expect(labelled.slice(1).map((r) => r[2])).toEqual([
      'Décreased',
      "Don't know",
      'Break-off',
      'Increased',
      'Not asked',
    ]);
    const dictionary = psppDictionary(file);
    expect(dictionary).toContain(
      'MIG_LEVEL_WITH_A_LONG_NAME,3,"Should immigration be kept at its present level, increased or decreased? (déjà vu)",Nominal,',
    );
    expect(dictionary).toMatch(/^AGE,4,Age,Scale,.*,-4 THRU -1$/m);
    expect(dictionary).toMatch(/^MIG_LEVEL_WITH_A_LONG_NAME,.*,-4 THRU -1$/m);
    expect(dictionary).toMatch(/^,-2\[a\],Refused$/m);
    expect(dictionary).toMatch(/started_at,.*DATETIME20\.0/);
    expect(dictionary).toMatch(/COMMENT,.*A600/);
    expect(dictionary).toContain('WEIGHT BY weight.');
    expect(dictionary).toContain('WEIGHT is weight.');
  });
});
