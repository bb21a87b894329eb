/**
 * The campaigns the migration-perceptions study evaluates. Both ran between the 2024 wave (field
 * period ends 2024-08-31) and the 2026 wave (starts 2026-03-01), so 2022 and 2024 are pre-waves
 * and 2026 measures them; the demo world (src/demo/campaigns.ts) simulates them under these ids.
 * Exposure is measured by the v3 instrument: aided recall of each slogan in SLOGAN_SEEN (with the
 * fictitious OPEN_HANDS for false recall), unaided recall in CAMPAIGN_UNAIDED, channels in
 * SLOGAN_WHERE.
 */
import { defineCampaign, sameInAll } from '../../src/instrument/index.ts';
import { LANGUAGES } from './countries.ts';
import { t } from './questions.ts';

/** The slogans as they ran, in their original wording in every language (as in SLOGAN_SEEN). */
const slogan = (s: string) => sameInAll(LANGUAGES, s);

const exposure = {
  recalled: 'yes',
  falseRecall: { question: 'SLOGAN_SEEN', item: 'OPEN_HANDS' },
  channels: 'SLOGAN_WHERE',
} as const;

/** National campaign in South Africa, modelled on IOM's "I am a migrant". */
export const iAmAMigrantToo = defineCampaign({
  id: 'i-am-a-migrant-too',
  name: t('I Am a Migrant Too', 'I Am a Migrant Too', 'I Am a Migrant Too', 'I Am a Migrant Too'),
  description: t(
    'A national campaign in South Africa telling the stories of migrants and their contributions.',
    'Une campagne nationale en Afrique du Sud racontant les histoires de migrants et leurs contributions.',
    'Una campaña nacional en Sudáfrica que cuenta las historias de migrantes y sus contribuciones.',
    'حملة وطنية في جنوب أفريقيا تروي قصص المهاجرين ومساهماتهم.',
  ),
  where: { countries: ['ZAF'] },
  when: { start: '2024-09-01', end: '2025-06-30' },
  channels: ['tv', 'social_media', 'posters'],
  messages: [
    {
      id: 'slogan',
      slogan: slogan('“I Am a Migrant Too”'),
      recall: { question: 'SLOGAN_SEEN', item: 'I_AM_A_MIGRANT_TOO' },
    },
  ],
  aims: [{ indicator: 'wantsDecrease', direction: 'decrease', by: 6 }],
  // The other Sub-Saharan African countries of the study, each weighted alike in the DiD: South
  // Africa's neighbours in the region, whose trends move with it (docs/demo.md), not China and
  // India. They are also the donors of a synthetic control shown beside the DiD (weak with the two
  // waves before the campaign, and said so).
  comparison: { synthetic: { donors: ['ETH', 'GHA', 'KEN', 'MLI', 'NGA', 'RWA', 'SLE'] }, weighting: 'equal' },
  exposure: { ...exposure, unaided: { question: 'CAMPAIGN_UNAIDED', keywords: ['migrant too', 'i am a migrant'] } },
  // The fact arm's effect is also read apart for those who overestimated the share born abroad
  // before the message, where a wave asks the perception question too (instrument v4, mp-2028).
  experiment: {
    code: 'MSG_ARM',
    outcome: 'saysImmigrantsMakeBetter',
    byPrior: { arm: 'fact', indicator: 'overestimatesMigrantShare' },
  },
});

/** A "#MigrationMeans"-style campaign in Germany, Sweden, the Netherlands and Finland. */
export const migrationMeans = defineCampaign({
  id: 'migration-means',
  name: t('#MigrationMeans', '#MigrationMeans', '#MigrationMeans', '#MigrationMeans'),
  description: t(
    'A multi-country social-media campaign in Germany, Sweden, the Netherlands and Finland on what migration means to people.',
    'Une campagne multi-pays sur les réseaux sociaux en Allemagne, en Suède, aux Pays-Bas et en Finlande sur ce que la migration signifie pour les gens.',
    'Una campaña multinacional en redes sociales en Alemania, Suecia, los Países Bajos y Finlandia sobre lo que la migración significa para las personas.',
    'حملة متعددة البلدان على وسائل التواصل الاجتماعي في ألمانيا والسويد وهولندا وفنلندا حول ما تعنيه الهجرة للناس.',
  ),
  where: { countries: ['DEU', 'SWE', 'NLD', 'FIN'] },
  when: { start: '2024-10-01', end: '2025-09-30' },
  channels: ['social_media', 'news_websites'],
  messages: [
    {
      id: 'hashtag',
      slogan: slogan('“#MigrationMeans”'),
      recall: { question: 'SLOGAN_SEEN', item: 'MIGRATION_MEANS' },
    },
  ],
  aims: [{ indicator: 'wantsDecrease', direction: 'decrease', by: 3 }],
  // Western, Southern, Northern and Eastern European countries without the campaign, each weighted
  // alike so that France and Spain do not outweigh Iceland and Malta (docs/demo.md).
  comparison: { countries: ['FRA', 'ESP', 'ISL', 'MLT', 'POL'], weighting: 'equal' },
  exposure: { ...exposure, unaided: { question: 'CAMPAIGN_UNAIDED', keywords: ['migrationmeans', 'migration means'] } },
});

export const campaigns = [iAmAMigrantToo, migrationMeans];
