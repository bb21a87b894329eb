/**
 * Campaign exposure measures (instrument version 3), in the order the advertising-research canon
 * asks them: unaided recall first (what people remember before any slogan is shown), then aided
 * recall of each slogan from a list in random order that includes a slogan that never ran (its
 * "yes" rate is false recall: people who say they saw it measure how much recall is guessing),
 * then where the slogans were seen.
 */
import { sameInAll, type QuestionInput } from '../../src/instrument/index.ts';
import { LANGUAGES } from './countries.ts';
import { MEDIA_OPTIONS, SOMEWHERE_ELSE, t } from './questions.ts';

/** Unaided recall: asked to those who say they saw a campaign about migrants (CAMPAIGN_SEEN = yes), before any slogan is shown. */
export const CAMPAIGN_UNAIDED = {
  kind: 'text',
  code: 'CAMPAIGN_UNAIDED',
  text: t(
    'What do you remember about it? Please describe what it said or showed, or its slogan, in your own words.',
    'De quoi vous souvenez-vous ? Décrivez avec vos propres mots ce qu’elle disait ou montrait, ou son slogan.',
    '¿Qué recuerda de ella? Describa con sus propias palabras lo que decía o mostraba, o su eslogan.',
    'ماذا تتذكر عنها؟ يُرجى أن تصف بكلماتك ما قالته أو عرضته، أو شعارها.',
  ),
  maxLength: 500,
  multiline: true,
  required: false,
} satisfies QuestionInput;

/** The slogans as they ran, shown in their original wording in every language. */
const slogan = (s: string) => sameInAll(LANGUAGES, s);

/**
 * Aided recall, one item per slogan, in random order. `OPEN_HANDS` is fictitious: it never ran
 * anywhere, so saying one has seen it is false recall.
 */
export const SLOGAN_SEEN = {
  kind: 'grid',
  code: 'SLOGAN_SEEN',
  text: t(
    'In the past 12 months, have you seen or heard each of these slogans?',
    'Au cours des 12 derniers mois, avez-vous vu ou entendu chacun de ces slogans ?',
    'En los últimos 12 meses, ¿ha visto u oído cada uno de estos eslóganes?',
    'خلال الاثني عشر شهرًا الماضية، هل رأيت أو سمعت كلًّا من هذه الشعارات؟',
  ),
  items: [
    { code: 'I_AM_A_MIGRANT_TOO', label: slogan('“I Am a Migrant Too”') },
    { code: 'MIGRATION_MEANS', label: slogan('“#MigrationMeans”') },
    { code: 'OPEN_HANDS', label: slogan('“Open Hands, Open Homes”') },
  ],
  scale: [
    { code: 'yes', label: t('Yes, I have', 'Oui', 'Sí', 'نعم'), value: 1 },
    { code: 'no', label: t('No, I have not', 'Non', 'No', 'لا'), value: 0 },
    { code: 'not_sure', label: t('Not sure', 'Je ne suis pas sûr(e)', 'No estoy seguro/a', 'لست متأكدًا') },
  ],
  randomizeItems: true,
  missing: ['refused'],
} satisfies QuestionInput;

/** Where the slogans were seen. */
export const SLOGAN_WHERE = {
  kind: 'multiple',
  code: 'SLOGAN_WHERE',
  text: t(
    'If you have seen or heard any of these slogans, where was it? Select all that apply.',
    'Si vous avez vu ou entendu l’un de ces slogans, où était-ce ? Plusieurs réponses possibles.',
    'Si ha visto u oído alguno de estos eslóganes, ¿dónde fue? Seleccione todas las opciones que correspondan.',
    'إذا كنت قد رأيت أو سمعت أيًّا من هذه الشعارات، فأين كان ذلك؟ اختر كل ما ينطبق.',
  ),
  options: [
    ...MEDIA_OPTIONS,
    {
      code: 'events',
      label: t('An event or meeting', 'Un événement ou une réunion', 'Un evento o reunión', 'فعالية أو اجتماع'),
    },
    SOMEWHERE_ELSE,
    {
      code: 'none',
      label: t('I have not seen any of them', 'Je n’en ai vu aucun', 'No he visto ninguno', 'لم أرَ أيًّا منها'),
      anchor: true,
      exclusive: true,
    },
  ],
  randomize: true,
  minSelections: 1,
  missing: ['dont_know'],
} satisfies QuestionInput;
