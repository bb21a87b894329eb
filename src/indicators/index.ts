/**
 * The indicator pipeline: stored responses → weighting runs → materialised series (per country,
 * region and world, by subgroup) → changes between waves, with their uncertainty.
 *
 * Write: `runWeighting` (weights a wave, stores the run, makes it current, materialises),
 *   `materialiseSeries` (re-materialises waves whose current run or definitions changed).
 * Read (queries only): `readSeries`, `readChanges`, `readDistributions`, `listIndicators`,
 *   `readWeights` (the current run's weight of every response of a wave), `publishedSeries`
 *   (the public series of a set of studies, as the dashboards read them).
 */
export type {
  DistributionPoint,
  FailedInvariant,
  Geography,
  SeriesChange,
  SeriesPoint,
  Subgroup,
  SuppressionReason,
} from './types.ts';
export { snapshotReader, type ResponseReader } from './store.ts';
export {
  changeFailures,
  distributionFailures,
  estimateFailures,
  indicatorScale,
  inScale,
  maximumSe,
  SHARE_SCALE,
  uncertaintyFailures,
  type InvariantFailure,
  type InvariantName,
  type PublicationCheck,
  type Scale,
} from './invariants.ts';
export {
  DistributionPointSchema,
  GeographySchema,
  SeriesChangeSchema,
  SeriesPointSchema,
  SubgroupSchema,
} from './schemas.ts';
export { IndicatorNotFoundError, WeightingInputError, type WeightingInputCode } from './errors.ts';
export {
  computeWeights,
  runDefinition,
  runWeighting,
  weightsHash,
  type RunProgress,
  type RunWeightingOptions,
  type WeightingRunSummary,
} from './runs.ts';
export type { CountryDiagnostics, RunParameters, WeightingWarning } from '../../db/weighting-run-shapes.ts';
export { LEVEL, materialiseSeries, seriesCheck, waveSeries } from './materialise.ts';
export {
  CHANGE_FAMILY,
  CHANGE_TEST,
  listIndicators,
  readChanges,
  readDistributions,
  readSeries,
  readWeights,
  type ChangeFilters,
  type DistributionFilters,
  type IndicatorSummary,
  type ResponseWeight,
  type SeriesFilters,
} from './read.ts';
export { publishedSeries, type PublishedSeries } from './published.ts';
export {
  auditStudy,
  auditWave,
  assertDisclosureSafe,
  publishedWaves,
  type PublishedWave,
  type WaveAudit,
} from './disclosure-audit.ts';
export { feasibleIntervals, type FeasibleInterval } from './disclosure-lp.ts';
export { protectTables, type Pattern } from './disclosure-protect.ts';
export { mergeTables, type LinearTable, type Relation, type SumBound, type TableCell } from './disclosure-table.ts';
