import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createDesign } from '../../../src/stats/index.ts';
import type { SurveyDesign } from '../../../src/stats/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** R's `survey` reference cases and their data, in the repository (see its SOURCE.md). */
export const referenceDir = path.join(repoRoot, 'test/fixtures/r-survey');

export type ApiDataset = 'apistrat' | 'apiclus1' | 'apiclus2' | 'apisrs' | 'did_survey';

export interface Table {
  readonly n: number;
  readonly text: (name: string) => string[];
  readonly num: (name: string) => Float64Array;
}

const cache = new Map<ApiDataset, Table>();

/** Reads one of the reference CSVs (the api samples and the synthetic campaign study); '' and 'NA' are missing (NaN in numeric columns). */
export function loadApi(name: ApiDataset): Table {
  const hit = cache.get(name);
  if (hit) return hit;
  const rows: Record<string, string>[] = parse(readFileSync(path.join(referenceDir, `${name}.csv`), 'utf8'), {
    columns: true,
  });
  if (name !== 'did_survey') addExtraColumns(name, rows);
  const text = (col: string): string[] =>
    rows.map((r) => {
      const v = r[col];
      if (v === undefined) throw new Error(`no column ${col} in ${name}`);
      return v;
    });
  const num = (col: string): Float64Array =>
    Float64Array.from(text(col), (v) => (v === '' || v === 'NA' ? Number.NaN : Number(v)));
  const table = { n: rows.length, text, num };
  cache.set(name, table);
  return table;
}

/** R's api columns the shared CSVs lack, written by test/stats/fixtures/glm-extra.R. */
export const EXTRA_COLUMNS = ['mobility', 'yr.rnd', 'acs.k3'] as const;

function addExtraColumns(name: ApiDataset, rows: Record<string, string>[]): void {
  const extra: Record<string, string>[] = parse(
    readFileSync(path.join(repoRoot, 'test/stats/fixtures/api-extra-columns.csv'), 'utf8'),
    {
      columns: true,
    },
  );
  const mine = extra.filter((r) => r.dataset === name);
  if (mine.length !== rows.length)
    throw new Error(`api-extra-columns.csv has ${mine.length} rows of ${name}, expected ${rows.length}`);
  rows.forEach((row, i) => {
    const add = mine[i];
    if (add?.cds !== row.cds)
      throw new Error(`api-extra-columns.csv row ${i + 1} of ${name} is school ${add?.cds}, not ${row.cds}`);
    for (const c of EXTRA_COLUMNS) row[c] = add?.[c] ?? '';
  });
}

export type DesignName =
  'dstrat' | 'dstrat_nofpc' | 'dclus1' | 'dclus1_nofpc' | 'dclus1_fpconly' | 'dsrs' | 'dclus2' | 'ddid';

export const datasetOf: Record<DesignName, ApiDataset> = {
  dstrat: 'apistrat',
  dstrat_nofpc: 'apistrat',
  dclus1: 'apiclus1',
  dclus1_nofpc: 'apiclus1',
  dclus1_fpconly: 'apiclus1',
  dsrs: 'apisrs',
  dclus2: 'apiclus2',
  ddid: 'did_survey',
};

/** The reference designs, built with the TypeScript API exactly as `svydesign()` builds them. */
export function referenceDesign(name: DesignName): SurveyDesign {
  const t = loadApi(datasetOf[name]);
  switch (name) {
    case 'dstrat':
      return createDesign({ strata: t.text('stype'), weights: t.num('pw'), fpc: [t.num('fpc')] });
    case 'dstrat_nofpc':
      return createDesign({ strata: t.text('stype'), weights: t.num('pw') });
    case 'dclus1':
      return createDesign({ ids: [t.text('dnum')], weights: t.num('pw'), fpc: [t.num('fpc')] });
    case 'dclus1_nofpc':
      return createDesign({ ids: [t.text('dnum')], weights: t.num('pw') });
    case 'dclus1_fpconly':
      return createDesign({ ids: [t.text('dnum')], fpc: [t.num('fpc')] });
    case 'dsrs':
      return createDesign({ weights: t.num('pw'), fpc: [t.num('fpc')] });
    case 'dclus2':
      return createDesign({ ids: [t.text('dnum'), t.text('snum')], fpc: [t.num('fpc1'), t.num('fpc2')] });
    case 'ddid':
      return createDesign({ ids: [t.text('psu')], strata: t.text('stratum'), weights: t.num('w') });
  }
}

/** A numeric column, including the derived ones the cases use (ell0, api_diff, stypeE). */
export function numericColumn(t: Table, name: string): Float64Array {
  switch (name) {
    case 'ell0':
      return t.num('ell').map((v) => (v === 0 ? 1 : 0));
    case 'api_diff': {
      const b = t.num('api99');
      return t.num('api00').map((v, i) => v - (b[i] ?? 0));
    }
    case 'stypeE':
      return Float64Array.from(t.text('stype'), (v) => (v === 'E' ? 1 : 0));
    default:
      return t.num(name);
  }
}

/** Population margins of `?rake` (pop.types, pop.schwide) and the `?trimWeights` calibration totals. */
export const POP_TYPES: Record<string, number> = { E: 4421, H: 755, M: 1018 };
export const POP_SCHWIDE: Record<string, number> = { No: 1072, Yes: 5122 };
export const CAL_API99 = 3914069;
