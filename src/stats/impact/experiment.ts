import { degreesOfFreedom, restrictToDomain } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearContrast } from '../estimation/contrast.ts';
import { domainEstimates } from '../estimation/domain.ts';
import { encodeFactor } from '../factor.ts';
import { effectOf, type Effect } from './effect.ts';

export interface ArmEffect extends Effect {
  readonly arm: string;
  /** Weighted mean of the outcome in the arm and in the control arm (times `scale`). */
  readonly armMean: number;
  readonly controlMean: number;
  /** Interviews with an outcome in the arm and in the control arm. */
  readonly n: number;
  readonly nControl: number;
}

export interface ExperimentOptions {
  readonly outcome: ArrayLike<number>;
  /** Assigned arm per row (null: not in the experiment). */
  readonly arm: readonly (string | null)[];
  readonly control: string;
  /** Blocks of the randomisation (e.g. country): effects are also given per block. */
  readonly stratum?: readonly (string | null)[];
  readonly level?: number;
  /** 100 (default): percentage points for a 0/1 outcome. */
  readonly scale?: number;
}

export interface ExperimentResult {
  readonly pooled: readonly ArmEffect[];
  readonly byStratum: readonly { readonly stratum: string; readonly effects: readonly ArmEffect[] }[];
}

/**
 * Message-experiment effects: each arm against the control arm, as the difference of the
 * design-weighted domain means with its linearisation SE (R: `svycontrast(svyby(~y, ~arm, design,
 * svymean, covmat = TRUE), arm − control)`), pooled over all blocks and within each block
 * (domains of the full design). Intervals use the design df. Reference: Lumley (2010) §2.7;
 * Gerber & Green (2012) Field Experiments §3.
 */
export function experimentEffects(design: SurveyDesign, options: ExperimentOptions): ExperimentResult {
  const level = options.level ?? 0.95;
  const scale = options.scale ?? 100;
  const present = options.arm.map((a) => a ?? '');
  const factor = encodeFactor(present);
  if (!factor.levels.includes(options.control)) {
    throw new SurveyError('invalid_argument', `no interview was assigned the control arm "${options.control}"`);
  }
  const effects = (inBlock: (row: number) => boolean): ArmEffect[] => {
    const sub = restrictToDomain(design, (i) => inBlock(i) && options.arm[i] !== null && options.arm[i] !== undefined);
    const dom = domainEstimates(sub, 'mean', [{ name: 'outcome', values: options.outcome }], factor);
    const arms = dom.domains.filter((a) => a !== '');
    const k0 = dom.domains.indexOf(options.control);
    if (k0 < 0) throw new SurveyError('empty_domain', `no interviews in the control arm "${options.control}" here`);
    const df = degreesOfFreedom(sub);
    return arms
      .filter((a) => a !== options.control)
      .map((arm) => {
        const k = dom.domains.indexOf(arm);
        const c = linearContrast({ ...dom.joint, names: dom.domains }, { [arm]: 1, [options.control]: -1 });
        return {
          ...effectOf(c.estimate, c.se, df, level, scale),
          arm,
          armMean: (dom.joint.estimate[k] ?? 0) * scale,
          controlMean: (dom.joint.estimate[k0] ?? 0) * scale,
          n: dom.n[k] ?? 0,
          nControl: dom.n[k0] ?? 0,
        };
      });
  };
  const pooled = effects(() => true);
  const byStratum: { stratum: string; effects: ArmEffect[] }[] = [];
  if (options.stratum) {
    const strata = options.stratum;
    const blocks = [...new Set(strata.filter((s): s is string => s !== null))].sort();
    for (const block of blocks) byStratum.push({ stratum: block, effects: effects((i) => strata[i] === block) });
  }
  return { pooled, byStratum };
}
