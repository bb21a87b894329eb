/**
 * The campaigns of the simulated world, with their true effects. Both run between the 2024 and
 * the 2026 waves, so the 2022 and 2024 waves are two pre-waves (a pre-trend test has something
 * to test). Ids match the campaign definitions of the flagship study; the simulation takes any
 * list of this shape, so a campaign defined elsewhere can be simulated with its countries.
 *
 * - `i-am-a-migrant-too` (modelled on IOM's "I am a migrant" campaign): national, South Africa;
 *   true effect −6 percentage points on the share wanting immigration decreased in 2026, against
 *   the counterfactual without the campaign.
 * - `migration-means` (a "#MigrationMeans"-style multi-country campaign): Germany, Sweden, the
 *   Netherlands and Finland; true effect 0.
 *
 * Exposure: adults who recall the campaign (CAMPAIGN_SEEN = yes) are younger and more educated
 * more often (`AWARENESS_EFFECTS`); the share aware after the campaign is `awareness`. Everywhere
 * else, and before the campaign, a few adults say yes anyway (false recall, `FALSE_RECALL`). The
 * effect acts on the aware only: their chance of wanting a decrease is scaled down by the factor
 * that makes the population change exactly `effect` (the freed share goes to "present level" 70%,
 * "increased" 30%).
 */
import type { SimulatedWave } from './targets.ts';

export interface SimulatedCampaign {
  readonly id: string;
  readonly countries: readonly string[];
  /** The last wave before the campaign and the wave that measures it. */
  readonly before: SimulatedWave;
  readonly measuredIn: SimulatedWave;
  /** True effect on the wantsDecrease share (a difference of proportions) in the measured wave, against no campaign. */
  readonly effect: number;
  /** Share of adults who recall the campaign in the measured wave. */
  readonly awareness: number;
}

export const SIMULATED_CAMPAIGNS: readonly SimulatedCampaign[] = [
  { id: 'i-am-a-migrant-too', countries: ['ZAF'], before: 'mp-2024', measuredIn: 'mp-2026', effect: -0.06, awareness: 0.35 },
  { id: 'migration-means', countries: ['DEU', 'SWE', 'NLD', 'FIN'], before: 'mp-2024', measuredIn: 'mp-2026', effect: 0, awareness: 0.25 },
];

/** Share saying they saw such a campaign where and when none ran. */
export const FALSE_RECALL = 0.05;

/** The campaign running in a country and measured in a wave, if any. */
export function campaignIn(campaigns: readonly SimulatedCampaign[], iso3: string, wave: string): SimulatedCampaign | undefined {
  return campaigns.find((c) => c.measuredIn === wave && c.countries.includes(iso3));
}
