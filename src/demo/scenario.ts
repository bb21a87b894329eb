/**
 * The two simulated worlds the demo can build (`--scenario`), differing only in who answers, what
 * they leave out and how the countries move — never in the population truths of a country and
 * wave, except where the trends differ (`drift`).
 *
 * - `textbook`: who answers depends only on the weighting variables (age and education), so
 *   weighting to the margins removes the non-response bias by construction; demographics are never
 *   refused; break-offs are completely at random; the campaign countries move in parallel with
 *   the comparison countries. A test of the code: only a bug can make weighting or the
 *   difference-in-differences fail here.
 * - `realistic`: the same, plus what the weighting cannot see — rural adults answer less often
 *   than urban adults of the same age, sex and education, and urban adults want immigration
 *   decreased less often (urban/rural is not a weighting margin); adults who want immigration
 *   decreased answer less often (a non-ignorable component: response depends on the answer
 *   itself); AGE and EDUCATION are refused at realistic rates, more often by the old and the less
 *   educated; adults with no opinion ("don't know") and the young break off more often; and the
 *   #MigrationMeans countries were already drifting apart from the comparison countries before
 *   the campaign (so its pre-trend test has something to find).
 *
 * The rates are illustrative assumptions of the same order as those reported for online panels
 * (item non-response on education of a few per cent; break-off rates of 5–15%), not fitted to a
 * published survey.
 */
export const SCENARIOS = ['textbook', 'realistic'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function isScenario(value: string): value is Scenario {
  return (SCENARIOS as readonly string[]).includes(value);
}

/** Share of adults living in urban areas (every country, illustrative). */
export const URBAN_SHARE = 0.55;
/**
 * Within an age × sex × education cell, urban adults want immigration decreased this much less
 * often than rural adults (probability points; the difference goes to "present level"), keeping
 * the cell's share as it is: p(urban) = p − Δ(1 − u), p(rural) = p + Δu.
 */
export const URBAN_GAP = 0.1;
/** Realistic: chance that a sampled adult answers, relative to an urban adult not wanting a decrease. */
export const RESPONSE_RURAL = 0.7;
export const RESPONSE_WANTS_DECREASE = 0.9;
/** Realistic item refusal of AGE (by the 65+ and the others) and EDUCATION (primary or less, the others). */
export const REFUSE_AGE = { old: 0.06, other: 0.02 } as const;
export const REFUSE_EDUCATION = { primary: 0.08, other: 0.02 } as const;
/** Realistic break-off: those with no opinion on MIG_LEVEL, the 15–29, everyone else. */
export const BREAK_OFF_REALISTIC = { noOpinion: 0.15, young: 0.1, other: 0.04 } as const;
/**
 * Realistic drift of the #MigrationMeans countries (points of wantsDecrease from 2022 to 2024 and
 * 2024 to 2026), replacing the textbook's +2, +1 (parallel with France, Spain, Iceland, Malta,
 * Poland): they were already moving up faster before the campaign, and kept on.
 */
export const REALISTIC_DRIFT: Readonly<Record<string, readonly [number, number]>> = {
  DEU: [15, 3],
  SWE: [15, 3],
  NLD: [15, 3],
  FIN: [15, 3],
};
