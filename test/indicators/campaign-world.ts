/**
 * A small simulated world for campaign reports, with known truths: three countries (FRA, DEU
 * and the campaign country ZAF), three waves (two before the campaign, one after), `n` adults per
 * country × wave. The share wanting fewer immigrants differs by country, age and wave, with the
 * same trend everywhere (parallel trends). After the campaign, in ZAF, adults recall the real
 * slogan with a probability that depends on who they are (0.55 under 40, 0.25 from 40), and
 * those who recall it want fewer immigrants `effectOnAware` less often; so the true effect on the
 * population share is `effectOnAware × 0.40` (half the adults are under 40). 5% "recall" the
 * fictitious slogan. A message experiment (story vs control) moves BETTER by `storyEffect`.
 */
import { seededRandom, type Answers } from '../../src/instrument/index.ts';
import { campaignTable, type CampaignResponse } from '../../src/indicators/campaign/table.ts';
import { campaignStudy, campaignWaves, validCampaign } from '../instrument/fixtures/campaign-study.ts';

export interface WorldOptions {
  readonly n?: number;
  readonly seed?: string;
  /** Change of P(FEWER = yes) among the aware in ZAF after the campaign (e.g. −0.15). */
  readonly effectOnAware?: number;
  /** Added to ZAF's share in the second pre-campaign wave only (breaks parallel pre-trends). */
  readonly preTrendShift?: number;
  readonly storyEffect?: number;
}

export const AWARE_SHARE = 0.5 * 0.55 + 0.5 * 0.25;

const BASE: Record<string, number> = { FRA: 0.45, DEU: 0.4, ZAF: 0.5 };
const TREND: Record<string, number> = { 'w-2021': 0, 'w-2023': 0.02, 'w-2025': 0.05 };

export function simulatedCampaignWorld(options: WorldOptions = {}): CampaignResponse[] {
  const random = seededRandom(options.seed ?? 'campaign-world');
  const n = options.n ?? 1000;
  const out: CampaignResponse[] = [];
  let id = 0;
  for (const wave of ['w-2021', 'w-2023', 'w-2025']) {
    for (const iso3 of ['FRA', 'DEU', 'ZAF']) {
      const after = wave === 'w-2025';
      const positions = { story: 0, control: 0 };
      for (let i = 0; i < n; i++) {
        const young = random() < 0.5;
        const age = young ? 15 + Math.floor(random() * 25) : 40 + Math.floor(random() * 50);
        const sex = random() < 0.5 ? 'female' : 'male';
        const aware = after && iso3 === 'ZAF' ? random() < (young ? 0.55 : 0.25) : false;
        let p = (BASE[iso3] ?? 0.4) + (TREND[wave] ?? 0) + (young ? -0.1 : 0.1);
        if (iso3 === 'ZAF' && wave === 'w-2023') p += options.preTrendShift ?? 0;
        if (aware) p += options.effectOnAware ?? 0;
        const answers: Answers = { COUNTRY: iso3.toLowerCase(), AGE: age, SEX: sex, FEWER: random() < p ? 'yes' : 'no' };
        if (after) {
          answers.SEEN = { REAL: aware ? 'yes' : 'no', FAKE: random() < 0.05 ? 'yes' : 'no' };
          if (aware && random() < 0.3) answers.UNAIDED = 'the Real Slogan ads on TV';
          // Balanced within country: alternate arms in random pairs.
          const arm = i % 2 === 0 ? (random() < 0.5 ? 'story' : 'control') : positions.story > positions.control ? 'control' : 'story';
          positions[arm] += 1;
          answers.ARM = arm;
          answers.BETTER = random() < 0.4 + (arm === 'story' ? (options.storyEffect ?? 0) : 0) ? 'yes' : 'no';
        }
        out.push({ wave, iso3, weight: 0.5 + random(), answers, psu: `r${id++}` });
      }
    }
  }
  return out;
}

/** The fixture study with its three waves and the campaign, and the world's campaign table. */
export function worldStudy() {
  return campaignStudy([validCampaign], [campaignWaves.earlier, campaignWaves.before, campaignWaves.after]);
}

export function worldTable(options: WorldOptions = {}) {
  const study = worldStudy();
  const campaign = study.campaigns[0];
  if (!campaign) throw new Error('the world study has no campaign');
  return campaignTable(study, campaign, simulatedCampaignWorld(options));
}
