/**
 * What to do with a stratum that has a single PSU (R's `options(survey.lonely.psu=)`):
 * `fail` (the default) throws; `certainty` treats it as self-representing (no variance);
 * `remove` contributes nothing; `adjust` centres its PSU total at zero instead of the stratum mean;
 * `average` replaces it by the average variance of the other strata.
 */
export type LonelyPsu = 'fail' | 'certainty' | 'remove' | 'adjust' | 'average';

/** One sampling stage. At stage 1 the strata are the design strata; at stage k > 1 they are the stage-(k−1) clusters. */
export interface DesignStage {
  /** Stratum index of each row at this stage. */
  readonly stratum: Int32Array;
  readonly nStrata: number;
  /** Cluster (sampling unit) index of each row, nested in its stratum. */
  readonly cluster: Int32Array;
  readonly nClusters: number;
  /** Stratum of each cluster. */
  readonly clusterStratum: Int32Array;
  /** Number of sampled units in each stratum, fixed when the design is built (n_h). */
  readonly sampled: Float64Array;
  /** Population number of units in each stratum (N_h), or null when there is no fpc. */
  readonly population: Float64Array | null;
}

/** Post-stratification record kept for the variance (R: `design$postStrata` entry). */
export interface PostStratumAdjustment {
  readonly kind: 'poststratify';
  /** Post-stratum of each row. */
  readonly cell: Int32Array;
  readonly nCells: number;
  /** Weights before (old) and after post-stratification. */
  readonly oldWeights: Float64Array;
  readonly newWeights: Float64Array;
}

/**
 * Raking record: the joint cell of each row, the weights at the end of raking, and for each
 * margin the level of every cell and the ratio (final weight / weight right after that margin
 * was post-stratified in the last sweep), which is constant within a joint cell.
 */
export interface RakingAdjustment {
  readonly kind: 'rake';
  readonly cell: Int32Array;
  readonly nCells: number;
  readonly finalWeights: Float64Array;
  readonly margins: readonly {
    readonly levelOfCell: Int32Array;
    readonly nLevels: number;
    readonly ratio: Float64Array;
  }[];
  /** Backfitting sweeps used for the variance; R uses 10. */
  readonly sweeps: number;
}

/** GREG calibration record: the model matrix columns, design weights d and the g-weights. */
export interface CalibrationAdjustment {
  readonly kind: 'calibrate';
  readonly columns: readonly Float64Array[];
  readonly designWeights: Float64Array;
  readonly g: Float64Array;
}

export type VarianceAdjustment = PostStratumAdjustment | RakingAdjustment | CalibrationAdjustment;

/** A survey design over n rows: weights, sampling stages, and any weighting adjustments. */
export interface SurveyDesign {
  readonly n: number;
  /** Analysis weights; 0 marks rows outside the (sub)sample, which still count for n_h. */
  readonly weights: Float64Array;
  readonly stages: readonly DesignStage[];
  /** Labels of the stage-1 strata. */
  readonly strataLabels: readonly string[];
  /** Whether the design was given finite population corrections. */
  readonly hasFpc: boolean;
  readonly adjustments: readonly VarianceAdjustment[];
  readonly lonelyPsu: LonelyPsu;
}
