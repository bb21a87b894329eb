import { createDesign, degreesOfFreedom, psuAndStratumCounts, SurveyError, type SurveyDesign } from '../stats/index.ts';
import { factorColumn } from './columns.ts';
import type { DataTable } from './csv.ts';
import { AnalysisError, type DesignSpec } from './spec.ts';

/** Builds the survey design a spec's `design` block describes. */
export function buildDesign(spec: DesignSpec, data: DataTable): SurveyDesign {
  const required = (column: string, usedAs: string): Int32Array => factorColumn(data, column, usedAs, true).codes;
  /** Stratum labels as text: error messages name strata by their value. */
  const labels = (column: string, usedAs: string): string[] => {
    const f = factorColumn(data, column, usedAs, true);
    return Array.from(f.codes, (c) => f.levels[c] ?? '');
  };
  const numeric = (column: string, usedAs: string): Float64Array => {
    const x = data.numeric(column, usedAs);
    const i = x.findIndex(Number.isNaN);
    if (i >= 0) throw new AnalysisError(`${usedAs}: column "${column}" is missing in ${data.row(i)} of ${data.file}`);
    return x;
  };
  try {
    return createDesign({
      n: data.n,
      ...(spec.weights ? { weights: numeric(spec.weights, 'design.weights') } : {}),
      ...(spec.strata ? { strata: labels(spec.strata, 'design.strata') } : {}),
      ids: spec.ids.map((c, k) => required(c, `design.ids[${k}]`)),
      ...(spec.fpc ? { fpc: spec.fpc.map((c, k) => numeric(c, `design.fpc[${k}]`)) } : {}),
      lonelyPsu: spec.lonelyPsu,
    });
  } catch (err) {
    if (err instanceof SurveyError) throw new AnalysisError(`design: ${err.message}`);
    throw err;
  }
}

/** The `design` block of the result. */
export function describeDesign(design: SurveyDesign): { n: number; psus: number; strata: number; df: number } {
  return { n: design.n, ...psuAndStratumCounts(design), df: degreesOfFreedom(design) };
}
