import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { degreesOfFreedom, parseFormula, SurveyError } from '../stats/index.ts';
import { applyAdjustment } from './adjust.ts';
import { readCsv, type DataTable } from './csv.ts';
import { isSav, readSavTable } from './sav.ts';
import { buildDesign, describeDesign } from './design.ts';
import { computeEstimate } from './estimates.ts';
import type { AnalysisResult } from './result.ts';
import { AnalysisError, parseSpec, type AnalysisSpec } from './spec.ts';

/** Runs a validated spec on its data: design, weighting steps in order, then the estimates. */
export function runAnalysis(spec: AnalysisSpec, data: DataTable): AnalysisResult {
  let design = buildDesign(spec.design, data);
  const warnings: string[] = [];
  spec.adjust.forEach((step, k) => {
    const where = `adjust[${k}]`;
    const result = withContext(where, () => applyAdjustment(design, data, step, where));
    design = result.design;
    warnings.push(...result.warnings.map((w) => `${where}: ${w}`));
  });
  const designDf = degreesOfFreedom(design);
  const result: AnalysisResult = { design: describeDesign(design), estimates: [], tests: [], models: [], warnings };
  spec.estimates.forEach((estimate, k) => {
    const where = `estimates[${k}]`;
    const out = withContext(where, () => computeEstimate(design, data, estimate, where, designDf));
    result.estimates.push(...out.estimates);
    result.tests.push(...out.tests);
    if (out.model) result.models.push(out.model);
  });
  return spec.output.weights ? { ...result, weights: Array.from(design.weights) } : result;
}

function withContext<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof SurveyError) throw new AnalysisError(`${where}: ${err.message}`);
    throw err;
  }
}

/** Reads SPEC.json, validates it, reads its CSV (path relative to the spec file) and runs it. */
export async function runAnalysisFile(specPath: string): Promise<AnalysisResult> {
  let text: string;
  try {
    text = await readFile(specPath, 'utf8');
  } catch {
    throw new AnalysisError(`cannot read spec file ${specPath}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AnalysisError(`${specPath} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const spec = parseSpec(json);
  const dataPath = path.resolve(path.dirname(specPath), spec.data);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(dataPath);
  } catch {
    throw new AnalysisError(`data: cannot read ${dataPath}`);
  }
  if (isSav(bytes)) return runAnalysis(spec, readSavTable(bytes, spec.data, spec.missing));
  if (/\.sav$/i.test(spec.data))
    throw new AnalysisError(`${spec.data}: not an SPSS system file (it does not start with "$FL2")`);
  return runAnalysis(spec, readCsv(bytes, spec.data, spec.missing, specColumns(spec)));
}

/**
 * The columns a model formula reads. A formula that does not parse names none here: the
 * regression estimate parses it again and reports the error with the estimate's path.
 */
function formulaColumns(formula: string): string[] {
  try {
    const parsed = parseFormula(formula);
    return [parsed.response, ...parsed.variables];
  } catch (err) {
    if (err instanceof SurveyError) return [];
    throw err;
  }
}

/** Every column a spec names: the only ones the reader needs to convert. */
export function specColumns(spec: AnalysisSpec): Set<string> {
  const out = new Set<string>(spec.design.ids);
  const add = (...names: (string | undefined)[]): void => {
    for (const name of names) if (name !== undefined) out.add(name);
  };
  add(spec.design.strata, spec.design.weights, ...(spec.design.fpc ?? []));
  for (const step of spec.adjust) {
    if (step.method === 'poststratify') add(...step.variables);
    if (step.method === 'rake' || step.method === 'calibrate') for (const m of step.margins) add(...m.variables);
    if (step.method === 'calibrate') add(...Object.keys(step.numeric));
  }
  for (const e of spec.estimates) {
    if (e.statistic === 'contrast') add(e.of.variable, ...(e.of.variables ?? []), ...(e.of.by ?? []));
    else if (e.statistic === 'ttest') add(e.variable, e.group);
    else if (e.statistic === 'chisq') add(...e.variables);
    else if (e.statistic === 'variance') add(e.variable);
    else if (e.statistic === 'regression') add(...formulaColumns(e.formula), ...Object.keys(e.subset ?? {}));
    else add(e.variable, ...(e.variables ?? []), ...(e.by ?? []));
  }
  return out;
}
