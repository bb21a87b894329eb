/** The JSON document `barometer analyse` writes (see docs/analyse.md). */
export interface AnalysisResult {
  readonly design: { readonly n: number; readonly psus: number; readonly strata: number; readonly df: number };
  readonly estimates: EstimateRow[];
  readonly tests: TestRow[];
  readonly weights?: number[];
  readonly warnings: string[];
}

/** Degrees of freedom as written: a number, or "infinite" for normal quantiles. */
export type DfValue = number | 'infinite';

export interface EstimateRow {
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
