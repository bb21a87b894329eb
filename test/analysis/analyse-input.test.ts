import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/analysis/csv.ts';
import { parseSpec } from '../../src/analysis/spec.ts';
import { main } from '../../src/cli/index.ts';
import { seededRandom } from '../../src/instrument/random.ts';

let dir = '';
const CSV = 'id,region,w,y,label\n1,A,10,1,x\n2,A,10,0,y\n3,B,20,NA,x\n4,B,20,1,\n';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'barometer-analyse-input-'));
  writeFileSync(path.join(dir, 'data.csv'), CSV);
  writeFileSync(path.join(dir, 'bad.csv'), 'a,b\n1,2\n3\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyse(spec: unknown, raw?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, raw ?? JSON.stringify(spec));
  let stdout = '';
  let stderr = '';
  const code = await main(['analyse', path.basename(file)], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {},
  });
  return { code, stdout, stderr };
}

const base = { data: 'data.csv', design: { weights: 'w' } };

describe('analyse spec validation names the JSON path', () => {
  it('rejects an unknown adjustment method', () => {
    expect(() => parseSpec({ ...base, adjust: [{ method: 'jackknife' }] })).toThrow(/^adjust\[0\]\.method: /);
  });
  it('rejects an unknown statistic', () => {
    expect(() => parseSpec({ ...base, estimates: [{ id: 'x', statistic: 'median', variable: 'y' }] })).toThrow(
      /^estimates\[0\]\.statistic: /,
    );
  });
  it('rejects an unknown interval method', () => {
    expect(() =>
      parseSpec({ ...base, estimates: [{ id: 'x', statistic: 'proportion', variable: 'y', ci: 'wald' }] }),
    ).toThrow(/^estimates\[0\]\.ci: /);
  });
  it('rejects unknown keys and bad types', () => {
    expect(() => parseSpec({ ...base, desing: {} })).toThrow(/desing|Unrecognized/);
    expect(() => parseSpec({ ...base, estimates: [{ id: 'x', statistic: 'mean', variable: 'y', level: 95 }] })).toThrow(
      /^estimates\[0\]\.level: /,
    );
    expect(() => parseSpec({ design: {} })).toThrow(/^data: /);
    expect(() =>
      parseSpec({
        ...base,
        adjust: [
          {
            method: 'rake',
            margins: [{ variables: ['region'], population: [{ levels: { region: 'A' }, total: -1 }] }],
          },
        ],
      }),
    ).toThrow(/^adjust\[0\]\.margins\[0\]\.population\[0\]\.total: /);
  });
  it('fills defaults', () => {
    const spec = parseSpec(base);
    expect(spec.missing).toEqual(['', 'NA']);
    expect(spec.design.ids).toEqual([]);
    expect(spec.output.weights).toBe(false);
  });
});

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and empty lines like csv-parse', () => {
    const text = '\ufeffid,"name, full",x\r\n1,"say ""hi""",2.5\r\n\r\n2,plain,"3"\r\n3,"multi\nline",\r\n';
    const t = readCsv(text, 'q.csv', ['']);
    expect(t.columns).toEqual(['id', 'name, full', 'x']);
    expect(t.n).toBe(3);
    expect(t.text('name, full', 'test')).toEqual(['say "hi"', 'plain', 'multi\nline']);
    expect(Array.from(t.numeric('x', 'test'))).toEqual([2.5, 3, Number.NaN]);
  });
  it('reads numbers exactly as Number() does', () => {
    const r = seededRandom('csv-numbers');
    const samples = [
      '0',
      '-0',
      '007',
      '1.',
      '.5',
      '+3',
      '1e5',
      '1E-7',
      '-2.5e+3',
      ' 4 ',
      '123456789012345678',
      '0.1',
      '9007199254740993',
    ];
    for (let k = 0; k < 2000; k++) {
      const v = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
      samples.push(
        String(v),
        v.toFixed(Math.floor(r() * 12)),
        v.toPrecision(1 + Math.floor(r() * 17)),
        v.toExponential(Math.floor(r() * 16)),
      );
    }
    const t = readCsv(`v\n${samples.join('\n')}\n`, 'n.csv', []);
    expect(Array.from(t.numeric('v', 'test'))).toEqual(samples.map((s) => Number(s.trim())));
    for (const bad of ['1e', '--1', '1.2.3', '0x10', 'Infinity', '.', '1 2']) {
      expect(() => readCsv(`v\n${bad}\n`, 'n.csv', []).numeric('v', 'w')).toThrow(
        `w: column "v" row 2 of n.csv is "${bad}", not a number`,
      );
    }
  });
  it('reads a column the first pass skipped when it is asked for', () => {
    const t = readCsv('a,b,c\n1,x,3\n2,y,4\n', 'w.csv', [], ['c']);
    expect(t.text('b', 'test')).toEqual(['x', 'y']);
    expect(Array.from(t.numeric('c', 'test'))).toEqual([3, 4]);
  });
  it('maps the missing strings to missing values', () => {
    const t = readCsv(CSV, 'data.csv', ['', 'NA']);
    expect(t.n).toBe(4);
    expect(Array.from(t.numeric('y', 'test'))).toEqual([1, 0, Number.NaN, 1]);
    expect(t.text('label', 'test')).toEqual(['x', 'y', 'x', null]);
  });
  it('names a missing column', () => {
    const t = readCsv(CSV, 'data.csv', ['']);
    expect(() => t.numeric('weight', 'design.weights')).toThrow(
      'design.weights: column "weight" not found in data.csv',
    );
  });
  it('names a non-numeric value with its row', () => {
    const t = readCsv(CSV, 'data.csv', ['']);
    expect(() => t.numeric('y', 'estimates[0].variable')).toThrow(
      'estimates[0].variable: column "y" row 4 of data.csv is "NA", not a number',
    );
  });
  it('rejects ragged rows, empty files and duplicate headers', () => {
    expect(() => readCsv('a,b\n1,2\n3\n', 'bad.csv', [])).toThrow(
      /^bad.csv: row 3 has 1 field where the header has 2$/,
    );
    expect(() => readCsv('a,b\n1,2\n3,4,5\n', 'bad.csv', [], ['a'])).toThrow(
      /^bad.csv: row 3 has 3 fields where the header has 2$/,
    );
    expect(() => readCsv('a,b\n1,"2\n', 'open.csv', [])).toThrow(
      /^open.csv: row 2 has a quoted field that never closes$/,
    );
    expect(() => readCsv('a,b\n1,"2"x\n', 'junk.csv', [])).toThrow(
      /^junk.csv: row 2 has a character after the closing quote/,
    );
    expect(() => readCsv('', 'empty.csv', [])).toThrow(/empty.csv: empty file/);
    expect(() => readCsv('a,a\n1,2\n', 'dup.csv', [])).toThrow(/column "a" appears twice/);
    expect(() => readCsv('a,b\n', 'hdr.csv', [])).toThrow(/no data rows/);
  });
});

