/**
 * The instrument versions of the study.
 * - v1 (fielded 2022): attitudes, acceptance, contact, demographics.
 * - v2 (fielded 2024): v1 plus the campaign-evaluation items CAMPAIGN_SEEN and
 *   CAMPAIGN_WHERE. The questions shared with v1 are unchanged, so their fingerprints (and
 *   trends) carry over.
 * - v3 (fielded 2026): v2 plus the exposure measures of the campaigns (unaided recall, aided
 *   recall of each slogan with a fictitious one, where the slogans were seen; exposure.ts) and
 *   the message experiment with its outcome question (message-test.ts), both after the tracking
 *   questions so they cannot colour them. The questions shared with v2 are unchanged.
 * - v4 (fielded from 2028): v3 plus the perception question MIG_SHARE_GUESS (perception.ts),
 *   asked right after the demographics — before any question about immigration and before the
 *   message experiment, so nothing in the survey can prime it. The questions shared with v3 are
 *   unchanged.
 */
import { defineInstrument, type Condition, type InstrumentInput } from '../../src/instrument/index.ts';
import * as E from './exposure.ts';
import * as M from './message-test.ts';
import { COUNTRY_V4, REGION_V4 } from './location-v4.ts';
import { perceptionBlock } from './perception.ts';
import * as Q from './questions.ts';

const { t, CONSENTED } = Q;

const common = {
  id: 'migration-perceptions',
  title: t('Migration perceptions', "Perceptions de l'immigration", 'Percepciones sobre la migración', 'تصورات الهجرة'),
  description: t(
    'How adults see immigration, migrants in their own lives, and campaigns about migrants’ contributions.',
    'Comment les adultes perçoivent l’immigration, les migrants dans leur propre vie et les campagnes sur les contributions des migrants.',
    'Cómo ven los adultos la inmigración, a los migrantes en su propia vida y las campañas sobre las contribuciones de los migrantes.',
    'كيف ينظر البالغون إلى الهجرة وإلى المهاجرين في حياتهم وإلى الحملات حول مساهمات المهاجرين.',
  ),
  languages: [
    { code: 'en', name: 'English', dir: 'ltr' },
    { code: 'fr', name: 'Français', dir: 'ltr' },
    { code: 'es', name: 'Español', dir: 'ltr' },
    { code: 'ar', name: 'العربية', dir: 'rtl' },
  ],
  missingLabels: {
    dont_know: t("Don't know", 'Ne sait pas', 'No sabe', 'لا أعرف'),
    refused: t('Prefer not to answer', 'Préfère ne pas répondre', 'Prefiere no responder', 'أفضّل عدم الإجابة'),
  },
} satisfies Partial<InstrumentInput>;

const intro = {
  id: 'intro',
  title: t('About this survey', 'À propos de cette enquête', 'Acerca de esta encuesta', 'حول هذا الاستطلاع'),
  questions: [Q.CONSENT],
};
const location = {
  id: 'location',
  title: t('Where you live', 'Où vous vivez', 'Dónde vive', 'مكان إقامتك'),
  showIf: CONSENTED,
  questions: [Q.COUNTRY],
};
const aboutYou = {
  id: 'about_you',
  title: t('About you', 'À propos de vous', 'Sobre usted', 'عنك'),
  showIf: CONSENTED,
  questions: [Q.REGION, Q.AGE, Q.SEX],
};
const immigration = {
  id: 'immigration',
  title: t('Immigration', 'Immigration', 'Inmigración', 'الهجرة'),
  showIf: CONSENTED,
  questions: [Q.MIG_LEVEL, Q.MIG_JOBS],
};
const acceptance = {
  id: 'acceptance',
  title: t(
    'Immigrants in your life',
    'Les immigrés dans votre vie',
    'Los inmigrantes en su vida',
    'المهاجرون في حياتك',
  ),
  showIf: CONSENTED,
  randomizeQuestions: true,
  questions: [Q.MAI_LIVE, Q.MAI_NEIGHBOR, Q.MAI_MARRY],
};
const background = {
  id: 'background',
  title: t('Education and work', 'Études et travail', 'Estudios y trabajo', 'التعليم والعمل'),
  showIf: CONSENTED,
  questions: [Q.EDUCATION, Q.EMPLOYMENT],
};
const end = { id: 'end', title: t('Thank you', 'Merci', 'Gracias', 'شكرًا'), questions: [Q.THANKS] };
const contactTitle = t(
  'Contact and information',
  'Contacts et information',
  'Contacto e información',
  'التواصل والمعلومات',
);

