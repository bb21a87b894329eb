import { SurveyError } from '../errors.ts';
import { encodeFactor, type Labels } from '../factor.ts';
import type { DesignStage, LonelyPsu, SurveyDesign } from './types.ts';
import { at } from '../checked.ts';

export interface DesignInput {
  /** Number of rows (needed when no other column is given). */
  readonly n?: number;
  /** Sampling weights 1/π. When absent they come from the fpc (Π N/n over stages), else 1. */
  readonly weights?: ArrayLike<number>;
  /** Stage-1 strata labels. */
  readonly strata?: Labels;
  /** Cluster labels, one array per stage (PSU first). Absent or empty: each row is a PSU. */
  readonly ids?: readonly Labels[];
  /**
   * Finite population corrections, one array per stage: population sizes when any value is
   * above 1 (all must then be ≥ 1), otherwise sampling fractions (R's `as.fpc` rule).
   */
  readonly fpc?: readonly ArrayLike<number>[];
  readonly lonelyPsu?: LonelyPsu;
}

/**
 * Builds a stratified multi-stage design (R: `svydesign`). Clusters are nested in strata and
 * sub-clusters in clusters; n_h, the number of sampled units per stratum at each stage, is fixed
 * here and kept when the design is later restricted to a domain.
 */
export function createDesign(input: DesignInput): SurveyDesign {
  const n = rowCount(input);
  const ids = input.ids ?? [];
  const nStages = Math.max(ids.length, 1);
  if (input.fpc && input.fpc.length > 0 && input.fpc.length !== nStages) {
    throw new SurveyError('invalid_design', `fpc has ${input.fpc.length} stage(s) but ids have ${nStages}`);
  }
  const strataFactor = input.strata ? encodeFactor(input.strata) : { codes: new Int32Array(n), levels: ['1'] };
  const fpcAsPopulation = input.fpc && input.fpc.length > 0 ? fpcIsPopulation(input.fpc) : null;
  const stages: DesignStage[] = [];
  let parent = strataFactor.codes;
  let nParent = strataFactor.levels.length;
  for (let k = 0; k < nStages; k++) {
    const idLabels = ids[k];
    const stage = buildStage(n, parent, nParent, idLabels);
    const fpc = input.fpc?.[k];
    const withFpc = fpc ? attachFpc(stage, fpc, fpcAsPopulation ?? true, k + 1, strataFactor.levels) : stage;
    stages.push(withFpc);
    parent = withFpc.cluster;
    nParent = withFpc.nClusters;
  }
  return {
    n,
    weights: designWeights(n, input.weights, stages),
    stages,
    strataLabels: strataFactor.levels,
    hasFpc: fpcAsPopulation !== null,
    adjustments: [],
    lonelyPsu: input.lonelyPsu ?? 'fail',
  };
}

function rowCount(input: DesignInput): number {
  const n =
    input.n ?? input.weights?.length ?? input.strata?.length ?? input.ids?.[0]?.length ?? input.fpc?.[0]?.length;
  if (n === undefined) throw new SurveyError('invalid_design', 'the design needs a row count or at least one column');
  for (const [name, col] of [
    ['weights', input.weights],
    ['strata', input.strata],
    ...(input.ids ?? []).map((c, i) => [`ids[${i}]`, c] as const),
    ...(input.fpc ?? []).map((c, i) => [`fpc[${i}]`, c] as const),
  ] as const) {
    if (col && col.length !== n)
      throw new SurveyError('invalid_design', `${name} has ${col.length} rows, expected ${n}`);
  }
  return n;
}

function fpcIsPopulation(fpc: readonly ArrayLike<number>[]): boolean {
  let anyAboveOne = false;
  let anyBelowOne = false;
  for (const col of fpc) {
    for (let i = 0; i < col.length; i++) {
      const v = col[i] ?? Number.NaN;
      if (!(v > 0)) throw new SurveyError('invalid_design', `fpc must be positive (row ${i + 1}: ${v})`);
      if (v > 1) anyAboveOne = true;
      if (v < 1) anyBelowOne = true;
    }
  }
  if (anyAboveOne && anyBelowOne) {
    throw new SurveyError('invalid_design', 'fpc mixes population sizes (≥ 1) and sampling fractions (< 1)');
  }
  return anyAboveOne;
}

function buildStage(n: number, parent: Int32Array, nParent: number, idLabels: Labels | undefined): DesignStage {
  const cluster = new Int32Array(n);
  let nClusters: number;
  if (!idLabels) {
    for (let i = 0; i < n; i++) cluster[i] = i;
    nClusters = n;
  } else {
    const idCodes = encodeFactor(idLabels);
    const m = idCodes.levels.length;
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = at(parent, i) * m + at(idCodes.codes, i);
      let c = index.get(key);
      if (c === undefined) {
        c = index.size;
        index.set(key, c);
      }
      cluster[i] = c;
    }
    nClusters = index.size;
  }
  const clusterStratum = new Int32Array(nClusters);
  for (let i = 0; i < n; i++) clusterStratum[at(cluster, i)] = at(parent, i);
  const sampled = new Float64Array(nParent);
  for (let c = 0; c < nClusters; c++) sampled[at(clusterStratum, c)] = at(sampled, at(clusterStratum, c)) + 1;
  return {
    stratum: parent,
    nStrata: nParent,
    cluster,
    nClusters,
    clusterStratum,
    sampled,
    population: null,
  };
}

function attachFpc(
  stage: DesignStage,
  fpc: ArrayLike<number>,
  asPopulation: boolean,
  stageNumber: number,
  strataLabels: readonly string[],
): DesignStage {
  const population = new Float64Array(stage.nStrata).fill(Number.NaN);
  const name = (h: number): string => (stageNumber === 1 ? `stratum "${strataLabels[h] ?? h}"` : `unit ${h + 1}`);
  for (let i = 0; i < fpc.length; i++) {
    const h = at(stage.stratum, i);
    const nh = at(stage.sampled, h);
    const v = fpc[i] ?? Number.NaN;
    const popsize = asPopulation ? v : nh / v;
    const prev = population[h] ?? Number.NaN;
    if (Number.isNaN(prev)) population[h] = popsize;
    else if (Math.abs(prev - popsize) > 1e-9 * Math.abs(prev)) {
      throw new SurveyError('invalid_design', `fpc varies within ${name(h)} at stage ${stageNumber}`);
    }
  }
  for (let h = 0; h < stage.nStrata; h++) {
    if (at(population, h) < at(stage.sampled, h) * (1 - 1e-12)) {
      throw new SurveyError(
        'invalid_design',
        `fpc implies more than 100% sampling in ${name(h)} at stage ${stageNumber}: N=${population[h]}, n=${stage.sampled[h]}`,
      );
    }
  }
  return { ...stage, population };
}

function designWeights(n: number, given: ArrayLike<number> | undefined, stages: readonly DesignStage[]): Float64Array {
  const weights = new Float64Array(n);
  if (given) {
    for (let i = 0; i < n; i++) {
      const w = given[i] ?? Number.NaN;
      if (!(w >= 0) || !Number.isFinite(w)) throw new SurveyError('invalid_design', `weight of row ${i + 1} is ${w}`);
      weights[i] = w;
    }
    return weights;
  }
  weights.fill(1);
  for (const stage of stages) {
    const pop = stage.population;
    if (!pop) continue;
    for (let i = 0; i < n; i++) {
      const h = at(stage.stratum, i);
      weights[i] = at(weights, i) * (at(pop, h) / at(stage.sampled, h));
    }
  }
  return weights;
}
