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
  /** The SLOGAN_SEEN grid item of its slogan (aided recall, instrument v3), and the words of the slogan an adult may write in unaided recall. */
  readonly slogan?: { readonly item: string; readonly words: string };
}

export const SIMULATED_CAMPAIGNS: readonly SimulatedCampaign[] = [
  {
    id: 'i-am-a-migrant-too',
    countries: ['ZAF'],
    before: 'mp-2024',
    measuredIn: 'mp-2026',
    effect: -0.06,
    awareness: 0.35,
    slogan: { item: 'I_AM_A_MIGRANT_TOO', words: 'I am a migrant too' },
  },
  {
    id: 'migration-means',
    countries: ['DEU', 'SWE', 'NLD', 'FIN'],
    before: 'mp-2024',
    measuredIn: 'mp-2026',
    effect: 0,
    awareness: 0.25,
    slogan: { item: 'MIGRATION_MEANS', words: '#MigrationMeans' },
  },
];

/** Share saying they saw such a campaign where and when none ran. */
export const FALSE_RECALL = 0.05;

/**
 * Aided recall (SLOGAN_SEEN, instrument v3): an adult aware of a campaign that ran in their
 * country before the wave says "yes" to its slogan with `SLOGAN_RECALL_AWARE`; everyone else —
 * the unaware there, everyone elsewhere, and everyone for the fictitious slogan — says "yes"
 * with `SLOGAN_FALSE_RECALL` (guessing). "Not sure" takes `SLOGAN_NOT_SURE` of the rest.
 */
export const SLOGAN_RECALL_AWARE = 0.7;
export const SLOGAN_FALSE_RECALL = 0.04;
export const SLOGAN_NOT_SURE = 0.05;
/** The grid item of the slogan that never ran. */
export const FICTITIOUS_SLOGAN = 'OPEN_HANDS';
/** Unaided recall (CAMPAIGN_UNAIDED): share of those recalling the slogan who write it in their own words. */
export const UNAIDED_NAMES_SLOGAN = 0.4;

/**
 * The message experiment (MSG_ARM, instrument v3): the true effect of each arm on the share
 * saying immigrants make the country a better place (MSG_BETTER_PLACE = better), in probability
 * points against the control arm, for every adult (common across cells and countries).
 */
export const MESSAGE_EFFECTS: Readonly<Record<string, number>> = { story: 0.08, fact: 0.04, control: 0 };

/** The campaign running in a country and measured in a wave, if any. */
export function campaignIn(
  campaigns: readonly SimulatedCampaign[],
  iso3: string,
  wave: string,
): SimulatedCampaign | undefined {
  return campaigns.find((c) => c.measuredIn === wave && c.countries.includes(iso3));
}
