import { degreesOfFreedom, restrictToDomain } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearContrast } from '../estimation/contrast.ts';
import { domainEstimates } from '../estimation/domain.ts';
import { encodeFactor } from '../factor.ts';
import { effectOf, type Effect } from './effect.ts';
import { at } from '../checked.ts';

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
  /** Rows left out because they have no arm (null, missing or empty): not in the experiment. */
  readonly withoutArm: number;
  readonly byStratum: readonly { readonly stratum: string; readonly effects: readonly ArmEffect[] }[];
}

/**
 * Message-experiment effects: each arm against the control arm, as the difference of the
 * design-weighted domain means with its linearisation SE (R: `svycontrast(svyby(~y, ~arm, design,
 * svymean, covmat = TRUE), arm − control)`), pooled over all blocks and within each block
 * (domains of the full design). Rows without an arm (null, missing or empty) are left out as a
 * domain, like R's `subset(design, !is.na(arm))`, and counted in `withoutArm`. Intervals use the
 * design df. Reference: Lumley (2010) §2.7;
 * Gerber & Green (2012) Field Experiments §3.
 */
export function experimentEffects(design: SurveyDesign, options: ExperimentOptions): ExperimentResult {
  const level = options.level ?? 0.95;
  const scale = options.scale ?? 100;
  const armOf = (i: number): string | null => {
    const a = options.arm[i];
    return typeof a === 'string' && a !== '' ? a : null;
  };
  let withoutArm = 0;
  for (let i = 0; i < design.n; i++) if (armOf(i) === null) withoutArm++;
  if (!options.arm.some((a) => a === options.control)) {
    throw new SurveyError('invalid_argument', `no interview was assigned the control arm "${options.control}"`);
  }
  const effects = (inBlock: (row: number) => boolean): ArmEffect[] => {
    const inExperiment = (i: number) => inBlock(i) && armOf(i) !== null;
    const sub = restrictToDomain(design, inExperiment);
    // Rows outside the block or without an arm keep their place in the design with weight 0 (a
    // domain, like R's subset()); they are coded as the control arm so that no level is made of rows
    // that all weigh 0, and count in no arm's mean or n.
    const factor = encodeFactor(
      Array.from({ length: design.n }, (_, i) => (inExperiment(i) ? (armOf(i) ?? '') : options.control)),
    );
    const dom = domainEstimates(sub, 'mean', [{ name: 'outcome', values: options.outcome }], factor);
    const k0 = dom.domains.indexOf(options.control);
    if (k0 < 0 || at(dom.n, k0) === 0)
      throw new SurveyError('empty_domain', `no interviews in the control arm "${options.control}" here`);
    const df = degreesOfFreedom(sub);
    return dom.domains
      .filter((a) => a !== options.control)
      .map((arm) => {
        const k = dom.domains.indexOf(arm);
        const c = linearContrast({ ...dom.joint, names: dom.domains }, { [arm]: 1, [options.control]: -1 });
        return {
          ...effectOf(c.estimate, c.se, df, level, scale),
          arm,
          armMean: at(dom.joint.estimate, k) * scale,
          controlMean: at(dom.joint.estimate, k0) * scale,
          n: at(dom.n, k),
          nControl: at(dom.n, k0),
        };
      });
  };
  const pooled = effects(() => true);
  const byStratum: { stratum: string; effects: ArmEffect[] }[] = [];
  if (options.stratum) {
    const strata = options.stratum;
    // Blocks with an interview in the experiment (a block whose rows all lack an arm has no effects to give).
    const blocks = [...new Set(strata.filter((s, i): s is string => s !== null && armOf(i) !== null))].sort();
    for (const block of blocks) byStratum.push({ stratum: block, effects: effects((i) => strata[i] === block) });
  }
  return { pooled, withoutArm, byStratum };
}
