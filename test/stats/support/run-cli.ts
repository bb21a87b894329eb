import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { AnalysisResult, SummaryRow as EstimateRow } from '../../../src/analysis/result.ts';
import { main } from '../../../src/cli/index.ts';
import * as s from '../../../src/stats/index.ts';
import {
  CAL_API99,
  datasetOf,
  EXTRA_COLUMNS,
  loadApi,
  numericColumn,
  POP_SCHWIDE,
  POP_TYPES,
  referenceDir,
  type ApiDataset,
  type DesignName,
} from './api-data.ts';
import type { DesignExpr, Plan, RCase } from './r-cases.ts';
import { independentDifference } from './run-api.ts';

type Json = Record<string, unknown>;

/** A temp folder with the api CSVs plus the derived columns (ell0, api_diff, stypeE). */
export function prepareDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'barometer-analyse-'));
  for (const name of ['apistrat', 'apiclus1', 'apiclus2', 'apisrs'] as const satisfies readonly ApiDataset[]) {
    const text = readFileSync(path.join(referenceDir, `${name}.csv`), 'utf8');
    const rows: string[][] = parse(text);
    const t = loadApi(name);
    const extra = ['ell0', 'api_diff', 'stypeE'].map((c) => numericColumn(t, c));
    const fromR = EXTRA_COLUMNS.map((c) => t.text(c));
    const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;
    const lines = rows.map((r, i) =>
      [
        ...r.map(quote),
        ...(i === 0
          ? ['"ell0"', '"api_diff"', '"stypeE"', ...EXTRA_COLUMNS.map(quote)]
          : [...extra.map((col) => String(col[i - 1])), ...fromR.map((col) => quote(col[i - 1] ?? ''))]),
      ].join(','),
    );
    writeFileSync(path.join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
  }
  copyFileSync(path.join(referenceDir, 'did_survey.csv'), path.join(dir, 'did_survey.csv'));
  return dir;
}

const DESIGNS: Record<DesignName, Json> = {
  dstrat: { strata: 'stype', weights: 'pw', fpc: ['fpc'] },
  dstrat_nofpc: { strata: 'stype', weights: 'pw' },
  dclus1: { ids: ['dnum'], weights: 'pw', fpc: ['fpc'] },
  dclus1_nofpc: { ids: ['dnum'], weights: 'pw' },
  dclus1_fpconly: { ids: ['dnum'], fpc: ['fpc'] },
  dsrs: { weights: 'pw', fpc: ['fpc'] },
  dclus2: { ids: ['dnum', 'snum'], fpc: ['fpc1', 'fpc2'] },
  ddid: { ids: ['psu'], strata: 'stratum', weights: 'w' },
};

const cells = (variable: string, totals: Record<string, number>): Json[] =>
  Object.entries(totals).map(([level, total]) => ({ levels: { [variable]: level }, total }));
const STYPE = { variables: ['stype'], population: cells('stype', POP_TYPES) };
const SCHWIDE = { variables: ['sch.wide'], population: cells('sch.wide', POP_SCHWIDE) };

export function specFor(expr: DesignExpr, estimates: Json[], weights = false): Json {
  return {
    data: `${datasetOf[expr.base]}.csv`,
    design: DESIGNS[expr.base],
    adjust: expr.steps.map((step) => {
      switch (step.method) {
        case 'poststratify':
          return step.variable === 'stype'
            ? { method: 'poststratify', ...STYPE }
            : { method: 'poststratify', ...SCHWIDE };
        case 'rake':
          return { method: 'rake', margins: [STYPE, SCHWIDE], ...(step.tight ? { epsilon: 1e-12, maxit: 100 } : {}) };
        case 'calibrate':
          return { method: 'calibrate', calfun: 'linear', margins: [STYPE], numeric: { api99: CAL_API99 } };
        case 'trim':
          return { ...step, method: 'trim' };
      }
    }),
    estimates,
    output: { weights },
  };
}

let counter = 0;

