/** The JSON document `barometer analyse` writes (see docs/analyse.md). */
export interface AnalysisResult {
  readonly design: { readonly n: number; readonly psus: number; readonly strata: number; readonly df: number };
  readonly estimates: EstimateRow[];
  readonly tests: TestRow[];
  /** One entry per regression estimate: the model as a whole (its coefficients are in `estimates`). */
  readonly models: ModelRow[];
  readonly weights?: number[];
  readonly warnings: string[];
}

/** Degrees of freedom as written: a number, or "infinite" for normal quantiles. */
export type DfValue = number | 'infinite';

export interface SummaryRow {
  readonly id: string;
  readonly statistic: 'mean' | 'total' | 'proportion' | 'variance' | 'contrast';
  readonly variable: string;
  /** For a categorical variable: the category this row estimates. */
  readonly category?: string;
  readonly domain?: Record<string, string>;
  readonly estimate: number;
  readonly se: number;
  readonly ci: [number, number];
  readonly level: number;
  readonly df: DfValue;
  readonly deff?: number;
  readonly n: number;
  /** The interval method of a proportion. */
  readonly method?: string;
}

/** One coefficient of a design-based regression (R's `summary(svyglm(...))` row). */
export interface RegressionRow {
  readonly id: string;
  readonly statistic: 'regression';
  /** R's coefficient name: `(Intercept)`, `age55+`, `treated:post`. */
  readonly term: string;
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly p: number;
  readonly df: DfValue;
  readonly ci: [number, number];
  readonly level: number;
}

export type EstimateRow = SummaryRow | RegressionRow;

/** A fitted regression: what holds for the model rather than one coefficient. */
export interface ModelRow {
  readonly id: string;
  readonly family: 'gaussian' | 'quasibinomial';
  readonly formula: string;
  /** Rows that entered the fit (positive weight, in the subset, no missing model variable). */
  readonly n: number;
  /** Residual df: design df of the rows used + 1 − number of coefficients. */
  readonly df: number;
  readonly dispersion: number;
  readonly iterations: number;
  /** Categories of each non-numeric variable; the first is the reference level. */
  readonly levels: Readonly<Record<string, readonly string[]>>;
}

export interface TestRow {
  readonly id: string;
  readonly statistic: 'ttest' | 'chisq';
  readonly method?: string;
  readonly value: number;
  readonly df?: number;
  readonly ndf?: number;
  readonly ddf?: number;
  readonly p: number;
  /** t-test only: the mean or difference tested, its SE and confidence interval. */
  readonly estimate?: number;
  readonly se?: number;
  readonly ci?: [number, number];
  readonly level?: number;
  readonly groups?: readonly string[];
}
