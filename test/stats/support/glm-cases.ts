import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisResult } from '../../../src/analysis/result.ts';
import * as s from '../../../src/stats/index.ts';
import { loadApi, referenceDir, repoRoot, datasetOf, type Table } from './api-data.ts';
import { parseDesign, type DesignExpr, type RCase } from './r-cases.ts';
import { apiDesign } from './run-api.ts';
import { analyse, analyseRaw, specFor } from './run-cli.ts';

type Json = Record<string, unknown>;

/** The 9 public cases of glm_reference.json, then ours (test/stats/fixtures/glm-extra.json, made by glm-extra.R). */
export function loadGlmCases(): { public: RCase[]; extra: RCase[] } {
  const read = (file: string): RCase[] => (JSON.parse(readFileSync(file, 'utf8')) as { cases: RCase[] }).cases;
  return {
    public: read(path.join(referenceDir, 'glm_reference.json')),
    extra: read(path.join(repoRoot, 'test/stats/fixtures/glm-extra.json')),
  };
}

export type GlmPlan =
  | {
      readonly kind: 'glm';
      readonly formula: string;
      readonly family: 'gaussian' | 'quasibinomial';
      readonly design: DesignExpr;
      readonly subset?: Record<string, string>;
    }
  | {
      readonly kind: 'cells-contrast';
      readonly y: string;
      readonly by: readonly string[];
      readonly design: DesignExpr;
      readonly coefficients: readonly number[];
    };

function designOf(expr: string): DesignExpr {
  const name = expr.trim();
  if (name === 'drake') return { base: 'dclus1', steps: [{ method: 'rake', tight: false }] };
  return parseDesign(name);
}

/** `subset(D, a == "x" & b == 1)` → the design and the column values kept. */
function subsetOf(expr: string): { design: DesignExpr; subset?: Record<string, string> } {
  const m = /^subset\((\w+),\s*(.*)\)$/.exec(expr.trim());
  if (!m) return { design: designOf(expr) };
  const subset: Record<string, string> = {};
  for (const part of (m[2] ?? '').split('&')) {
    const eq = /^\s*([\w.]+)\s*==\s*['"]?([^'"]*?)['"]?\s*$/.exec(part);
    if (!eq) throw new Error(`cannot parse subset condition ${part}`);
    subset[eq[1] ?? ''] = eq[2] ?? '';
  }
  return { design: designOf(m[1] ?? ''), subset };
}

