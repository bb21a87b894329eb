/**
 * The facts as a campaign message: one arm of the message experiment (the study's "fact" arm)
 * against the control arm, separately for those who overestimated the share of people born abroad
 * before the message and those who did not, and the difference between the two effects.
 *
 * What the design allows: the perception question is asked before the message (instrument v4),
 * so whether a respondent overestimated is measured before assignment and splits the experiment
 * into two randomised halves; the misperception gap itself is pre-treatment and is not an outcome
 * of the experiment, so its "effect" is not estimated. Only waves after the campaign whose
 * instrument asks both the perception question and the experiment qualify; until one has
 * responses the report says so and gives no number.
 */
import {
  createDesign,
  effectsBySubgroup,
  judgeEffect,
  mdeMultiplier,
  type Effect,
  type SubgroupArmEffect,
  type Verdict,
} from '../../stats/index.ts';
import {
  campaignWaves,
  experimentsOf,
  findQuestion,
  waveInstrument,
  type Campaign,
  type Study,
} from '../../instrument/index.ts';
import type { SuppressionReason } from '../types.ts';
import type { CampaignTable } from './table.ts';
import { at } from '../../stats/checked.ts';

/** An effect with its minimum detectable size (80% power, two-sided, at the achieved SE) and its reading. */
export interface JudgedEffect<E extends Effect = Effect> {
  readonly effect: E;
  readonly mde: number;
  readonly verdict: Verdict;
}

interface PriorIdentity {
  /** The arm and the control arm of the experiment (codes). */
  readonly arm: string;
  readonly control: string;
  /** The overestimate indicator that splits respondents, its margin in points, and the outcome indicator. */
  readonly indicator: string;
  readonly margin: number;
  readonly outcome: string;
  /** The waves after the campaign whose instrument asks both the perception question and the experiment. */
  readonly waves: readonly string[];
}

export type PriorPerceptionReport =
  | (PriorIdentity & {
      readonly kind: 'estimated';
      /** The waves of `waves` with responses, the ones estimated from. */
      readonly measured: readonly string[];
      readonly overestimated: JudgedEffect<SubgroupArmEffect>;
      readonly notOverestimated: JudgedEffect<SubgroupArmEffect>;
      /** overestimated − notOverestimated (the arm × prior interaction). */
      readonly difference: JudgedEffect;
      /** Respondents of the two arms with an outcome but no answer to the perception question: left out. */
      readonly unknownPrior: number;
    })
  /** No qualifying wave has responses yet (the wave is planned or fielding): no number. */
  | (PriorIdentity & { readonly kind: 'not-yet' })
  /** The published report: an estimate rests on fewer respondents than the minimum. */
  | (PriorIdentity & {
      readonly kind: 'withheld';
      readonly suppressed: SuppressionReason;
      readonly n: readonly number[];
    });

/**
 * Minimum detectable effect of an estimate already computed: M·SE with M = z₁₋α/₂ + z₁₋β (80%
 * power), as for the experiment's other arms (Bloom 1995; src/stats/impact/power.ts).
 */
function judged<E extends Effect>(effect: E, level: number): JudgedEffect<E> {
  const mde = mdeMultiplier(1 - level) * effect.se;
  return { effect, mde, verdict: judgeEffect({ estimate: effect.estimate, ci: effect.ci, mde }) };
}

/** The waves after `campaign` whose instrument asks the `byPrior` indicator's question and has the experiment's arm. */
export function priorWaves(study: Study, campaign: Campaign, question: string): string[] {
  const spec = campaign.experiment;
  if (!spec?.byPrior) return [];
  const arm = spec.byPrior.arm;
  return campaignWaves(study.waves, campaign).after.flatMap((w) => {
    const instrument = waveInstrument(study, w.id);
    const place = experimentsOf(instrument).find((e) => e.experiment.code === spec.code);
    const asks = findQuestion(instrument, question) !== undefined;
    return asks && place?.experiment.arms.some((a) => a.code === arm) ? [w.id] : [];
  });
}

