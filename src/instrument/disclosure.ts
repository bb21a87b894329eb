/**
 * The disclosure rule of a study: the protection interval every withheld value must keep
 * against anyone combining everything published (tau-ARGUS's "protection levels"; Hundepool et
 * al. 2012, *Statistical Disclosure Control*, §4.2), and an optional disclosure threshold that
 * withholds small cells whatever the reliability choice. Widths are fractions of the scale's
 * range: for shares, 0.1 is 10 percentage points; for a 0–9 index, 0.9.
 */
import { z } from 'zod';

export const ProtectionInterval = z
  .object({
    /** The feasible interval must contain the withheld value ± this (clipped to the scale). */
    halfWidth: z.number().min(0).max(1).default(0.1),
    /** …and be at least this wide (widened on the open side when clipped). */
    minWidth: z.number().min(0).max(1).default(0.2),
  })
  .strict();

export const DisclosureRule = z
  .object({
    protection: ProtectionInterval.default(ProtectionInterval.parse({})),
    /**
     * Which withheld cells must keep the protection interval: `primary`, the cells withheld on their
     * own (as tau-ARGUS and R's sdcTable, whose `attack()` checks the primary cells: a
     * complementary cell meets the reliability threshold and is withheld only to protect another),
     * or `every-withheld`, complementary cells too (many more cells withheld, see docs/disclosure.md).
     */
    protect: z.enum(['primary', 'every-withheld']).default('primary'),
    /** Cells on fewer unweighted respondents are withheld to protect them even when the study flags low reliability instead of withholding (0: none beyond the reliability threshold). */
    minimumN: z.number().int().min(0).default(0),
  })
  .strict();
export type DisclosureRule = z.output<typeof DisclosureRule>;

/**
 * The interval an attacker must not be able to narrow below, for a withheld `value` on
 * [min, max]: value ± halfWidth·range, clipped to the scale, then widened on the side with room
 * until it is minWidth·range wide.
 */
export function protectionInterval(
  value: number,
  scale: { readonly min: number; readonly max: number },
  rule: z.output<typeof ProtectionInterval>,
): [number, number] {
  const range = scale.max - scale.min;
  let low = Math.max(scale.min, value - rule.halfWidth * range);
  let high = Math.min(scale.max, value + rule.halfWidth * range);
  const short = rule.minWidth * range - (high - low);
  if (short > 0) {
    const up = Math.min(short, scale.max - high);
    high += up;
    low = Math.max(scale.min, low - (short - up));
  }
  return [low, high];
}