export function parseGlmPlan(c: RCase): GlmPlan {
  const code = c.r_code.trim();
  const glm = /svyglm\((.+?), design = (.+?), family = (gaussian|quasibinomial)\(\)/.exec(code);
  if (glm)
    return {
      kind: 'glm',
      formula: glm[1] ?? '',
      family: glm[3] === 'gaussian' ? 'gaussian' : 'quasibinomial',
      ...subsetOf(glm[2] ?? ''),
    };
  const contrast = /^svycontrast\(cells, c\(([-\d, ]+)\)\)$/.exec(code);
  const by = /cells <- svyby\(~(\w+), ~([\w+ ]+), (\w+), svymean, covmat = TRUE\)/.exec(c.r_setup);
  if (contrast && by) {
    return {
      kind: 'cells-contrast',
      y: by[1] ?? '',
      by: (by[2] ?? '').split('+').map((v) => v.trim()),
      design: designOf(by[3] ?? ''),
      coefficients: (contrast[1] ?? '').split(',').map(Number),
    };
  }
  throw new Error(`no plan for ${c.id}: ${code}`);
}

/** Numeric when every present value parses as a number (as `barometer analyse` decides). */
export function lookupIn(table: Table): s.ColumnLookup {
  return (name) => {
    const text = table.text(name);
    const missing = (v: string): boolean => v === '' || v === 'NA';
    if (text.every((v) => missing(v) || Number.isFinite(Number(v))))
      return { kind: 'numeric', values: table.num(name) };
    return { kind: 'categorical', values: text.map((v) => (missing(v) ? null : v)) };
  };
}

function record(names: readonly string[], value: (k: number) => unknown): Json {
  return Object.fromEntries(names.map((n, k) => [n, value(k)]));
}

/** Runs a case through the TypeScript API and shapes the result like R's. */
export function runGlmApi(plan: GlmPlan): Json {
  const { design, table } = apiDesign(plan.design);
  if (plan.kind === 'cells-contrast') {
    const domain = s.crossFactors(plan.by.map((b) => s.encodeFactor(table.text(b))));
    const dom = s.domainEstimates(design, 'mean', [{ name: plan.y, values: table.num(plan.y) }], domain);
    const c = s.linearContrast(
      { ...dom.joint, names: dom.domains },
      Object.fromEntries(dom.domains.map((d, k) => [d, plan.coefficients[k] ?? 0])),
    );
    return { estimate: c.estimate, se: c.se, degf: dom.joint.df };
  }
  const subset = plan.subset;
  const columns = subset ? Object.entries(subset).map(([col, v]) => [table.text(col), v] as const) : [];
  const r = s.surveyGlm(design, plan.formula, lookupIn(table), {
    family: plan.family,
    ...(subset ? { domain: (i: number) => columns.every(([col, v]) => col[i] === v) } : {}),
  });
  const names = r.coefficients.map((c) => c.term);
  const z = s.criticalValue(0.95, Infinity);
  const p = names.length;
  return {
    coefficients: record(names, (k) => r.coefficients[k]?.estimate),
    se: record(names, (k) => r.coefficients[k]?.se),
    t_value: record(names, (k) => r.coefficients[k]?.t),
    p_value: record(names, (k) => r.coefficients[k]?.p),
    vcov: { values: names.map((_, a) => names.map((__, b) => r.vcov[a * p + b])) },
    df_residual: r.df,
    dispersion: r.dispersion,
    ci95_normal: record(names, (k) => {
      const c = r.coefficients[k];
      return c ? [c.estimate - z * c.se, c.estimate + z * c.se] : undefined;
    }),
    ci95_t_df_residual: record(names, (k) => r.coefficients[k]?.ci),
    n: r.n,
    iterations: r.iterations,
  };
}

type RegressionRow = Extract<AnalysisResult['estimates'][number], { statistic: 'regression' }>;

/** Runs a case through `barometer analyse` and shapes the result like R's (no vcov, no iteration count). */
export async function runGlmCli(dir: string, plan: GlmPlan): Promise<Json> {
  if (plan.kind === 'cells-contrast') {
    const of = { statistic: 'mean', variable: plan.y, by: plan.by };
    const cells = await analyse(dir, specFor(plan.design, [{ id: 'cells', ...of }]));
    const keys = cells.estimates.map((e) => Object.values(e.domain ?? {}).join('.'));
    const coefficients = Object.fromEntries(keys.map((k, j) => [k, plan.coefficients[j] ?? 0]));
    const r = await analyse(dir, specFor(plan.design, [{ id: 'c', statistic: 'contrast', of, coefficients }]));
    return { estimate: r.estimates[0]?.estimate, se: r.estimates[0]?.se, degf: r.design.df };
  }
  const base = {
    statistic: 'regression',
    formula: plan.formula,
    family: plan.family,
    ...(plan.subset ? { subset: plan.subset } : {}),
  };
  const r = await analyseRaw(
    dir,
    specFor(plan.design, [
      { id: 't', ...base },
      { id: 'z', ...base, df: 'infinite' },
    ]),
  );
  const rows = (id: string): RegressionRow[] =>
    r.estimates.filter((e): e is RegressionRow => e.id === id && e.statistic === 'regression');
  const t = rows('t');
  const rec = (list: RegressionRow[], f: (row: RegressionRow) => unknown): Json =>
    Object.fromEntries(list.map((row) => [row.term, f(row)]));
  const model = r.models.find((m) => m.id === 't');
  return {
    coefficients: rec(t, (x) => x.estimate),
    se: rec(t, (x) => x.se),
    t_value: rec(t, (x) => x.t),
    p_value: rec(t, (x) => x.p),
    df_residual: t[0]?.df,
    dispersion: model?.dispersion,
    ci95_normal: rec(rows('z'), (x) => x.ci),
    ci95_t_df_residual: rec(t, (x) => x.ci),
    n: model?.n,
  };
}

/** R's fields the CLI does not print (checked through the API). */
export function glmCliExpected(result: RCase['result']): RCase['result'] {
  return Object.fromEntries(
    Object.entries(result).filter(([k]) => k !== 'vcov' && k !== 'iterations'),
  ) as RCase['result'];
}