/** The `byPrior` part of the campaign report: null when the campaign declares none. */
export function priorPerceptionReport(
  study: Study,
  campaign: Campaign,
  table: CampaignTable,
  level: number,
): PriorPerceptionReport | null {
  const spec = campaign.experiment;
  const prior = spec?.byPrior;
  const indicator = study.indicators.find((i) => i.id === prior?.indicator);
  if (!spec || !prior || indicator?.kind !== 'overestimate') return null;
  const waves = priorWaves(study, campaign, indicator.question);
  const first = waves[0];
  const place =
    first === undefined
      ? undefined
      : experimentsOf(waveInstrument(study, first)).find((e) => e.experiment.code === spec.code);
  const control = place?.experiment.control ?? '';
  const identity: PriorIdentity = {
    arm: prior.arm,
    control,
    indicator: indicator.id,
    margin: indicator.margin,
    outcome: spec.outcome,
    waves,
  };
  const wave = table.lookup('wave');
  const arm = table.lookup('arm');
  const post = table.lookup('post');
  const priorColumn = table.lookup('prior');
  const y = table.lookup(`y_${spec.outcome}`);
  const country = table.lookup('country');
  if (wave.kind !== 'categorical' || arm.kind !== 'categorical' || country.kind !== 'categorical')
    throw new Error('wave, arm and country are categorical columns');
  if (post.kind !== 'numeric' || priorColumn.kind !== 'numeric' || y.kind !== 'numeric')
    throw new Error(`post, prior and y_${spec.outcome} are numeric columns`);
  const qualifying = new Set(waves);
  const rows: number[] = [];
  for (let i = 0; i < table.n; i++) {
    const a = arm.values[i];
    if (post.values[i] === 1 && qualifying.has(wave.values[i] ?? '') && (a === prior.arm || a === control))
      rows.push(i);
  }
  const withPrior = rows.filter((i) => Number.isFinite(priorColumn.values[i] ?? Number.NaN));
  const arms = new Set(withPrior.map((i) => arm.values[i]));
  if (!place || !arms.has(prior.arm) || !arms.has(control)) return { ...identity, kind: 'not-yet' };
  // An empty cell (no one of an arm on one side, with an outcome) has no mean: withheld, not an error.
  const cellN = [
    [prior.arm, 1],
    [control, 1],
    [prior.arm, 0],
    [control, 0],
  ].map(
    ([a, g]) =>
      withPrior.filter(
        (i) => arm.values[i] === a && priorColumn.values[i] === g && Number.isFinite(y.values[i] ?? Number.NaN),
      ).length,
  );
  if (cellN.some((n) => n === 0)) return { ...identity, kind: 'withheld', suppressed: 'below_minimum_n', n: cellN };
  // The qualifying waves' respondents of the two arms as their own design (each country × wave a
  // stratum, each respondent a PSU, the report's weights), as the experiment's other arms.
  const design = createDesign({
    weights: rows.map((i) => at(table.design.weights, i)),
    strata: rows.map((i) => `${wave.values[i]}|${country.values[i]}`),
    lonelyPsu: 'certainty',
  });
  const result = effectsBySubgroup(design, {
    outcome: rows.map((i) => y.values[i] ?? Number.NaN),
    arm: rows.map((i) => arm.values[i] ?? null),
    treated: prior.arm,
    control,
    subgroup: rows.map((i) => {
      const v = priorColumn.values[i];
      return v === 1 || v === 0 ? v : null;
    }),
    level,
  });
  return {
    ...identity,
    kind: 'estimated',
    measured: waves.filter((w) => rows.some((i) => wave.values[i] === w)),
    overestimated: judged(result.inSubgroup, level),
    notOverestimated: judged(result.outside, level),
    difference: judged(result.difference, level),
    unknownPrior: result.unknownSubgroup,
  };
}

/** The four cells' n of an estimated report (arm and control, overestimated and not). */
export function priorCells(r: Extract<PriorPerceptionReport, { kind: 'estimated' }>): number[] {
  const o = r.overestimated.effect;
  const u = r.notOverestimated.effect;
  return [o.n, o.nControl, u.n, u.nControl];
}

/**
 * The part as public outputs show it: every number rests on all four cells (the difference) or two
 * of them, so when any cell has fewer than `minimumN` respondents the whole part is withheld with
 * its reason and the cells' n (token holders, `include`, see it all).
 */
export function publishPrior(
  r: PriorPerceptionReport | null,
  minimumN: number,
  include: boolean,
): PriorPerceptionReport | null {
  if (r?.kind !== 'estimated' || include) return r;
  const n = priorCells(r);
  if (Math.min(...n) >= minimumN) return r;
  const { arm, control, indicator, margin, outcome, waves } = r;
  return { arm, control, indicator, margin, outcome, waves, kind: 'withheld', suppressed: 'below_minimum_n', n };
}
