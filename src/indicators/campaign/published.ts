/**
 * A campaign report as public outputs show it (the API's impact route, the dashboards): the same
 * suppression rule as the indicator series — an estimate resting on fewer respondents than the
 * study's `minimumN` is withheld publicly and flagged for a token holder. What rests on a small
 * base: a reach share (its n); an outcome's difference-in-differences (any of its four cells);
 * the aware-vs-unaware association (its n); the synthetic control (any country × wave share it
 * rests on); an experiment arm's effect (the arm or the control),
 * and then every country's arms (complementary, `publishByCountry`); the fact arm by prior
 * overestimation (any of its four cells, `publishPrior`).
 * A withheld outcome keeps what it is about and its cells' n, and its sentence says it is withheld.
 */
import type { ArmEffect } from '../../stats/index.ts';
import type { SuppressionReason } from '../types.ts';
import type { Reach, Share } from './reach.ts';
import type { CampaignReport, ExperimentReport, OutcomeImpact } from './report.ts';
import type { SyntheticImpact } from './synthetic.ts';
import { publishPrior } from './fact-arm.ts';

const SMALL: SuppressionReason = 'below_minimum_n';

export type PublishedOutcome =
  | (OutcomeImpact & { readonly withheld: false; readonly suppressed: SuppressionReason | null })
  | {
      readonly withheld: true;
      readonly suppressed: SuppressionReason;
      readonly indicator: string;
      readonly label: string;
      readonly direction: OutcomeImpact['direction'];
      readonly aimed: number;
      readonly waves: OutcomeImpact['waves'];
      readonly cells: readonly { readonly group: 0 | 1; readonly post: 0 | 1; readonly n: number }[];
      readonly summary: string;
    };

export type PublishedArm =
  | (ArmEffect & { readonly withheld: false; readonly suppressed: SuppressionReason | null })
  | {
      readonly withheld: true;
      readonly suppressed: SuppressionReason;
      readonly arm: string;
      readonly n: number;
      readonly nControl: number;
    };

export interface PublishedExperiment extends Omit<ExperimentReport, 'byCountry'> {
  readonly byCountry: readonly { readonly country: string; readonly arms: readonly PublishedArm[] }[];
}

export interface PublishedCampaignReport extends Omit<CampaignReport, 'outcomes' | 'experiment'> {
  readonly outcomes: readonly PublishedOutcome[];
  readonly experiment: PublishedExperiment | null;
  /** Whether values below the minimum n are shown (flagged) rather than withheld: token holders. */
  readonly includeSuppressed: boolean;
}

function publicShare<T extends Share>(share: T, include: boolean): T {
  const hidden = share.suppressed === SMALL || share.suppressed === 'complementary';
  return hidden && !include ? { ...share, estimate: null, se: null, ci: null } : share;
}

function publishReach(reach: Reach, include: boolean): Reach {
  const pub = <T extends Share>(s: T) => publicShare(s, include);
  const overall = pub(reach.overall);
  const falseRecall = pub(reach.falseRecall);
  return {
    byCountry: reach.byCountry.map(pub),
    comparison: pub(reach.comparison),
    bySubgroup: reach.bySubgroup.map(pub),
    overall,
    falseRecall,
    netOfFalseRecall: overall.estimate !== null && falseRecall.estimate !== null ? reach.netOfFalseRecall : null,
    unaided: reach.unaided ? pub(reach.unaided) : null,
    channels: reach.channels.map(pub),
  };
}

function publishOutcome(o: OutcomeImpact, minimumN: number, include: boolean): PublishedOutcome {
  const small = o.cells.some((c) => c.n < minimumN);
  if (small && !include) {
    return {
      withheld: true,
      suppressed: SMALL,
      indicator: o.indicator,
      label: o.label,
      direction: o.direction,
      aimed: o.aimed,
      waves: o.waves,
      cells: o.cells.map((c) => ({ group: c.group, post: c.post, n: c.n })),
      summary: `“${o.label}”: withheld — fewer than ${minimumN} respondents in a group of countries before or after the campaign.`,
    };
  }
  const association = o.awareVsUnaware && (o.awareVsUnaware.n >= minimumN || include) ? o.awareVsUnaware : null;
  return {
    ...o,
    awareVsUnaware: association,
    synthetic: publishSynthetic(o.synthetic, minimumN, include),
    // Every wave's difference rests on its group × wave cells: one below the minimum n withholds the event study.
    eventStudy: o.eventStudy?.cells.some((c) => c.n < minimumN) && !include ? null : o.eventStudy,
    withheld: false,
    suppressed: small ? SMALL : null,
  };
}

/** The synthetic control rests on every country × wave share: one below the minimum n withholds it. */
function publishSynthetic(s: SyntheticImpact | null, minimumN: number, include: boolean): SyntheticImpact | null {
  const small = s?.kind === 'fitted' ? s.cells.find((c) => c.n < minimumN) : undefined;
  if (!small || include) return s;
  return {
    kind: 'withheld',
    reason: 'below_minimum_n',
    detail: `fewer than ${minimumN} respondents in ${small.country} in wave ${small.wave}`,
  };
}

function publishArm(a: ArmEffect, minimumN: number, include: boolean, complement: boolean): PublishedArm {
  const small = Math.min(a.n, a.nControl) < minimumN;
  const suppressed = small ? SMALL : complement ? 'complementary' : null;
  if (suppressed && !include) return { withheld: true, suppressed, arm: a.arm, n: a.n, nControl: a.nControl };
  return { ...a, withheld: false, suppressed };
}

/**
 * The experiment by country with its complementary cells. A country's arm and control means are
 * terms of two published equations: the pooled arm mean is the weighted mean of the countries'
 * (same arm), and the country's published series value the weighted mean of its arms. With one
 * country's arm withheld and the rest published, either equation gives it away. So when any
 * country's arm is withheld for its size, every country's arms are withheld (`complementary`): each
 * arm's pooled equation then has as many unknowns as countries, and each country's equation one per
 * arm (docs/disclosure.md). Only the by-country detail is lost; the pooled effects stay.
 */
function publishByCountry(e: ExperimentReport, minimumN: number, include: boolean): PublishedExperiment['byCountry'] {
  const anySmall = e.byCountry.some((c) => c.arms.some((a) => Math.min(a.n, a.nControl) < minimumN));
  return e.byCountry.map((c) => ({
    country: c.country,
    arms: c.arms.map((a) => publishArm(a, minimumN, include, anySmall && e.byCountry.length > 1)),
  }));
}

/** The report with estimates on fewer than `report.minimumN` respondents withheld (or, with `includeSuppressed`, flagged). */
export function publishCampaignReport(
  report: CampaignReport,
  options: { readonly includeSuppressed?: boolean } = {},
): PublishedCampaignReport {
  const include = options.includeSuppressed ?? false;
  const min = report.minimumN;
  const outcomes = report.outcomes.map((o) => publishOutcome(o, min, include));
  const e = report.experiment;
  const experiment: PublishedExperiment | null = e && {
    ...e,
    // Pooled arms below the minimum cannot be shown: the minimum holds for every published estimate.
    arms: e.arms.filter((a) => include || Math.min(a.effect.n, a.effect.nControl) >= min),
    byCountry: publishByCountry(e, min, include),
  };
  return {
    ...report,
    outcomes,
    experiment,
    priorPerception: publishPrior(report.priorPerception, min, include),
    reach: publishReach(report.reach, include),
    summary: outcomes.map((o) => o.summary),
    includeSuppressed: include,
  };
}
