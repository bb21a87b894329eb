/**
 * The impact report of one campaign: for each indicator it aimed to move, the
 * difference-in-differences between the last wave before and the first wave after it (campaign
 * vs comparison countries; the contrast of the four weighted shares, and regression-adjusted for
 * the weighting variables), the pre-trend (placebo) test when two or more waves precede it, the
 * minimum detectable effect and the verdict ("inconclusive at this sample size" when the interval
 * includes zero); awareness reach with false recall; the aware-vs-unaware difference, labelled an
 * association; and the message experiment's arms. Numbers come from `src/stats` (impact/*).
 */
import { describeAim } from './aim.ts';
import {
  awarenessAssociation,
  createDesign,
  differenceInDifferences,
  eventStudy,
  experimentEffects,
  judgeEffect,
  mdeMultiplier,
  mdeOfCells,
  type ArmEffect,
  type DidCell,
  type Effect,
  type EventStudy,
  type PreTrend,
  type Verdict,
} from '../../stats/index.ts';
import {
  campaignWaves,
  experimentsOf,
  textIn,
  waveInstrument,
  type Campaign,
  type Study,
} from '../../instrument/index.ts';
import { campaignReach, reachWeights, type Reach } from './reach.ts';
import { protectReach } from './reach-disclosure.ts';
import { priorPerceptionReport, type PriorPerceptionReport } from './fact-arm.ts';
import { preTrendPower, type PreTrendPower } from './pretrend.ts';
import { summarise } from './summary.ts';
import { syntheticImpact, type SyntheticImpact } from './synthetic.ts';
import { campaignTable, requireBothSides, type CampaignResponse, type CampaignTable } from './table.ts';
import { at } from '../../stats/checked.ts';

export interface OutcomeImpact {
  readonly indicator: string;
  readonly label: string;
  readonly direction: 'decrease' | 'increase';
  /** The change the campaign aimed for, in points (signed: negative for a decrease). */
  readonly aimed: number;
  readonly waves: { readonly before: string; readonly after: string };
  /** Comparison-before, campaign-before, comparison-after, campaign-after, in percent. */
  readonly cells: readonly DidCell[];
  /** Difference-in-differences of the four weighted shares, in percentage points. */
  readonly did: Effect;
  /** The same, adjusted for the weighting variables (linear model `y ~ group * post + …`). */
  readonly adjusted: (Effect & { readonly covariates: readonly string[] }) | null;
  readonly preTrend: PreTrend | null;
  /** The pre-trend's difference, interval, detectable size and verdict against the aimed effect (./pretrend.ts). */
  readonly preTrendPower: PreTrendPower | null;
  /** Minimum detectable DiD (80% power, two-sided 5%) at the achieved SE: M·SE, in points. */
  readonly mde: number;
  /** The DiD's achieved variance over simple random sampling's with the four cells' shares and n. */
  readonly deff: number;
  readonly verdict: Verdict;
  /** Aware minus unaware in the campaign countries after it, adjusted: an association, not an effect. */
  readonly awareVsUnaware: (Effect & { readonly kind: 'association'; readonly n: number }) | null;
  /** With more than two waves before the campaign: every wave's DiD against the last one before it. */
  readonly eventStudy: EventStudy | null;
  /** The synthetic control, beside the DiD, when the campaign declares one (./synthetic.ts). */
  readonly synthetic: SyntheticImpact | null;
  readonly summary: string;
}

export interface ExperimentReport {
  readonly code: string;
  readonly label: string;
  readonly outcome: string;
  readonly control: string;
  readonly controlLabel: string;
  /** Respondents after the campaign with an outcome but no arm (not in the experiment): left out. */
  readonly withoutArm: number;
  readonly arms: readonly {
    readonly arm: string;
    readonly label: string;
    readonly effect: Effect & {
      readonly armMean: number;
      readonly controlMean: number;
      readonly n: number;
      readonly nControl: number;
    };
    readonly mde: number;
    readonly verdict: Verdict;
  }[];
  readonly byCountry: readonly {
    readonly country: string;
    readonly arms: readonly ArmEffect[];
  }[];
}

