/**
 * Indicators of the study. Every base is stated: "don't know" is counted in the base of the
 * MIG_LEVEL shares (as in Gallup's published "% of all adults"), refused is excluded.
 */
import { defineIndicator } from '../../src/instrument/index.ts';
import { t } from './questions.ts';

const migLevelBase = { dontKnow: 'included', refused: 'excluded' } as const;

export const wantsDecrease = defineIndicator({
  kind: 'share',
  id: 'wantsDecrease',
  label: t(
    'Want immigration decreased',
    "Souhaitent une baisse de l'immigration",
    'Quieren que la inmigración disminuya',
    'يريدون خفض الهجرة',
  ),
  question: 'MIG_LEVEL',
  options: ['decreased'],
  base: migLevelBase,
  by: ['CAMPAIGN_SEEN'],
});

export const wantsIncrease = defineIndicator({
  kind: 'share',
  id: 'wantsIncrease',
  label: t(
    'Want immigration increased',
    "Souhaitent une hausse de l'immigration",
    'Quieren que la inmigración aumente',
    'يريدون زيادة الهجرة',
  ),
  question: 'MIG_LEVEL',
  options: ['increased'],
  base: migLevelBase,
});

export const wantsKept = defineIndicator({
  kind: 'share',
  id: 'wantsKept',
  label: t(
    'Want immigration kept at its present level',
    "Souhaitent maintenir l'immigration à son niveau actuel",
    'Quieren mantener la inmigración en su nivel actual',
    'يريدون إبقاء الهجرة عند مستواها الحالي',
  ),
  question: 'MIG_LEVEL',
  options: ['present_level'],
  base: migLevelBase,
});

const maiScores = { good: 3, depends: 1, dont_know: 1, bad: 0 };

/** Migrant Acceptance Index: good = 3, depends / don't know = 1, bad = 0, summed (0–9); refused on any item excludes. */
export const migrantAcceptanceIndex = defineIndicator({
  kind: 'index',
  id: 'migrantAcceptanceIndex',
  label: t(
    'Migrant Acceptance Index (0–9)',
    "Indice d'acceptation des migrants (0–9)",
    'Índice de aceptación de los migrantes (0–9)',
    'مؤشر تقبّل المهاجرين (0–9)',
  ),
  items: [
    { question: 'MAI_LIVE', scores: maiScores },
    { question: 'MAI_NEIGHBOR', scores: maiScores },
    { question: 'MAI_MARRY', scores: maiScores },
  ],
  combine: 'sum',
  range: { min: 0, max: 9 },
  by: ['CAMPAIGN_SEEN'],
});

/** Campaign awareness: "don't know" counted in the base (not aware), refused excluded. Instrument v2 onwards. */
export const campaignAware = defineIndicator({
  kind: 'share',
  id: 'campaignAware',
  label: t(
    'Aware of a campaign about migrants’ contributions',
    'Ont eu connaissance d’une campagne sur les contributions des migrants',
    'Conocen una campaña sobre las contribuciones de los migrantes',
    'على علم بحملة حول مساهمات المهاجرين',
  ),
  question: 'CAMPAIGN_SEEN',
  options: ['yes'],
  base: { dontKnow: 'included', refused: 'excluded' },
});

/** The message experiment's outcome: immigrants make the country a better place. "Don't know" in the base, refused excluded. Instrument v3 onwards. */
export const saysImmigrantsMakeBetter = defineIndicator({
  kind: 'share',
  id: 'saysImmigrantsMakeBetter',
  label: t(
    'Say immigrants make the country a better place to live',
    'Estiment que les immigrés rendent le pays plus agréable à vivre',
    'Dicen que los inmigrantes hacen del país un lugar mejor para vivir',
    'يرون أن المهاجرين يجعلون البلد مكانًا أفضل للعيش',
  ),
  question: 'MSG_BETTER_PLACE',
  options: ['better'],
  base: { dontKnow: 'included', refused: 'excluded' },
});

/** The perception question (instrument v4 onwards): how many of 100 people adults think were born abroad. Don't know and refused excluded. */
export const perceivedMigrantShare = defineIndicator({
  kind: 'mean',
  id: 'perceivedMigrantShare',
  label: t(
    'Perceived share of people born abroad (out of 100)',
    'Part perçue des personnes nées à l’étranger (sur 100)',
    'Proporción percibida de personas nacidas en el extranjero (de cada 100)',
    'النسبة المتصوَّرة للمولودين في الخارج (من كل 100)',
  ),
  question: 'MIG_SHARE_GUESS',
});

/** The misperception gap: perceived − the official foreign-born share of the country (points; the figure treated as known). */
export const migrantShareGap = defineIndicator({
  kind: 'gap',
  id: 'migrantShareGap',
  label: t(
    'Misperception gap: perceived minus actual share born abroad (points)',
    'Écart de perception : part perçue moins part réelle des personnes nées à l’étranger (points)',
    'Brecha de percepción: proporción percibida menos real de nacidos en el extranjero (puntos)',
    'فجوة التصور: النسبة المتصوَّرة ناقص النسبة الفعلية للمولودين في الخارج (نقاط)',
  ),
  question: 'MIG_SHARE_GUESS',
  reference: 'foreignBornShare',
});

/** Adults whose estimate exceeds the official foreign-born share by more than 10 points. */
export const overestimatesMigrantShare = defineIndicator({
  kind: 'overestimate',
  id: 'overestimatesMigrantShare',
  label: t(
    'Overestimate the share born abroad by more than 10 points',
    'Surestiment de plus de 10 points la part des personnes nées à l’étranger',
    'Sobrestiman en más de 10 puntos la proporción de nacidos en el extranjero',
    'يبالغون في تقدير نسبة المولودين في الخارج بأكثر من 10 نقاط',
  ),
  question: 'MIG_SHARE_GUESS',
  reference: 'foreignBornShare',
  margin: 10,
});

export const indicators = [
  wantsDecrease,
  wantsIncrease,
  wantsKept,
  migrantAcceptanceIndex,
  campaignAware,
  saysImmigrantsMakeBetter,
  perceivedMigrantShare,
  migrantShareGap,
  overestimatesMigrantShare,
];