describe('barometer analyse fails with one clear line', () => {
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^barometer analyse: /);
    expect(r.stderr).toMatch(pattern);
  };
  it('for a missing column', async () => {
    oneLine(
      await analyse({ ...base, estimates: [{ id: 'm', statistic: 'mean', variable: 'income' }] }),
      /estimates\[0\]\.variable: column "income" not found in data.csv/,
    );
  });
  it('for a non-numeric value where a number is needed', async () => {
    oneLine(
      await analyse({ ...base, design: { weights: 'label' } }),
      /design.weights: column "label" row 2 of data.csv is "x", not a number/,
    );
  });
  it('for an empty domain', async () => {
    oneLine(
      await analyse({
        ...base,
        estimates: [
          {
            id: 'c',
            statistic: 'contrast',
            of: { statistic: 'mean', variable: 'y', by: ['region'] },
            coefficients: { A: 1, C: -1 },
          },
        ],
      }),
      /estimates\[0\]\.coefficients\.C: no such estimate or domain \(have: A, B\)/,
    );
  });
  it('for a population cell with no sample', async () => {
    const population = [
      { levels: { region: 'A' }, total: 50 },
      { levels: { region: 'B' }, total: 50 },
      { levels: { region: 'C' }, total: 5 },
    ];
    oneLine(
      await analyse({ ...base, adjust: [{ method: 'poststratify', variables: ['region'], population }] }),
      /adjust\[0\]: margin region: population cell "region=C" \(total 5\) has no sampled weight/,
    );
  });
  it('for an unknown method', async () => {
    oneLine(await analyse({ ...base, adjust: [{ method: 'jackknife' }] }), /adjust\[0\]\.method: /);
  });
  it('for invalid JSON and a missing data file', async () => {
    oneLine(await analyse(null, '{"data": '), /is not valid JSON/);
    oneLine(await analyse({ ...base, data: 'nope.csv' }), /data: cannot read .*nope.csv/);
  });
  it('writes the result to stdout on success, with domains and warnings', async () => {
    const r = await analyse({ ...base, estimates: [{ id: 'm', statistic: 'mean', variable: 'y', by: ['region'] }] });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.design).toEqual({ n: 4, psus: 4, strata: 1, df: 3 });
    expect(result.estimates.map((e: { domain: unknown }) => e.domain)).toEqual([{ region: 'A' }, { region: 'B' }]);
    expect(result.estimates[1].n).toBe(1);
    expect(result.warnings).toEqual([]);
  });
});