/** Writes the spec beside the data and runs `barometer analyse SPEC --out RESULT` in-process. */
export async function analyseRaw(dir: string, spec: Json): Promise<AnalysisResult> {
  const name = `case-${++counter}`;
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(spec));
  const errors: string[] = [];
  const code = await main(['analyse', `${name}.json`, '--out', `${name}.result.json`], {
    stdout: () => {},
    stderr: (t) => errors.push(t),
    cwd: dir,
    env: {},
  });
  if (code !== 0) throw new Error(`analyse exited ${code}: ${errors.join('')}`);
  return JSON.parse(readFileSync(path.join(dir, `${name}.result.json`), 'utf8'));
}

/** As analyseRaw, keeping the mean/total/proportion/variance/contrast rows. */
export async function analyse(
  dir: string,
  spec: Json,
): Promise<Omit<AnalysisResult, 'estimates'> & { estimates: EstimateRow[] }> {
  const r = await analyseRaw(dir, spec);
  return { ...r, estimates: r.estimates.filter((e): e is EstimateRow => e.statistic !== 'regression') };
}

const rowName = (r: EstimateRow): string => (r.category !== undefined ? `${r.variable}${r.category}` : r.variable);
const domainName = (r: EstimateRow): string => Object.values(r.domain ?? {}).join('.');

function svystatShape(z: EstimateRow[], t: EstimateRow[], degf: number, name: (r: EstimateRow) => string): Json {
  const rec = (rows: EstimateRow[], f: (r: EstimateRow) => unknown): Json =>
    Object.fromEntries(rows.map((r) => [name(r), f(r)]));
  return {
    estimate: rec(z, (r) => r.estimate),
    se: rec(z, (r) => r.se),
    ci95_normal: rec(z, (r) => r.ci),
    degf,
    ci95_t_degf: rec(t, (r) => r.ci),
    ...(z.some((r) => r.deff !== undefined) ? { deff: rec(z, (r) => r.deff) } : {}),
  };
}

/** Keys of R's result the CLI does not produce (checked through the API instead). */
export function cliOnlyExpected(plan: Plan, result: RCase['result']): RCase['result'] {
  const drop = new Set<string>(['vcov']);
  if (plan.kind === 'likelihood-exact') ['ci_exact', 'phi', 'lambda', 'deviance_cutoff'].forEach((k) => drop.add(k));
  if (plan.kind === 'rake-sweeps') drop.add('se_2000_sweeps');
  return Object.fromEntries(Object.entries(result).filter(([k]) => !drop.has(k))) as RCase['result'];
}