export interface CampaignReport {
  readonly study: string;
  readonly campaign: {
    readonly id: string;
    readonly name: string;
    readonly description: string;
    readonly countries: readonly string[];
    readonly comparison: readonly string[];
    /** How the comparison countries are weighted against each other (the campaign's declaration). */
    readonly weighting: 'equal' | 'population';
    /** Whether the comparison countries are the donors of a synthetic control (each outcome's `synthetic`). */
    readonly synthetic: boolean;
    readonly when: { readonly start: string; readonly end: string };
    readonly channels: readonly string[];
    readonly slogans: readonly string[];
  };
  readonly level: number;
  /** Estimates on fewer respondents are withheld from public outputs (the study's `minimumN`). */
  readonly minimumN: number;
  readonly outcomes: readonly OutcomeImpact[];
  readonly reach: Reach;
  readonly experiment: ExperimentReport | null;
  /** The experiment's `byPrior` arm by prior overestimation (./fact-arm.ts); null when not declared. */
  readonly priorPerception: PriorPerceptionReport | null;
  /** Plain-language sentences a communications team can read, headline first. */
  readonly summary: readonly string[];
  readonly warnings: readonly string[];
}

const LEVEL = 0.95;

function numeric(table: CampaignTable, name: string): Float64Array {
  const col = table.lookup(name);
  if (col.kind !== 'numeric') throw new Error(`column ${name} is not numeric`);
  return col.values;
}

function categorical(table: CampaignTable, name: string): readonly (string | null)[] {
  const col = table.lookup(name);
  if (col.kind !== 'categorical') throw new Error(`column ${name} is not categorical`);
  return col.values;
}

function outcomeImpact(
  study: Study,
  campaign: Campaign,
  table: CampaignTable,
  aim: Campaign['aims'][number],
  lang: string,
): OutcomeImpact {
  const y = numeric(table, `y_${aim.indicator}`);
  const wave = categorical(table, 'wave');
  const group = numeric(table, 'group');
  const post = numeric(table, 'post');
  const aware = numeric(table, 'aware');
  const covariateColumns = table.covariates.map((c) => categorical(table, c));
  const lastBefore = table.waves.before.at(-1)?.id;
  const firstAfter = table.waves.after[0]?.id;
  if (!lastBefore || !firstAfter) throw new Error(`campaign ${campaign.id} is not bracketed by waves`);
  const complete = (i: number) => Number.isFinite(y[i] ?? Number.NaN) && covariateColumns.every((c) => c[i] !== null);
  const didRows = (i: number) => complete(i) && (wave[i] === lastBefore || wave[i] === firstAfter);
  requireBothSides(table, campaign, didRows, [lastBefore, firstAfter]);
  const main = differenceInDifferences(table.design, table.lookup, {
    outcome: `y_${aim.indicator}`,
    group: 'group',
    post: 'post',
    covariates: table.covariates,
    domain: didRows,
    level: LEVEL,
  });
  const preWaves = new Set([...table.waves.before.map((w) => w.id), firstAfter]);
  const trend =
    table.waves.before.length >= 2
      ? (differenceInDifferences(table.design, table.lookup, {
          outcome: `y_${aim.indicator}`,
          group: 'group',
          post: 'post',
          wave: 'wave',
          domain: (i) => complete(i) && preWaves.has(wave[i] ?? ''),
          level: LEVEL,
        }).preTrend ?? null)
      : null;
  // The MDE of an estimate already computed is M·SE with its own design-based SE (docs/campaign-impact.md);
  // its design effect is that SE's variance over simple random sampling's in the four cells.
  const srs = mdeOfCells(main.cells.map((c) => ({ p: Math.min(Math.max(c.estimate / 100, 0.01), 0.99), n: c.n })));
  const mde = mdeMultiplier(1 - LEVEL) * main.simple.se;
  const deff = (main.simple.se / 100 / srs.se) ** 2;
  const aimed = aim.direction === 'decrease' ? -aim.by : aim.by;
  const verdict = judgeEffect({ estimate: main.simple.estimate, ci: main.simple.ci, mde, aimed });
  const inAware = (i: number) =>
    complete(i) && post[i] === 1 && group[i] === 1 && !Number.isNaN(aware[i] ?? Number.NaN);
  const seen = new Set<number>();
  for (let i = 0; i < table.n; i++) if (inAware(i)) seen.add(aware[i] ?? Number.NaN);
  const awareVsUnaware =
    seen.has(0) && seen.has(1)
      ? awarenessAssociation(table.design, table.lookup, {
          outcome: `y_${aim.indicator}`,
          aware: 'aware',
          covariates: table.covariates,
          domain: inAware,
          level: LEVEL,
        })
      : null;
  const indicator = study.indicators.find((i) => i.id === aim.indicator);
  const label = indicator ? textIn(indicator.label, lang) : aim.indicator;
  const base = {
    indicator: aim.indicator,
    label,
    direction: aim.direction,
    aimed,
    waves: { before: lastBefore, after: firstAfter },
    cells: main.cells,
    did: main.simple,
    adjusted: main.adjusted ?? null,
    preTrend: trend,
    preTrendPower: preTrendPower(trend, aimed, LEVEL),
    mde,
    deff,
    verdict,
    awareVsUnaware,
    eventStudy:
      table.waves.before.length > 2
        ? eventStudy(table.design, table.lookup, {
            outcome: `y_${aim.indicator}`,
            group: 'group',
            wave: 'wave',
            waves: [...table.waves.before, ...table.waves.after].map((w) => w.id),
            reference: lastBefore,
            domain: complete,
            level: LEVEL,
          })
        : null,
    synthetic: syntheticImpact(campaign, table, aim.indicator, aimed),
  };
  return { ...base, summary: summarise(base, table.countries) };
}

