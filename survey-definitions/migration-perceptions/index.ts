/**
 * Migration perceptions: an IOM/Gallup-style tracker of how adults see immigration, across
 * 51 countries in all seven world regions, fielded in 2022, 2024 and 2026 (2028 planned) in
 * English, French, Spanish and Arabic; from 2028 it also sets adults' estimate of the share of
 * people born abroad beside the official figure (references.ts).
 */
import { defineStudy } from '../../src/instrument/index.ts';
import { campaigns } from './campaigns.ts';
import { indicators } from './indicators.ts';
import { instrumentV1, instrumentV2, instrumentV3, instrumentV4 } from './instrument.ts';
import { references } from './references.ts';
import { respondentInformation } from './respondent-information.ts';
import { t } from './questions.ts';
import { waves, weightingVariables } from './waves.ts';

export default defineStudy({
  id: 'migration-perceptions',
  title: t('Migration perceptions', "Perceptions de l'immigration", 'Percepciones sobre la migración', 'تصورات الهجرة'),
  description: t(
    'Tracks, country by country and wave by wave, whether adults want immigration kept, increased or decreased, how accepting they are of migrants (Migrant Acceptance Index), and whether they noticed campaigns about migrants’ contributions.',
    'Suit, pays par pays et vague après vague, si les adultes souhaitent maintenir, augmenter ou diminuer l’immigration, leur degré d’acceptation des migrants et leur exposition aux campagnes sur les contributions des migrants.',
    'Sigue, país por país y ola tras ola, si los adultos quieren mantener, aumentar o disminuir la inmigración, cuánto aceptan a los migrantes y si notaron campañas sobre sus contribuciones.',
    'يتتبع، بلدًا بلدًا وموجة بعد موجة، ما إذا كان البالغون يريدون إبقاء الهجرة أو زيادتها أو خفضها، ومدى تقبّلهم للمهاجرين، وما إذا لاحظوا حملات حول مساهمات المهاجرين.',
  ),
  instruments: [instrumentV1, instrumentV2, instrumentV3, instrumentV4],
  indicators,
  weightingVariables,
  waves,
  countryQuestion: 'COUNTRY',
  // Reliability: estimates on fewer than 50 respondents are withheld.
  minimumN: 50,
  lowReliability: 'withhold',
  // Disclosure: no withheld value may be narrowed below ±10 points (an interval at least 20 points wide).
  disclosure: { protection: { halfWidth: 0.1, minWidth: 0.2 } },
  campaigns,
  references,
  respondentInformation,
  sameInAllLanguages: [
    {
      question: 'SLOGAN_SEEN',
      reason: 'the slogans as the campaigns ran them, in their original wording (aided recall)',
    },
  ],
});