/** Version 1, fielded in 2022. */
export const instrumentV1 = defineInstrument({
  ...common,
  version: '1',
  blocks: [
    intro,
    location,
    aboutYou,
    immigration,
    acceptance,
    { id: 'contact', title: contactTitle, showIf: CONSENTED, questions: [Q.KNOWS_MIGRANTS] },
    background,
    end,
  ],
});

const contactV2 = {
  id: 'contact',
  title: contactTitle,
  showIf: CONSENTED,
  questions: [Q.KNOWS_MIGRANTS, Q.CAMPAIGN_SEEN],
};
const campaignTitle = t('The campaign', 'La campagne', 'La campaña', 'الحملة');
const sawCampaign: Condition = {
  op: 'all',
  conditions: [CONSENTED, { op: 'equals', question: 'CAMPAIGN_SEEN', value: 'yes' }],
};

/** Version 2, fielded in 2024: adds the campaign-evaluation items. */
export const instrumentV2 = defineInstrument({
  ...common,
  version: '2',
  blocks: [
    intro,
    location,
    aboutYou,
    immigration,
    acceptance,
    contactV2,
    { id: 'campaign', title: campaignTitle, showIf: sawCampaign, questions: [Q.CAMPAIGN_WHERE] },
    background,
    end,
  ],
});

const v3Tracking = [immigration, acceptance, contactV2] as const;

/** Version 3, fielded from 2026: adds the campaigns' exposure measures and the message experiment. */
export const instrumentV3 = defineInstrument({
  ...common,
  version: '3',
  blocks: [intro, location, aboutYou, ...v3Tracking, ...v3Rest()],
});

/**
 * Version 4, fielded from 2028: adds the perception question before everything about immigration;
 * COUNTRY offers "another country" and "Prefer not to answer", REGION is translated (location-v4.ts).
 */
export const instrumentV4 = defineInstrument({
  ...common,
  version: '4',
  blocks: [
    intro,
    { ...location, questions: [COUNTRY_V4] },
    { ...aboutYou, questions: [REGION_V4, Q.AGE, Q.SEX] },
    perceptionBlock,
    ...v3Tracking,
    ...v3Rest(true),
  ],
});

/**
 * The blocks of v3 after its tracking questions: campaign exposure, background, the message
 * experiment. From v4 (`refusable`) the exposure questions that lacked it offer "Prefer not to
 * answer", as the consent text promises of every question.
 */
function v3Rest(refusable = false) {
  const unaided = refusable ? { ...E.CAMPAIGN_UNAIDED, missing: ['refused' as const] } : E.CAMPAIGN_UNAIDED;
  const where = refusable
    ? { ...Q.CAMPAIGN_WHERE, missing: ['dont_know' as const, 'refused' as const] }
    : Q.CAMPAIGN_WHERE;
  const sloganWhere = refusable
    ? { ...E.SLOGAN_WHERE, missing: ['dont_know' as const, 'refused' as const] }
    : E.SLOGAN_WHERE;
  return [
    {
      id: 'campaign',
      title: campaignTitle,
      showIf: sawCampaign,
      questions: [unaided, where],
    },
    {
      id: 'slogans',
      title: t('Slogans', 'Slogans', 'Eslóganes', 'الشعارات'),
      showIf: CONSENTED,
      questions: [E.SLOGAN_SEEN, sloganWhere],
    },
    background,
    {
      id: 'message',
      title: t(
        'Before the last question',
        'Avant la dernière question',
        'Antes de la última pregunta',
        'قبل السؤال الأخير',
      ),
      showIf: CONSENTED,
      experiment: M.messageExperiment,
      questions: [M.MSG_STORY, M.MSG_FACT],
    },
    {
      id: 'message_outcome',
      title: t('One last question', 'Une dernière question', 'Una última pregunta', 'سؤال أخير'),
      showIf: CONSENTED,
      questions: [M.MSG_BETTER_PLACE],
    },
    end,
  ];
}