function experimentReport(
  study: Study,
  campaign: Campaign,
  table: CampaignTable,
  lang: string,
): ExperimentReport | null {
  const spec = campaign.experiment;
  if (!spec) return null;
  const after = table.waves.after[0];
  const place = after
    ? experimentsOf(waveInstrument(study, after.id)).find((e) => e.experiment.code === spec.code)
    : undefined;
  if (!place) return null;
  const { experiment } = place;
  const y = numeric(table, `y_${spec.outcome}`);
  const post = numeric(table, 'post');
  const armOf = categorical(table, 'arm');
  if (!armOf.some((a, i) => a === experiment.control && post[i] === 1)) return null;
  // The wave after the campaign, respondents with an outcome, as their own design (same strata and
  // PSUs); those without an arm stay in it with no weight in any arm, and are counted.
  const rows = armOf.flatMap((_, i) => (post[i] === 1 && Number.isFinite(y[i] ?? Number.NaN) ? [i] : []));
  const country = categorical(table, 'country');
  const design = createDesign({
    weights: rows.map((i) => at(table.design.weights, i)),
    strata: rows.map((i) => `${categorical(table, 'wave')[i]}|${country[i]}`),
    lonelyPsu: 'certainty',
  });
  const result = experimentEffects(design, {
    outcome: rows.map((i) => y[i] ?? Number.NaN),
    arm: rows.map((i) => armOf[i] ?? null),
    control: experiment.control,
    stratum: rows.map((i) => country[i] ?? null),
    level: LEVEL,
  });
  const armLabel = (code: string) =>
    textIn(experiment.arms.find((a) => a.code === code)?.label ?? { [lang]: code }, lang);
  return {
    code: experiment.code,
    label: textIn(experiment.label, lang),
    outcome: spec.outcome,
    control: experiment.control,
    controlLabel: armLabel(experiment.control),
    withoutArm: result.withoutArm,
    arms: result.pooled.map((e) => {
      const mde = mdeMultiplier(1 - LEVEL) * e.se;
      return {
        arm: e.arm,
        label: armLabel(e.arm),
        effect: e,
        mde,
        verdict: judgeEffect({ estimate: e.estimate, ci: e.ci, mde }),
      };
    }),
    byCountry: result.byStratum.map((s) => ({ country: s.stratum, arms: s.effects })),
  };
}

