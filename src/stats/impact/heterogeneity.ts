import { degreesOfFreedom, restrictToDomain } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearContrast } from '../estimation/contrast.ts';
import { domainEstimates } from '../estimation/domain.ts';
import { encodeFactor } from '../factor.ts';
import { effectOf, type Effect } from './effect.ts';
import type { ArmEffect } from './experiment.ts';
import { at } from '../checked.ts';

/** One arm's effect within one subgroup, with the two means it is the difference of (within the subgroup). */
export type SubgroupArmEffect = Omit<ArmEffect, 'arm'>;

export interface SubgroupEffectsOptions {
  readonly outcome: ArrayLike<number>;
  /** Assigned arm per row (null or another arm: left out). */
  readonly arm: readonly (string | null)[];
  readonly treated: string;
  readonly control: string;
  /** 1 in the subgroup, 0 outside it, null (or NaN) unknown: left out. Measured before assignment. */
  readonly subgroup: ArrayLike<number | null>;
  readonly level?: number;
  /** 100 (default): percentage points for a 0/1 outcome. */
  readonly scale?: number;
}

export interface SubgroupEffects {
  /** The arm's effect among rows with subgroup 1, and among rows with subgroup 0. */
  readonly inSubgroup: SubgroupArmEffect;
  readonly outside: SubgroupArmEffect;
  /** inSubgroup − outside: the treatment × subgroup interaction (heterogeneity of the effect). */
  readonly difference: Effect;
  /** Rows of the two arms with an outcome left out because their subgroup is unknown. */
  readonly unknownSubgroup: number;
}

const CELL = (arm: string, g: 0 | 1) => `${arm}|${g}`;

/**
 * Heterogeneity of a randomised arm's effect by a subgroup measured before assignment: the
 * difference of the design-weighted means of the arm and the control within each subgroup, and
 * the difference of those two differences (the arm × subgroup interaction), each with its
 * linearisation SE from the joint covariance of the four domain means:
 *
 *   τ₁ = ȳ(arm, g=1) − ȳ(control, g=1),  τ₀ = ȳ(arm, g=0) − ȳ(control, g=0),  Δ = τ₁ − τ₀.
 *
 * R: `svycontrast(svyby(~y, ~interaction(arm, g), subset(design, arm %in% c(a, c) & !is.na(g)),
 * svymean, covmat = TRUE), …)`. Rows outside the two arms, without an outcome or without a
 * subgroup keep their place with weight 0 (a domain, like R's `subset()`); intervals use the
 * design df of that domain. A subgroup defined after assignment would make the contrast
 * descriptive, not causal: the caller must measure it before (Gerber & Green 2012, Field
 * Experiments §9.1; Lumley 2010 §2.7 for the contrasts).
 */
export function effectsBySubgroup(design: SurveyDesign, options: SubgroupEffectsOptions): SubgroupEffects {
  const level = options.level ?? 0.95;
  const scale = options.scale ?? 100;
  const { treated, control } = options;
  const groupOf = (i: number): 0 | 1 | null => {
    const g = options.subgroup[i];
    return g === 1 ? 1 : g === 0 ? 0 : null;
  };
  const inArms = (i: number) => {
    const a = options.arm[i];
    return (a === treated || a === control) && Number.isFinite(options.outcome[i] ?? Number.NaN);
  };
  let unknownSubgroup = 0;
  for (let i = 0; i < design.n; i++) if (inArms(i) && groupOf(i) === null) unknownSubgroup++;
  const inDomain = (i: number) => inArms(i) && groupOf(i) !== null;
  const sub = restrictToDomain(design, inDomain);
  const factor = encodeFactor(
    Array.from({ length: design.n }, (_, i) => {
      const g = groupOf(i);
      const a = options.arm[i];
      // Rows out of the domain weigh 0; they are coded as a cell of the domain so no level is made of them alone.
      return inDomain(i) && g !== null && typeof a === 'string' ? CELL(a, g) : CELL(control, 0);
    }),
  );
  const outcome = Float64Array.from({ length: design.n }, (_, i) => (inDomain(i) ? (options.outcome[i] ?? 0) : 0));
  const dom = domainEstimates(sub, 'mean', [{ name: 'outcome', values: outcome }], factor);
  const index = (arm: string, g: 0 | 1) => {
    const k = dom.domains.indexOf(CELL(arm, g));
    if (k < 0 || at(dom.n, k) === 0)
      throw new SurveyError('empty_domain', `no interviews in arm "${arm}" with subgroup ${g}`);
    return k;
  };
  const cells = { a1: index(treated, 1), c1: index(control, 1), a0: index(treated, 0), c0: index(control, 0) };
  const df = degreesOfFreedom(sub);
  const joint = { ...dom.joint, names: dom.domains };
  const within = (g: 0 | 1): SubgroupArmEffect => {
    const c = linearContrast(joint, { [CELL(treated, g)]: 1, [CELL(control, g)]: -1 });
    const [ka, kc] = g === 1 ? [cells.a1, cells.c1] : [cells.a0, cells.c0];
    return {
      ...effectOf(c.estimate, c.se, df, level, scale),
      armMean: at(dom.joint.estimate, ka) * scale,
      controlMean: at(dom.joint.estimate, kc) * scale,
      n: at(dom.n, ka),
      nControl: at(dom.n, kc),
    };
  };
  const d = linearContrast(joint, {
    [CELL(treated, 1)]: 1,
    [CELL(control, 1)]: -1,
    [CELL(treated, 0)]: -1,
    [CELL(control, 0)]: 1,
  });
  return {
    inSubgroup: within(1),
    outside: within(0),
    difference: effectOf(d.estimate, d.se, df, level, scale),
    unknownSubgroup,
  };
}
