/**
 * The hypothesis tests of an analysis spec: a design-based t test of a mean (or of a difference
 * between two groups) and the Rao–Scott chi-squared test of independence of two variables.
 */
import { restrictToDomain, surveyChisq, surveyTTest, withWeights, type SurveyDesign } from '../stats/index.ts';
import { factorColumn } from './columns.ts';
import type { DataTable } from './csv.ts';
import type { TestRow } from './result.ts';
import type { EstimateSpec } from './spec.ts';

/** A t test entry: of the mean of a variable, or of the difference between the two levels of a group. */
export function tTestEntry(
  design: SurveyDesign,
  data: DataTable,
  spec: Extract<EstimateSpec, { statistic: 'ttest' }>,
  path: string,
): { estimates: []; tests: TestRow[] } {
  const level = spec.level ?? 0.95;
  const values = data.numeric(spec.variable, `${path}.variable`);
  const group = spec.group ? factorColumn(data, spec.group, `${path}.group`, false) : undefined;
  let d = design;
  if (group)
    d = withWeights(
      design,
      design.weights.map((w, i) => ((group.codes[i] ?? -1) < 0 ? 0 : w)),
    );
  const r = surveyTTest(
    d,
    { name: spec.variable, values },
    group ? { codes: group.codes.map((c) => Math.max(c, 0)), levels: group.levels } : undefined,
    level,
  );
  return {
    estimates: [],
    tests: [
      {
        id: spec.id,
        statistic: 'ttest',
        value: r.t,
        df: r.df,
        p: r.p,
        estimate: r.estimate,
        se: r.se,
        ci: r.ci,
        level,
        ...(r.groups ? { groups: r.groups } : {}),
      },
    ],
  };
}

/** A chi-squared test entry: independence of two categorical variables, over the rows where both are known. */
export function chisqTestEntry(
  design: SurveyDesign,
  data: DataTable,
  spec: Extract<EstimateSpec, { statistic: 'chisq' }>,
  path: string,
): { estimates: []; tests: TestRow[] } {
  const [a, b] = spec.variables;
  const rowsF = factorColumn(data, a, `${path}.variables[0]`, false);
  const colsF = factorColumn(data, b, `${path}.variables[1]`, false);
  const keep = (i: number): boolean => (rowsF.codes[i] ?? -1) >= 0 && (colsF.codes[i] ?? -1) >= 0;
  const d = restrictToDomain(design, keep);
  const r = surveyChisq(
    d,
    { codes: rowsF.codes.map((c) => Math.max(c, 0)), levels: rowsF.levels },
    { codes: colsF.codes.map((c) => Math.max(c, 0)), levels: colsF.levels },
    spec.method,
  );
  return {
    estimates: [],
    tests: [
      {
        id: spec.id,
        statistic: 'chisq',
        method: spec.method,
        value: r.value,
        ...(r.df !== undefined ? { df: r.df } : { ndf: r.ndf ?? Number.NaN, ddf: r.ddf ?? Number.NaN }),
        p: r.p,
      },
    ],
  };
}
