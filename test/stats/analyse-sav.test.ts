import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { noticeSkippedReaders, runPspp } from '../helpers/readers.ts';
import { referenceDir } from './support/api-data.ts';

/**
 * `barometer analyse` on an SPSS file that PSPP wrote from R's apistrat data — stype as a
 * labelled numeric (1 E, 2 H, 3 M), awards as 0/1 labelled No/Yes, enroll with a user-missing
 * code −9 on five schools — gives the same result as on the CSV where those five are NA.
 */
let dir = '';
const SPEC = {
  design: { strata: 'stype', weights: 'pw', fpc: 'fpc' },
  estimates: [
    { id: 'api', statistic: 'mean', variable: 'api00', by: 'stype' },
    { id: 'enroll', statistic: 'total', variable: 'enroll' },
    { id: 'awards', statistic: 'mean', variable: 'awards', by: ['stype'] },
    { id: 'p', statistic: 'proportion', variable: 'awards', ci: 'logit' },
  ],
};

async function analyse(spec: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  let stdout = '';
  let stderr = '';
  const code = await main(['analyse', file], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {},
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'barometer-analyse-sav-'));
  const rows: Record<string, string>[] = parse(readFileSync(path.join(referenceDir, 'apistrat.csv')), {
    columns: true,
  });
  const missingEnroll = (i: number) => i % 40 === 7;
  const csv = [
    'stype,pw,fpc,api00,enroll,awards',
    ...rows.map((r, i) => [r.stype, r.pw, r.fpc, r.api00, missingEnroll(i) ? 'NA' : r.enroll, r.awards].join(',')),
  ];
  writeFileSync(path.join(dir, 'apistrat.csv'), `${csv.join('\n')}\n`);
  const coded = rows.map((r, i) =>
    [
      { E: 1, H: 2, M: 3 }[r.stype ?? ''] ?? 0,
      r.pw,
      r.fpc,
      r.api00,
      missingEnroll(i) ? -9 : r.enroll,
      r.awards === 'Yes' ? 1 : 0,
    ].join(','),
  );
  writeFileSync(path.join(dir, 'coded.csv'), `stype,pw,fpc,api00,enroll,awards\n${coded.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'make.sps'),
    `GET DATA /TYPE=TXT /FILE='${path.join(dir, 'coded.csv')}' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=','
  /VARIABLES=stype F1.0 pw F24.0 fpc F8.0 api00 F8.0 enroll F8.0 awards F1.0.
VARIABLE LABELS stype 'School type' /enroll 'Enrolment' /awards 'Eligible for awards'.
VALUE LABELS stype 1 'E' 2 'H' 3 'M' /awards 0 'No' 1 'Yes'.
MISSING VALUES enroll (-9).
SAVE OUTFILE='${path.join(dir, 'apistrat.sav')}'.
`,
  );
  if (runPspp) execFileSync('pspp', [path.join(dir, 'make.sps')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

noticeSkippedReaders('test/stats/analyse-sav.test.ts');
describe.skipIf(!runPspp)('barometer analyse reads SPSS files', () => {
  it('gives the same numbers on the PSPP-written .sav as on the CSV (labels as categories, user-missing as missing)', async () => {
    const fromCsv = await analyse({ data: 'apistrat.csv', ...SPEC });
    const fromSav = await analyse({ data: 'apistrat.sav', ...SPEC });
    expect(fromCsv.stderr).toBe('');
    expect(fromSav.stderr).toBe('');
    const a = JSON.parse(fromCsv.stdout);
    const b = JSON.parse(fromSav.stdout);
    expect(b).toEqual(a);
    expect(a.estimates.map((e: { domain?: { stype: string } }) => e.domain?.stype).slice(0, 3)).toEqual([
      'E',
      'H',
      'M',
    ]);
    expect(a.estimates.find((e: { id: string }) => e.id === 'enroll').n).toBe(195);
  });

  it('refuses a truncated .sav, a file without the SPSS magic, and names the file', async () => {
    const whole = readFileSync(path.join(dir, 'apistrat.sav'));
    writeFileSync(path.join(dir, 'cut.sav'), whole.subarray(0, whole.length - 100));
    writeFileSync(path.join(dir, 'head.sav'), whole.subarray(0, 300));
    writeFileSync(path.join(dir, 'fake.sav'), 'stype,pw\nE,1\n');
    const oneLine = (r: { code: number; stderr: string }, pattern: RegExp) => {
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(pattern);
    };
    oneLine(
      await analyse({ data: 'cut.sav', ...SPEC }),
      /^barometer analyse: cut\.sav: truncated in case \d+ \((variable \w+|byte \d+ of \d+)\)$/,
    );
    oneLine(
      await analyse({ data: 'head.sav', ...SPEC }),
      /^barometer analyse: head\.sav: truncated in record \d+ of the dictionary \(byte \d+ of 300\)$/,
    );
    oneLine(await analyse({ data: 'fake.sav', ...SPEC }), /^barometer analyse: fake\.sav: not an SPSS system file/);
  });
});
