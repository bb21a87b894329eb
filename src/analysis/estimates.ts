import {
  criticalValue,
  domainEstimates,
  linearContrast,
  proportionInterval,
  restrictToDomain,
  surveyMean,
  surveyTotal,
  surveyVariance,
  type DeffKind,
  type SurveyDesign,
  type SurveyStatistic,
} from '../stats/index.ts';
import { expandVariable, jointFactor } from './columns.ts';
import type { DataTable } from './csv.ts';
import { chisqTestEntry, tTestEntry } from './estimate-tests.ts';
import { regressionEstimate } from './regression.ts';
import type { DfValue, EstimateRow, ModelRow, TestRow } from './result.ts';
import { AnalysisError, type EstimateSpec } from './spec.ts';
import { at } from '../stats/checked.ts';

interface JointRow {
  readonly variable: string;
  readonly category?: string;
  readonly domain?: Record<string, string>;
  /** Name used by contrast coefficients. */
  readonly key: string;
  readonly n: number;
  /** The design restricted to this row's domain (for proportion intervals; built when asked). */
  readonly design: () => SurveyDesign;
  readonly values: { readonly name: string; readonly values: ArrayLike<number> };
}

interface Target {
  readonly statistic: 'mean' | 'total' | 'proportion';
  readonly variable?: string | undefined;
  readonly variables?: readonly string[] | undefined;
  readonly by?: readonly string[] | undefined;
}

function targetColumns(t: Target, path: string): readonly string[] {
  if (t.variable !== undefined && t.variables !== undefined)
    throw new AnalysisError(`${path}: give "variable" or "variables", not both`);
  const cols = t.variable !== undefined ? [t.variable] : t.variables;
  if (!cols) throw new AnalysisError(`${path}: "variable" or "variables" is required`);
  return cols;
}

/** Means, totals or proportions of the target jointly over all variables (and domains). */
function jointStatistic(
  design: SurveyDesign,
  data: DataTable,
  t: Target,
  path: string,
  deff: DeffKind | undefined,
): { stat: SurveyStatistic; rows: JointRow[] } {
  const columns = targetColumns(t, path);
  const expanded = columns.flatMap((c, j) =>
    expandVariable(data, c, `${path}.${t.variables ? `variables[${j}]` : 'variable'}`),
  );
  const single = expanded.length === 1;
  const vkey = (e: (typeof expanded)[number]): string =>
    e.category === undefined ? e.variable : columns.length === 1 ? e.category : `${e.variable}=${e.category}`;
  const kind = t.statistic === 'total' ? 'total' : 'mean';
  const options = deff ? { deff } : {};
  if (!t.by || t.by.length === 0) {
    const stat = (kind === 'total' ? surveyTotal : surveyMean)(
      design,
      expanded.map((e) => e.values),
      options,
    );
    return {
      stat,
      rows: expanded.map((e) => ({
        variable: e.variable,
        ...(e.category !== undefined ? { category: e.category } : {}),
        key: vkey(e),
        n: stat.n,
        design: () => design,
        values: e.values,
      })),
    };
  }
  const by = t.by;
  const { factor, parts } = jointFactor(data, by, `${path}.by`, false);
  const anyMissing = factor.codes.includes(-1);
  const complete = anyMissing ? restrictToDomain(design, (i) => (factor.codes[i] ?? -1) >= 0) : design;
  const safe = anyMissing ? { codes: factor.codes.map((c) => (c < 0 ? 0 : c)), levels: factor.levels } : factor;
  const dom = domainEstimates(
    complete,
    kind,
    expanded.map((e) => e.values),
    safe,
    options,
  );
  const rows: JointRow[] = [];
  dom.domains.forEach((label, d) => {
    const level = factor.levels.indexOf(label);
    const values = parts[level] ?? [];
    const domain: Record<string, string> = {};
    by.forEach((b, j) => {
      domain[b] = values[j] ?? '';
    });
    const dkey = values.join('.');
    let sub: SurveyDesign | undefined;
    const subDesign = (): SurveyDesign =>
      (sub ??= restrictToDomain(complete, (i) => (factor.codes[i] ?? -1) === level));
    for (const e of expanded) {
      rows.push({
        variable: e.variable,
        ...(e.category !== undefined ? { category: e.category } : {}),
        domain,
        key: single ? dkey : `${dkey}:${vkey(e)}`,
        n: at(dom.n, d),
        design: subDesign,
        values: e.values,
      });
    }
  });
  return { stat: dom.joint, rows };
}

function dfValue(
  spec: 'design' | 'infinite' | number | undefined,
  design: SurveyDesign,
  designDf: number,
): { df: number; out: DfValue } {
  void design;
  if (spec === 'infinite') return { df: Infinity, out: 'infinite' };
  if (typeof spec === 'number') return { df: spec, out: spec };
  return { df: designDf, out: designDf };
}

function deffKind(d: 'srswor' | 'replace' | boolean | undefined): DeffKind | undefined {
  if (d === true) return 'srswor';
  if (d === false || d === undefined) return undefined;
  return d;
}