/** The impact report of `campaign` from weighted responses of the waves around it. */
export function campaignReport(
  study: Study,
  campaign: Campaign,
  responses: readonly CampaignResponse[],
  options: { lang?: string } = {},
): CampaignReport {
  const lang = options.lang ?? study.instruments[0]?.languages[0]?.code ?? 'en';
  const table = campaignTable(study, campaign, responses);
  const outcomes = campaign.aims.map((aim) => outcomeImpact(study, campaign, table, aim, lang));
  const reach = protectReach(campaignReach(table, study.minimumN), reachWeights(table), study.disclosure);
  const experiment = experimentReport(study, campaign, table, lang);
  const warnings = outcomes.flatMap((o) => [
    ...(o.preTrend && !o.preTrend.passed
      ? [
          `${o.indicator}: campaign and comparison countries already moved apart before the campaign (pre-trend p = ${o.preTrend.p.toFixed(3)}); the DiD may be biased`,
        ]
      : []),
    ...(o.preTrendPower?.kind === 'not-ruled-out'
      ? [
          `${o.indicator}: the pre-trend test did not reject, but it could only detect ${o.preTrendPower.mde.toFixed(1)} points; a difference of up to ${o.preTrendPower.ruledOut.toFixed(1)} points before the campaign could not be ruled out`,
        ]
      : []),
    ...(o.preTrend === null
      ? [`${o.indicator}: only one wave before the campaign, so parallel trends could not be checked`]
      : []),
    ...(o.synthetic?.kind === 'fitted' && o.synthetic.weak
      ? [
          `${o.indicator}: the synthetic control is fitted on ${o.synthetic.preWaves} wave${o.synthetic.preWaves === 1 ? '' : 's'} before the campaign, so the method is weak: many donor mixes match so few values, and a close pre-period fit says little; read it beside the DiD, not instead of it`,
        ]
      : []),
    ...(o.synthetic?.kind === 'fitted' && o.synthetic.poorFit
      ? [
          `${o.indicator}: the synthetic control misses ${o.synthetic.treated} before the campaign by ${o.synthetic.preRmspe.toFixed(1)} points (RMSPE), more than the effect aimed for, ${describeAim(o.aimed)}: its gap after the campaign cannot be told from that misfit`,
        ]
      : []),
    ...(o.synthetic?.kind === 'withheld' ? [`${o.indicator}: synthetic control withheld: ${o.synthetic.detail}`] : []),
  ]);
  return {
    study: study.id,
    campaign: {
      id: campaign.id,
      name: textIn(campaign.name, lang),
      description: textIn(campaign.description, lang),
      countries: table.countries.campaign,
      comparison: table.countries.comparison,
      weighting: table.weighting,
      synthetic: 'synthetic' in campaign.comparison,
      when: campaign.when,
      channels: campaign.channels,
      slogans: campaign.messages.map((m) => textIn(m.slogan, lang)),
    },
    level: LEVEL,
    minimumN: study.minimumN,
    outcomes,
    reach,
    experiment,
    priorPerception: priorPerceptionReport(study, campaign, table, LEVEL),
    summary: outcomes.map((o) => o.summary),
    warnings,
  };
}

/**
 * The same report with its texts in `lang` (the indicators', the experiment's and its arms', the
 * campaign's, and the summary sentences made from them): the numbers do not depend on the
 * language, so a report is computed once and read in each.
 */
export function reportIn(report: CampaignReport, study: Study, campaign: Campaign, lang: string): CampaignReport {
  const countries = { campaign: report.campaign.countries, comparison: report.campaign.comparison };
  const outcomes = report.outcomes.map((o) => {
    const indicator = study.indicators.find((i) => i.id === o.indicator);
    const label = indicator ? textIn(indicator.label, lang) : o.indicator;
    const base = { ...o, label };
    return { ...base, summary: summarise(base, countries) };
  });
  const e = report.experiment;
  const spec = campaign.experiment;
  const after = campaignWaves(study.waves, campaign).after[0]?.id;
  const place =
    e && spec && after
      ? experimentsOf(waveInstrument(study, after)).find((x) => x.experiment.code === spec.code)
      : undefined;
  const armLabel = (code: string) =>
    place ? textIn(place.experiment.arms.find((a) => a.code === code)?.label ?? { [lang]: code }, lang) : code;
  const experiment =
    e && place
      ? {
          ...e,
          label: textIn(place.experiment.label, lang),
          controlLabel: armLabel(e.control),
          arms: e.arms.map((a) => ({ ...a, label: armLabel(a.arm) })),
        }
      : e;
  return {
    ...report,
    campaign: {
      ...report.campaign,
      name: textIn(campaign.name, lang),
      description: textIn(campaign.description, lang),
      slogans: campaign.messages.map((m) => textIn(m.slogan, lang)),
    },
    outcomes,
    experiment,
    summary: outcomes.map((o) => o.summary),
  };
}