/** Runs a case through `barometer analyse` and returns a result shaped like R's. */
export async function runCli(dir: string, plan: Plan): Promise<Json> {
  switch (plan.kind) {
    case 'stat': {
      const base =
        plan.fn === 'variance'
          ? { statistic: 'variance', variable: plan.vars[0] }
          : { statistic: plan.fn, variables: plan.vars, ...(plan.deff ? { deff: plan.deff } : {}) };
      const r = await analyse(
        dir,
        specFor(plan.design, [
          { id: 'z', ...base, df: 'infinite' },
          { id: 't', ...base, df: 'design' },
        ]),
      );
      return svystatShape(
        r.estimates.filter((e) => e.id === 'z'),
        r.estimates.filter((e) => e.id === 't'),
        r.design.df,
        rowName,
      );
    }
    case 'by': {
      const r = await analyse(
        dir,
        specFor(plan.design, [
          {
            id: 'z',
            statistic: plan.fn,
            variable: plan.y,
            by: plan.by,
            df: 'infinite',
            ...(plan.deff ? { deff: true } : {}),
          },
        ]),
      );
      const out = svystatShape(r.estimates, r.estimates, r.design.df, domainName);
      return { ...out, ...(plan.deff ? { deff: r.estimates.map((e) => e.deff) } : {}) };
    }
    case 'contrast': {
      const of = plan.of;
      const target =
        of.kind === 'by'
          ? { statistic: of.fn, variable: of.y, by: of.by }
          : of.kind === 'stat'
            ? { statistic: of.fn, variables: of.vars }
            : null;
      const design = of.kind === 'by' || of.kind === 'stat' ? of.design : null;
      if (!target || !design) throw new Error('unsupported contrast');
      const est = (id: string, df: string): Json => ({
        id,
        statistic: 'contrast',
        of: target,
        coefficients: plan.coefficients,
        df,
      });
      const r = await analyse(dir, specFor(design, [est('z', 'infinite'), est('t', 'design')]));
      return svystatShape(
        r.estimates.filter((e) => e.id === 'z'),
        r.estimates.filter((e) => e.id === 't'),
        r.design.df,
        () => 'contrast',
      );
    }
    case 'ciprop': {
      const r = await analyse(
        dir,
        specFor(plan.design, [
          {
            id: 'p',
            statistic: 'proportion',
            variable: plan.y,
            ci: plan.method,
            df: plan.dfInf ? 'infinite' : 'design',
          },
        ]),
      );
      const row = r.estimates[0];
      return { estimate: row?.estimate, se: row?.se, ci: row?.ci, df_default: r.design.df };
    }
    case 'weights': {
      const r = await analyse(dir, specFor(plan.design, [], true));
      const w = Float64Array.from(r.weights ?? []);
      const sum = w.reduce((a, b) => a + b, 0);
      return {
        weights: Array.from(w),
        n: w.length,
        sum,
        min: Math.min(...w),
        max: Math.max(...w),
        mean: sum / w.length,
        kish_deff: s.kishDesignEffect(w),
        kish_n_eff: s.effectiveSampleSize(w),
      };
    }
    case 'table': {
      const [a, b] = plan.vars;
      const r = await analyse(
        dir,
        specFor(plan.design, [{ id: 'n', statistic: 'total', variable: a, ...(b ? { by: [b] } : {}) }]),
      );
      if (!b) return { values: Object.fromEntries(r.estimates.map((e) => [e.category, e.estimate])) };
      const rows = [...new Set(r.estimates.map((e) => e.category ?? ''))];
      const cols = [...new Set(r.estimates.map((e) => e.domain?.[b] ?? ''))];
      return { dimnames: { [a ?? '']: rows, [b]: cols }, values_colmajor: r.estimates.map((e) => e.estimate) };
    }
    case 'ttest': {
      const r = await analyse(
        dir,
        specFor(plan.design, [
          { id: 'tt', statistic: 'ttest', variable: plan.y, ...(plan.group ? { group: plan.group } : {}) },
        ]),
      );
      const t = r.tests[0];
      return {
        statistic: { t: t?.value },
        p_value: t?.p,
        parameter: { df: t?.df },
        estimate: { [plan.group ? 'difference in mean' : 'mean']: t?.estimate },
        conf_int: t?.ci,
      };
    }
    case 'chisq': {
      const r = await analyse(
        dir,
        specFor(plan.design, [{ id: 'x', statistic: 'chisq', variables: [plan.a, plan.b], method: plan.statistic }]),
      );
      const t = r.tests[0];
      return {
        statistic: { [plan.statistic === 'Chisq' ? 'X-squared' : 'F']: t?.value },
        p_value: t?.p,
        parameter: t?.df !== undefined ? { df: t.df } : { ndf: t?.ndf, ddf: t?.ddf },
      };
    }
    case 'independent': {
      const est = [{ id: 'p', statistic: 'mean', variable: 'sch_wide_yes' }];
      const a = (await analyse(dir, specFor({ base: 'dstrat', steps: [] }, est))).estimates[0];
      const b = (await analyse(dir, specFor({ base: 'dsrs', steps: [] }, est))).estimates[0];
      return independentDifference(a?.estimate ?? 0, a?.se ?? 0, b?.estimate ?? 0, b?.se ?? 0);
    }
    case 'likelihood-exact': {
      const r = await analyse(
        dir,
        specFor(plan.design, [{ id: 'p', statistic: 'proportion', variable: plan.y, ci: 'likelihood' }]),
      );
      return { estimate: r.estimates[0]?.estimate, ci_survey_spline: r.estimates[0]?.ci };
    }
    case 'rake-sweeps': {
      const r = await analyse(
        dir,
        specFor({ base: 'dsrs', steps: [{ method: 'rake', tight: true }] }, [
          { id: 'm', statistic: 'mean', variable: 'api00' },
        ]),
      );
      return { estimate: r.estimates[0]?.estimate, se_10_sweeps: r.estimates[0]?.se };
    }
  }
}
