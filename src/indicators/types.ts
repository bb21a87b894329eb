/**
 * The shapes of the indicator pipeline's outputs: what `src/indicators` materialises after a
 * weighting run and what the read API, the dashboards and the campaign reports consume.
 *
 * This module is the contract between those parts. Fields may be added; none may be renamed
 * or removed without changing every reader.
 */
import type { WeightingFlag } from '../../db/weighting-run-shapes.ts';

export type { WeightingFlag };

/** Where an estimate is about: one country, one region of the study, or the whole study ("world"). */
export type Geography =
  | { readonly kind: 'country'; readonly iso3: string; readonly name: string; readonly region: string }
  | { readonly kind: 'region'; readonly region: string }
  | { readonly kind: 'world' };

/** A subgroup of adults: `null` is all adults; otherwise one level of a variable (age_group, sex, education, or a question code). */
export type Subgroup = { readonly variable: string; readonly level: string } | null;

/**
 * Why a value is not shown to the public: `below_minimum_n` — fewer respondents than the study's
 * reliability threshold (primary suppression); `complementary` — withheld so that a primary cell
 * cannot be derived from the published ones (secondary suppression, docs/disclosure.md);
 * `no_data`; `estimate_out_of_scale` — an estimate that failed its invariants (outside the
 * indicator's scale or not finite: withheld from everyone); `variance_not_estimable` — the
 * estimate is shown; its SE, interval, margin of error, design effect and effective n are
 * withheld from everyone.
 */
export type SuppressionReason =
  'below_minimum_n' | 'complementary' | 'no_data' | 'estimate_out_of_scale' | 'variance_not_estimable';

/** A publication invariant a value failed (see `invariants.ts`), with what was found. */
export interface FailedInvariant {
  readonly invariant: string;
  /** The offending value in words: researchers only (the public view keeps the name). */
  readonly detail?: string;
}

/** One estimate of one indicator for one wave, geography and subgroup. */
export interface SeriesPoint {
  readonly study: string;
  readonly indicator: string;
  readonly wave: string;
  readonly year: number;
  readonly geography: Geography;
  readonly subgroup: Subgroup;
  /** Point estimate: a share in [0, 1] for `share` indicators, the mean or index value otherwise. `null` when suppressed publicly or no data. */
  readonly estimate: number | null;
  /** Linearised standard error (accounts for the weighting). */
  readonly se: number | null;
  /** Confidence interval at `level` (logit interval for shares). */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly level: number;
  /** Half-width of the symmetric interval z·SE, in the estimate's unit. */
  readonly moe: number | null;
  /** Unweighted respondents in the base. */
  readonly n: number;
  /** Kish effective sample size. */
  readonly effectiveN: number | null;
  /** Design effect of the estimate (variance ratio to simple random sampling of the same n). */
  readonly deff: number | null;
  /** Aggregates: share of the aggregate's adult population covered by countries with data (1 for a country with data). */
  readonly coverage: number;
  /** Aggregates: the countries of the aggregate with no data in this wave (ISO3). */
  readonly missingCountries: readonly string[];
  /** Suppressed from public output; researchers still see `estimate` with this flag. */
  readonly suppressed: SuppressionReason | null;
  /** Published although below the reliability threshold (a study that flags rather than withholds). */
  readonly lowReliability?: boolean;
  /** The weighting run the estimate comes from. */
  readonly weightingRunId: string;
  /**
   * Country points: the country's weights did not converge, or miss a population margin (a cell
   * with no respondent to carry it); the run's diagnostics name the cell. Absent or null: none.
   */
  readonly weightingWarning?: WeightingFlag | null;
  /** The publication invariants the point failed (absent or empty when it passed them all). */
  readonly invariants?: readonly FailedInvariant[];
  /**
   * How the interval was formed: `logit` (shares), `korn-graubard` (a share of 0 or 1, or with
   * SE 0: no symmetric margin of error, `moe` null), `wald` (means and indexes, cut to the scale).
   */
  readonly interval?: 'logit' | 'korn-graubard' | 'wald';
}

/** A change in an indicator between two waves for one geography and subgroup. */
export interface SeriesChange {
  readonly study: string;
  readonly indicator: string;
  readonly fromWave: string;
  readonly toWave: string;
  readonly geography: Geography;
  readonly subgroup: Subgroup;
  /** to − from, in the estimate's unit (a share difference for shares); `null` on a series break or suppression. */
  readonly change: number | null;
  readonly se: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly level: number;
  readonly pValue: number | null;
  /** Significant at 1 − `level`. */
  readonly significant: boolean | null;
  /** The test used, named for readers (e.g. "two-sided z test, independent samples"). */
  readonly test: string;
  /** A series break between the waves: the question changed, so no change is computed. */
  readonly seriesBreak: { readonly questions: readonly string[]; readonly what: string } | null;
  readonly suppressed: SuppressionReason | null;
  /** The publication invariants the change (or either of its points) failed. */
  readonly invariants?: readonly FailedInvariant[];
  /**
   * With `adjust: 'bh'`: the Benjamini–Hochberg adjusted p-value within the change's family (see
   * `CHANGE_FAMILY`), null for a change outside it (no p-value, or either point not published).
   */
  readonly pAdjusted?: number | null;
  /** `pAdjusted` < 1 − `level`: significant with the false discovery rate of the family controlled. */
  readonly significantAdjusted?: boolean | null;
}

/** The full answer distribution of a single-choice question (missing codes included) for one geography and wave. */
export interface DistributionPoint {
  readonly study: string;
  readonly question: string;
  readonly wave: string;
  readonly geography: Geography;
  /** Option code (or missing code: dont_know, refused) → weighted share (sums to 1 over the base of everyone asked). */
  readonly shares: Readonly<Record<string, number>>;
  readonly n: number;
  readonly suppressed: SuppressionReason | null;
  /** The publication invariants the distribution failed. */
  readonly invariants?: readonly FailedInvariant[];
}
