import { criticalValue, pt, surveyGlm, type ColumnLookup, type SurveyDesign } from '../stats/index.ts';
import type { DataTable } from './csv.ts';
import type { DfValue, ModelRow, RegressionRow } from './result.ts';
import { AnalysisError, type EstimateSpec } from './spec.ts';

type RegressionSpec = Extract<EstimateSpec, { statistic: 'regression' }>;

/** Columns of the CSV as a formula sees them: numeric when every present value is a number. */
function lookupIn(data: DataTable, usedAs: string): ColumnLookup {
  return (name) =>
    data.isNumeric(name, usedAs)
      ? { kind: 'numeric', values: data.numeric(name, usedAs) }
      : { kind: 'categorical', values: data.text(name, usedAs) };
}

/** The rows whose `subset` columns hold the given values (text equal, or numerically equal to a number). */
function subsetRows(data: DataTable, subset: Readonly<Record<string, string | number>>, path: string): Uint8Array {
  const keep = new Uint8Array(data.n).fill(1);
  for (const [column, value] of Object.entries(subset)) {
    const text = data.text(column, `${path}.subset.${column}`);
    text.forEach((v, i) => {
      const match = v !== null && (typeof value === 'number' ? v.trim() !== '' && Number(v) === value : v === value);
      if (!match) keep[i] = 0;
    });
  }
  if (!keep.includes(1)) throw new AnalysisError(`${path}.subset: no row has ${JSON.stringify(subset)}`);
  return keep;
}

/**
 * A `regression` estimate: R's `svyglm` on the design (domain = `subset`), one row per coefficient
 * and the model's n, df and dispersion.
 */
export function regressionEstimate(
  design: SurveyDesign,
  data: DataTable,
  spec: RegressionSpec,
  path: string,
): { estimates: RegressionRow[]; tests: []; model: ModelRow } {
  const level = spec.level ?? 0.95;
  const keep = spec.subset ? subsetRows(data, spec.subset, path) : null;
  const fit = surveyGlm(design, spec.formula, lookupIn(data, `${path}.formula`), {
    family: spec.family,
    level,
    ...(keep ? { domain: (i: number) => keep[i] === 1 } : {}),
  });
  const df: number =
    spec.df === undefined || spec.df === 'residual' ? fit.df : spec.df === 'infinite' ? Infinity : spec.df;
  const out: DfValue = df === Infinity ? 'infinite' : df;
  const q = criticalValue(level, df);
  const estimates = fit.coefficients.map((c): RegressionRow => ({
    id: spec.id,
    statistic: 'regression',
    term: c.term,
    estimate: c.estimate,
    se: c.se,
    t: c.t,
    p: df === fit.df ? c.p : 2 * pt(-Math.abs(c.t), df),
    df: out,
    ci: [c.estimate - q * c.se, c.estimate + q * c.se],
    level,
  }));
  return {
    estimates,
    tests: [],
    model: {
      id: spec.id,
      family: fit.family,
      formula: spec.formula,
      n: fit.n,
      df: fit.df,
      dispersion: fit.dispersion,
      iterations: fit.iterations,
      levels: fit.levels,
    },
  };
}
