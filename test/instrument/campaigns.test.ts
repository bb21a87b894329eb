import { describe, expect, it } from 'vitest';
import {
  Campaign,
  DefinitionError,
  campaignWaves,
  comparisonCountries,
  defineCampaign,
  type CampaignInput,
  type DefinitionIssue,
  type WaveInput,
} from '../../src/instrument/index.ts';
import { campaignStudy, campaignWaves as fixtureWaves, validCampaign } from './fixtures/campaign-study.ts';
import { runCli } from './cli-io.ts';

/** The issues defineStudy reports for the fixture study with one changed campaign (and waves). */
function issuesOf(campaign: CampaignInput, waves?: WaveInput[]): DefinitionIssue[] {
  try {
    campaignStudy([campaign], waves);
  } catch (err) {
    if (err instanceof DefinitionError) return [...err.issues];
    throw err;
  }
  return [];
}

const messages = (campaign: CampaignInput, waves?: WaveInput[]) => issuesOf(campaign, waves).map((i) => i.message);

describe('campaigns as code', () => {
  it('a valid campaign joins its study; the waves around it and the comparison countries are derived', () => {
    const study = campaignStudy();
    const campaign = study.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    expect(campaign.id).toBe('real-slogan');
    const { before, after } = campaignWaves(study.waves, campaign);
    expect(before.map((w) => w.id)).toEqual(['w-2023']);
    expect(after.map((w) => w.id)).toEqual(['w-2025']);
    expect(comparisonCountries(campaign, study.waves)).toEqual(['DEU', 'FRA']);
    expect(
      comparisonCountries({ ...campaign, comparison: { countries: ['FRA'], weighting: 'equal' } }, study.waves),
    ).toEqual(['FRA']);
    // Every fixture country is in "Europe": the region's countries less the campaign's (ZAF).
    expect(
      comparisonCountries({ ...campaign, comparison: { region: 'Europe', weighting: 'equal' } }, study.waves),
    ).toEqual(['DEU', 'FRA']);
  });

  it('a comparison group without a stated weighting weighs its countries equally', () => {
    const { comparison } = defineCampaign({ ...validCampaign, comparison: { countries: ['FRA'] } });
    expect(comparison).toEqual({ countries: ['FRA'], weighting: 'equal' });
    expect(() => defineCampaign({ ...validCampaign, comparison: { countries: [] } })).toThrow(/comparison/);
    // No implicit "every other country": a campaign must declare its group.
    const without = Object.fromEntries(Object.entries(validCampaign).filter(([k]) => k !== 'comparison'));
    const parsed = Campaign.safeParse(without);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['comparison']);
  });

  it('a synthetic control names its donors, at least two, who are its DiD comparison countries', () => {
    const synthetic = defineCampaign({ ...validCampaign, comparison: { synthetic: { donors: ['FRA', 'DEU'] } } });
    expect(synthetic.comparison).toEqual({ synthetic: { donors: ['FRA', 'DEU'] }, weighting: 'equal' });
    expect(comparisonCountries(synthetic, campaignStudy().waves)).toEqual(['FRA', 'DEU']);
    expect(() => defineCampaign({ ...validCampaign, comparison: { synthetic: { donors: ['FRA'] } } })).toThrow(
      /comparison/,
    );
  });

  it('a region whose every study country ran the campaign leaves an empty comparison group, refused', () => {
    const inAfrica = (w: WaveInput): WaveInput => ({
      ...w,
      countries: w.countries.map((c) => (c.iso3 === 'ZAF' ? { ...c, region: 'Sub-Saharan Africa' } : c)),
    });
    const campaign = { ...validCampaign, comparison: { region: 'Sub-Saharan Africa' } };
    expect(messages(campaign, [inAfrica(fixtureWaves.before), inAfrica(fixtureWaves.after)])).toContain(
      'campaign real-slogan: region "Sub-Saharan Africa" has no study country where the campaign did not run',
    );
  });

  it('defineCampaign refuses a wrong shape, naming the field', () => {
    expect(() => defineCampaign({ ...validCampaign, when: { start: '2024-1-1', end: '2024-12-31' } })).toThrow(
      /campaign\(real-slogan\)\.when\.start/,
    );
    expect(() => defineCampaign({ ...validCampaign, channels: ['carrier_pigeon' as 'tv'] })).toThrow(/channels\[0\]/);
    expect(() => defineCampaign({ ...validCampaign, where: { countries: ['za'] } })).toThrow(/ISO 3166-1 alpha-3/);
  });

  it.each<[string, CampaignInput, RegExp]>([
    [
      'an unknown campaign country',
      { ...validCampaign, where: { countries: ['ZAF', 'ATL'] } },
      /country ATL is in no wave of the study/,
    ],
    [
      'an unknown comparison country',
      { ...validCampaign, comparison: { countries: ['NOR'] } },
      /comparison country NOR is in no wave/,
    ],
    [
      'an unknown comparison region',
      { ...validCampaign, comparison: { region: 'Atlantis' } },
      /comparison region "Atlantis" is the region of no country of the study \(Europe\)/,
    ],
    [
      'a comparison country named twice',
      { ...validCampaign, comparison: { countries: ['FRA', 'FRA'] } },
      /comparison country FRA is named twice/,
    ],
    [
      'a country on both sides',
      { ...validCampaign, comparison: { countries: ['ZAF', 'FRA'] } },
      /ZAF is both a campaign country and a comparison country/,
    ],
    [
      'a synthetic control with an unknown donor',
      { ...validCampaign, comparison: { synthetic: { donors: ['FRA', 'NOR'] } } },
      /donor NOR is in no wave of the study/,
    ],
    [
      'a synthetic control whose donors include the campaign country',
      { ...validCampaign, comparison: { synthetic: { donors: ['FRA', 'ZAF'] } } },
      /ZAF is both the campaign country and a donor/,
    ],
    [
      'a synthetic donor named twice',
      { ...validCampaign, comparison: { synthetic: { donors: ['FRA', 'FRA'] } } },
      /donor FRA is named twice/,
    ],
    [
      'a synthetic control for a campaign in two countries',
      { ...validCampaign, where: { countries: ['ZAF', 'DEU'] }, comparison: { synthetic: { donors: ['FRA', 'DEU'] } } },
      /a synthetic control is for a campaign in one country, not 2/,
    ],
    [
      'a campaign that starts after it ends',
      { ...validCampaign, when: { start: '2024-12-31', end: '2024-01-01' } },
      /starts \(2024-12-31\) after it ends/,
    ],
    [
      'no wave before',
      { ...validCampaign, when: { start: '2023-04-01', end: '2024-12-31' } },
      /no wave ends before 2023-04-01, so the waves do not bracket/,
    ],
    [
      'no wave after',
      { ...validCampaign, when: { start: '2024-01-01', end: '2025-04-01' } },
      /no wave starts after 2025-04-01, so the waves do not bracket/,
    ],
    [
      'an unknown indicator',
      { ...validCampaign, aims: [{ indicator: 'wantsMore', direction: 'increase', by: 3 }] },
      /aims to move indicator wantsMore, which the study does not define/,
    ],
    [
      'a slogan item the instrument lacks',
      {
        ...validCampaign,
        messages: [{ id: 'x', slogan: { en: 'X', fr: 'X' }, recall: { question: 'SEEN', item: 'NOPE' } }],
      },
      /SEEN has no item NOPE in campaign-study@1/,
    ],
    [
      'recall measured by a non-grid question',
      { ...validCampaign, exposure: { ...validCampaign.exposure, falseRecall: { question: 'FEWER', item: 'X' } } },
      /FEWER must be a grid/,
    ],
    [
      'a fictitious slogan that is a real one',
      { ...validCampaign, exposure: { ...validCampaign.exposure, falseRecall: { question: 'SEEN', item: 'REAL' } } },
      /fictitious slogan is also one of the campaign’s messages/,
    ],
    [
      'a recall answer the grid lacks',
      { ...validCampaign, exposure: { ...validCampaign.exposure, recalled: 'seen' } },
      /SEEN has no answer "seen"/,
    ],
    [
      'unaided recall that is not open text',
      { ...validCampaign, exposure: { ...validCampaign.exposure, unaided: { question: 'FEWER', keywords: ['x y'] } } },
      /FEWER must be a text question/,
    ],
    [
      'an experiment the instrument lacks',
      { ...validCampaign, experiment: { code: 'NO_ARM', outcome: 'saysBetter' } },
      /campaign-study@1 has no experiment NO_ARM/,
    ],
    [
      'a by-prior split on an indicator that is not an overestimate',
      {
        ...validCampaign,
        experiment: { code: 'ARM', outcome: 'saysBetter', byPrior: { arm: 'story', indicator: 'saysBetter' } },
      },
      /saysBetter is not an overestimate indicator of the study/,
    ],
    [
      'a by-prior split on an arm the experiment lacks',
      {
        ...validCampaign,
        experiment: { code: 'ARM', outcome: 'saysBetter', byPrior: { arm: 'fact', indicator: 'saysBetter' } },
      },
      /experiment ARM of campaign-study@1 has no arm fact/,
    ],
    [
      'a missing translation',
      { ...validCampaign, name: { en: 'Only English', fr: ' ' } },
      /campaign real-slogan name has no "fr" translation/,
    ],
  ])('lint finds %s', (_what, campaign, expected) => {
    const found = messages(campaign);
    expect(
      found.filter((m) => expected.test(m)),
      found.join('\n'),
    ).toHaveLength(1);
  });

  it('a wave before that covers no comparison country does not bracket the campaign', () => {
    const before = { ...fixtureWaves.before, countries: fixtureWaves.before.countries.filter((c) => c.iso3 === 'ZAF') };
    expect(messages(validCampaign, [before, fixtureWaves.after])).toEqual([
      'campaign real-slogan: no wave that ends before 2024-01-01 covers a comparison country',
    ]);
  });

  it('two campaigns with one id are refused', () => {
    expect(() => campaignStudy([validCampaign, validCampaign])).toThrow(/campaign id real-slogan is used twice/);
  });

  it('barometer lint prints one line per campaign problem, naming the file and the place', async () => {
    const result = await runCli(['lint', 'test/instrument/fixtures/broken-campaign']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines)
      expect(line).toMatch(
        /^test\/instrument\/fixtures\/broken-campaign\/index\.ts:(6|12): .*\(invalid_campaign at study\(campaign-study\)\.campaigns\[real-slogan\]\./,
      );
    expect(lines.join('\n')).toMatch(
      /country XXX is in no wave[\s\S]*no wave ends before 2023-04-01[\s\S]*noSuchIndicator[\s\S]*SEEN has no item MISSING/,
    );
    expect(result.stderr).toBe('4 problems found\n');
  });

  it('barometer lint refuses a comparison group with a campaign country in it, or an unknown region', async () => {
    const result = await runCli(['lint', 'test/instrument/fixtures/broken-comparison']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^test\/instrument\/fixtures\/broken-comparison\/index\.ts:5: .*campaign real-slogan: ZAF is both a campaign country and a comparison country/,
    );
    expect(lines[1]).toMatch(
      /campaign by-region: comparison region "Atlantis" is the region of no country of the study \(Europe\)/,
    );
    expect(result.stderr).toBe('2 problems found\n');
  });
});
