import { SurveyError } from '../errors.ts';

export interface VerdictInput {
  readonly estimate: number;
  readonly ci: readonly [number, number];
  /** Minimum detectable effect of the comparison (positive, same units as the estimate). */
  readonly mde: number;
  /** The effect the campaign aimed for, signed (e.g. −5 for "5 points fewer"), same units. */
  readonly aimed?: number;
}

/**
 * How a result may be reported:
 * - `detected`: the interval excludes zero; `direction` is the sign, `asAimed` whether it is the
 *   aimed direction (null when no aim was stated).
 * - `smaller-than-aimed`: the interval includes zero, the MDE is below the aimed effect and the
 *   interval excludes it — the study could have seen an effect of the aimed size and did not.
 * - `inconclusive`: the interval includes zero and the study could not rule out the aimed (or any
 *   meaningful) effect: "inconclusive at this sample size", never "no effect".
 */
export type Verdict =
  | {
      readonly kind: 'detected';
      readonly direction: 'increase' | 'decrease';
      readonly asAimed: boolean | null;
      readonly label: string;
    }
  | { readonly kind: 'smaller-than-aimed'; readonly mde: number; readonly label: string }
  | { readonly kind: 'inconclusive'; readonly mde: number; readonly label: string };

/**
 * The reporting judgement for an estimated effect. A confidence interval that includes zero is
 * never read as evidence of no effect (Altman & Bland 1995, BMJ 311:485); only when the design
 * could detect the aimed effect (MDE < |aimed|; Bloom 1995) and the interval excludes it may one
 * say the effect was smaller than aimed.
 */
export function judgeEffect(input: VerdictInput): Verdict {
  const [lo, hi] = input.ci;
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new SurveyError('invalid_argument', `the interval must be [low, high] with finite ends, not [${lo}, ${hi}]`);
  }
  if (!(input.mde > 0)) throw new SurveyError('invalid_argument', `the MDE must be positive, not ${input.mde}`);
  const aimed = input.aimed;
  if (lo > 0 || hi < 0) {
    const direction = lo > 0 ? 'increase' : 'decrease';
    const asAimed = aimed === undefined || aimed === 0 ? null : aimed > 0 === (direction === 'increase');
    return {
      kind: 'detected',
      direction,
      asAimed,
      label: asAimed === false ? 'detected, opposite to the aim' : 'detected',
    };
  }
  if (aimed !== undefined && aimed !== 0 && input.mde < Math.abs(aimed) && (aimed > hi || aimed < lo)) {
    return { kind: 'smaller-than-aimed', mde: input.mde, label: 'no effect as large as the one aimed for' };
  }
  return { kind: 'inconclusive', mde: input.mde, label: 'inconclusive at this sample size' };
}
