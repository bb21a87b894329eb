import { createDesign, degreesOfFreedom, SurveyError, type SurveyDesign } from '../stats/index.ts';
import type { DataTable } from './csv.ts';
import { AnalysisError, type DesignSpec } from './spec.ts';

/** Builds the survey design a spec's `design` block describes. */
export function buildDesign(spec: DesignSpec, data: DataTable): SurveyDesign {
  const required = (column: string, usedAs: string): string[] =>
    data.text(column, usedAs).map((v, i) => {
      if (v === null) throw new AnalysisError(`${usedAs}: column "${column}" is missing in row ${i + 2} of ${data.file}`);
      return v;
    });
  const numeric = (column: string, usedAs: string): Float64Array => {
    const x = data.numeric(column, usedAs);
    x.forEach((v, i) => {
      if (Number.isNaN(v)) throw new AnalysisError(`${usedAs}: column "${column}" is missing in row ${i + 2} of ${data.file}`);
    });
    return x;
  };
  try {
    return createDesign({
      n: data.n,
      ...(spec.weights ? { weights: numeric(spec.weights, 'design.weights') } : {}),
      ...(spec.strata ? { strata: required(spec.strata, 'design.strata') } : {}),
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
  const stage = design.stages[0];
  const psus = new Set<number>();
  const strata = new Set<number>();
  for (let i = 0; i < design.n; i++) {
    if ((design.weights[i] ?? 0) === 0) continue;
    psus.add(stage?.cluster[i] ?? i);
    strata.add(stage?.stratum[i] ?? 0);
  }
  return { n: design.n, psus: psus.size, strata: strata.size, df: degreesOfFreedom(design) };
}
