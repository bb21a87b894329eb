/**
 * Barometer's statistics engine: design-based weighting, estimation, variance, intervals and
 * tests for complex surveys, matching R's `survey` package. Pure functions over typed arrays;
 * imports nothing else of the project.
 */
export * from './distributions/index.ts';
export { SurveyError } from './errors.ts';
export { encodeFactor, crossFactors, cellComponents, levelCounts, type Factor, type Labels } from './factor.ts';
export type { SurveyDesign, DesignStage, LonelyPsu, VarianceAdjustment } from './design/types.ts';
export { createDesign, type DesignInput } from './design/create.ts';
export { withWeights, restrictToDomain, degreesOfFreedom, psuAndStratumCounts, sampleSize } from './design/modify.ts';
export { linearizedVcov } from './variance/linearization.ts';
export { multistageVariance } from './variance/multistage.ts';
export { projectAdjustments } from './variance/projection.ts';
export type { Variable, SurveyStatistic } from './estimation/types.ts';
export { standardErrors } from './estimation/types.ts';
export { surveyMean, surveyTotal, meanParts, totalParts, type EstimateOptions } from './estimation/mean.ts';
export { surveyVariance } from './estimation/variance-estimate.ts';
export { domainEstimates } from './estimation/domain.ts';
export type { DomainStatistic } from './estimation/types.ts';
export {
  linearContrast,
  independentDifference,
  type ContrastResult,
  type IndependentDifference,
} from './estimation/contrast.ts';
export {
  designEffects,
  kishDesignEffect,
  effectiveSampleSize,
  marginOfError,
  weightedVariance,
  type DeffKind,
} from './estimation/design-effect.ts';
export type { Margin } from './weighting/margin.ts';
export { postStratify, type WeightingResult } from './weighting/poststratify.ts';
export { rake, TIGHT_RAKING, type RakeOptions, type RakeResult } from './weighting/rake.ts';
export { calibrateLinear, calibrationModel, type NumericTotal, type CalibrationModel } from './weighting/calibrate.ts';
export {
  calibrate,
  type CalibrateOptions,
  type CalibrateResult,
  type CalibrationFunction,
} from './weighting/bounded.ts';
export { collapseLine, type CollapsedLine } from './weighting/collapse.ts';
export { trimWeights, type TrimOptions } from './weighting/trim.ts';
export { criticalValue, waldInterval } from './intervals/quantile.ts';
export {
  meanInterval,
  asinInterval,
  xlogitInterval,
  betaInterval,
  wilsonInterval,
  kornGraubardInterval,
  expit,
} from './intervals/simple-proportion.ts';
export {
  proportionInterval,
  logisticProfileInput,
  type ProportionMethod,
  type ProportionInterval,
  type ProportionOptions,
} from './intervals/proportion.ts';
export { profileLikelihoodInterval, exactLikelihoodInterval } from './intervals/likelihood.ts';
export { fitInterceptLogit } from './intervals/logit-glm.ts';
export { adjustBenjaminiHochberg } from './hypothesis-tests/p-adjust.ts';
export { surveyTTest, type TTestResult } from './hypothesis-tests/ttest.ts';
export { surveyChisq, weightedTable, type ChisqStatistic, type ChisqResult } from './hypothesis-tests/chisq.ts';
export { parseFormula, type ModelFormula } from './regression/formula.ts';
export { modelMatrix, type ModelColumn, type ColumnLookup, type ModelMatrix } from './regression/model-matrix.ts';
export type { GlmFamilyName } from './regression/family.ts';
export {
  surveyGlm,
  type RegressionOptions,
  type RegressionResult,
  type RegressionCoefficient,
} from './regression/svyglm.ts';
export { waldTest, type WaldTest } from './regression/wald.ts';
export { effectOf, type Effect } from './impact/effect.ts';
export {
  differenceInDifferences,
  formulaName,
  type DidOptions,
  type DidResult,
  type DidCell,
  type PreTrend,
} from './impact/did.ts';
export { awarenessAssociation, type AwarenessOptions } from './impact/awareness.ts';
export {
  experimentEffects,
  type ExperimentOptions,
  type ExperimentResult,
  type ArmEffect,
} from './impact/experiment.ts';
export {
  effectsBySubgroup,
  type SubgroupArmEffect,
  type SubgroupEffects,
  type SubgroupEffectsOptions,
} from './impact/heterogeneity.ts';
export {
  mdeMultiplier,
  mdeOfCells,
  minimumDetectableEffect,
  sampleSizeForMde,
  CELLS as PLAN_CELLS,
  type PlanDesign,
  type PowerSettings,
  type PowerCell,
} from './impact/power.ts';
export { judgeEffect, type Verdict, type VerdictInput } from './impact/verdict.ts';
export { eventStudy, type EventStudy, type EventStudyOptions } from './impact/event-study.ts';
export { simplexQuadraticProgram, type SimplexQpResult } from './impact/simplex-qp.ts';
export {
  syntheticControl,
  syntheticFit,
  SYNTHETIC_RIDGE,
  type SyntheticControl,
  type SyntheticFit,
} from './impact/synthetic.ts';
