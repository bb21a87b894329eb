import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/analysis/spec.ts';
import { main } from '../../src/cli/index.ts';
import { createDesign, surveyGlm, SurveyError, type ModelColumn } from '../../src/stats/index.ts';

let dir = '';
const CSV = [
  'id,w,y,share,x,group',
  '1,1,1,0.2,1,a',
  '2,2,0,0.5,2,b',
  '3,1,1,1.5,3,a',
  '4,2,0,0.1,4,b',
  '5,1,1,0.9,NA,a',
  '6,1,0,0.3,5,b',
].join('\n');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'barometer-regression-input-'));
  writeFileSync(path.join(dir, 'data.csv'), `${CSV}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyse(estimate: Record<string, unknown>): Promise<{ code: number; stderr: string; stdout: string }> {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      data: 'data.csv',
      design: { weights: 'w' },
      estimates: [{ id: 'm', statistic: 'regression', ...estimate }],
    }),
  );
  let stdout = '';
  let stderr = '';
  const code = await main(['analyse', path.basename(file)], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {},
  });
  return { code, stderr, stdout };
}

describe('regression estimates: bad input is one line naming the field', () => {
  it('validates the spec: family, formula, subset values', () => {
    const base = { data: 'd.csv', estimates: [{ id: 'm', statistic: 'regression', formula: 'y ~ x' }] };
    expect(parseSpec(base).estimates[0]).toMatchObject({ family: 'gaussian' });
    const bad = (extra: Record<string, unknown>) => () =>
      parseSpec({ ...base, estimates: [{ ...base.estimates[0], ...extra }] });
    expect(bad({ family: 'poisson' })).toThrow(/^estimates\[0\]\.family: /);
    expect(bad({ formula: '' })).toThrow(/^estimates\[0\]\.formula: /);
    expect(bad({ subset: { group: true } })).toThrow(/^estimates\[0\]\.subset\.group: /);
    expect(bad({ df: 'design' })).toThrow(/^estimates\[0\]\.df: /);
  });

  const failures: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown column', { formula: 'y ~ age' }, /estimates\[0\]\.formula: column "age" not found in data\.csv/],
    [
      'a formula that does not parse',
      { formula: 'y ~ x +' },
      /estimates\[0\]: formula "y ~ x \+": expected a variable at the end/,
    ],
    ['a categorical response', { formula: 'group ~ x' }, /estimates\[0\]: the response group must be numeric/],
    [
      'a quasibinomial response outside [0, 1]',
      { formula: 'share ~ x', family: 'quasibinomial' },
      /share is 1\.5 in row 3/,
    ],
    [
      'a subset that matches nothing',
      { formula: 'y ~ x', subset: { group: 'z' } },
      /estimates\[0\]\.subset: no row has \{"group":"z"\}/,
    ],
    [
      'a subset column that does not exist',
      { formula: 'y ~ x', subset: { region: 'a' } },
      /estimates\[0\]\.subset\.region: column "region" not found/,
    ],
    [
      'more coefficients than the design has df',
      { formula: 'y ~ x * group + share' },
      /estimates\[0\]: the design has 4 degrees of freedom, too few for 5 coefficients/,
    ],
  ];
  for (const [what, estimate, message] of failures) {
    it(`rejects ${what}`, async () => {
      const r = await analyse(estimate);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});

describe('surveyGlm edge cases', () => {
  const design = createDesign({ weights: [1, 2, 1, 2, 1, 1, 3, 1] });
  const cols: Record<string, ModelColumn> = {
    y: { kind: 'numeric', values: [1, 0, 1, 0, 1, 0, 1, 1] },
    x: { kind: 'numeric', values: [1, 2, 3, 4, 5, 6, 7, 8] },
    x2: { kind: 'numeric', values: [2, 4, 6, 8, 10, 12, 14, 16] },
    sep: { kind: 'numeric', values: [0, 0, 0, 0, 1, 1, 1, 1] },
  };
  const lookup = (name: string): ModelColumn => {
    const c = cols[name];
    if (!c) throw new Error(`no ${name}`);
    return c;
  };
  it('names an aliased coefficient instead of returning NA', () => {
    expect(() => surveyGlm(design, 'y ~ x + x2', lookup)).toThrow(/coefficient x2 cannot be estimated/);
  });
  it('reports a perfectly separated logistic fit instead of returning huge coefficients', () => {
    expect(() => surveyGlm(design, 'sep ~ x', lookup, { family: 'quasibinomial' })).toThrow(SurveyError);
  });
});