/** What one estimate entry of the spec yields. */
type EstimateEntry = { estimates: EstimateRow[]; tests: TestRow[]; model?: ModelRow };

/** Computes one estimate entry of the spec. */
export function computeEstimate(
  design: SurveyDesign,
  data: DataTable,
  spec: EstimateSpec,
  path: string,
  designDf: number,
): EstimateEntry {
  switch (spec.statistic) {
    case 'regression':
      return regressionEstimate(design, data, spec, path);
    case 'mean':
    case 'total':
    case 'proportion':
      return pointEstimates(design, data, spec, path, designDf);
    case 'variance':
      return varianceEstimate(design, data, spec, path, designDf);
    case 'contrast':
      return contrastEstimate(design, data, spec, path, designDf);
    case 'ttest':
      return tTestEntry(design, data, spec, path);
    case 'chisq':
      return chisqTestEntry(design, data, spec, path);
  }
}

/** Means, totals or proportions (by domain, if asked), with their intervals and design effects. */
function pointEstimates(
  design: SurveyDesign,
  data: DataTable,
  spec: Extract<EstimateSpec, { statistic: 'mean' | 'total' | 'proportion' }>,
  path: string,
  designDf: number,
): EstimateEntry {
  const level = spec.level ?? 0.95;
  const { df, out } = dfValue(spec.df, design, designDf);
  const deff = deffKind(spec.deff);
  const { stat, rows } = jointStatistic(design, data, spec, path, deff);
  const p = stat.estimate.length;
  const estimates = rows.map((row, k): EstimateRow => {
    const estimate = stat.estimate[k] ?? Number.NaN;
    const se = Math.sqrt(Math.max(at(stat.vcov, k * p + k), 0));
    let ci: [number, number];
    let shown = estimate;
    let method: string | undefined;
    if (spec.statistic === 'proportion') {
      method = spec.ci ?? 'logit';
      const interval = proportionInterval(row.design(), row.values, spec.ci ?? 'logit', { level, df });
      ci = interval.ci;
      shown = interval.estimate;
    } else {
      const q = criticalValue(level, df);
      ci = [estimate - q * se, estimate + q * se];
    }
    const d = stat.deff?.[k];
    return {
      id: spec.id,
      statistic: spec.statistic,
      variable: row.variable,
      ...(row.category !== undefined ? { category: row.category } : {}),
      ...(row.domain ? { domain: row.domain } : {}),
      estimate: shown,
      se,
      ci,
      level,
      df: out,
      ...(d !== undefined ? { deff: d } : {}),
      n: row.n,
      ...(method ? { method } : {}),
    };
  });
  return { estimates, tests: [] };
}

/** The population variance of a variable, with its standard error and interval. */
function varianceEstimate(
  design: SurveyDesign,
  data: DataTable,
  spec: Extract<EstimateSpec, { statistic: 'variance' }>,
  path: string,
  designDf: number,
): EstimateEntry {
  const level = spec.level ?? 0.95;
  const { df, out } = dfValue(spec.df, design, designDf);
  const values = data.numeric(spec.variable, `${path}.variable`);
  const stat = surveyVariance(design, { name: spec.variable, values });
  const estimate = stat.estimate[0] ?? Number.NaN;
  const se = Math.sqrt(at(stat.vcov, 0));
  const q = criticalValue(level, df);
  return {
    estimates: [
      {
        id: spec.id,
        statistic: 'variance',
        variable: spec.variable,
        estimate,
        se,
        ci: [estimate - q * se, estimate + q * se],
        level,
        df: out,
        n: stat.n,
      },
    ],
    tests: [],
  };
}

/** A linear contrast of the estimates (or domains) of another entry, named by its coefficients. */
function contrastEstimate(
  design: SurveyDesign,
  data: DataTable,
  spec: Extract<EstimateSpec, { statistic: 'contrast' }>,
  path: string,
  designDf: number,
): EstimateEntry {
  const level = spec.level ?? 0.95;
  const { df, out } = dfValue(spec.df, design, designDf);
  const { stat, rows } = jointStatistic(design, data, spec.of, `${path}.of`, undefined);
  const keyed = { ...stat, names: rows.map((r) => r.key) };
  for (const name of Object.keys(spec.coefficients)) {
    if (!keyed.names.includes(name)) {
      throw new AnalysisError(
        `${path}.coefficients.${name}: no such estimate or domain (have: ${keyed.names.join(', ')})`,
      );
    }
  }
  const c = linearContrast(keyed, spec.coefficients);
  const q = criticalValue(level, df);
  return {
    estimates: [
      {
        id: spec.id,
        statistic: 'contrast',
        variable: targetColumns(spec.of, `${path}.of`).join(','),
        estimate: c.estimate,
        se: c.se,
        ci: [c.estimate - q * c.se, c.estimate + q * c.se],
        level,
        df: out,
        n: stat.n,
      },
    ],
    tests: [],
  };
}
