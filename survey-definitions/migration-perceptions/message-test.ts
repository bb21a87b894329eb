/**
 * The message experiment (instrument version 3): after the tracking questions, each respondent is
 * assigned at random — balanced within their country — to read a migrant's story, a fact about
 * the real share of migrants, or no message; the outcome question follows on the next page.
 * This is how a campaign team tests a story against a fact before spending on either.
 */
import type { QuestionInput } from '../../src/instrument/index.ts';
import { t } from './questions.ts';

export const MSG_STORY = {
  kind: 'info',
  code: 'MSG_STORY',
  text: t(
    'Amara came to this country twelve years ago. She is a nurse: today she runs the night shift on a children’s ward and trains the nurses who join it. “This is my home now,” she says.',
    'Amara est arrivée dans ce pays il y a douze ans. Elle est infirmière : aujourd’hui, elle dirige l’équipe de nuit d’un service de pédiatrie et forme les infirmières qui la rejoignent. « C’est ici chez moi, maintenant », dit-elle.',
    'Amara llegó a este país hace doce años. Es enfermera: hoy dirige el turno de noche de una sala infantil y forma a las enfermeras que se incorporan. «Este es mi hogar ahora», dice.',
    'وصلت أمارا إلى هذا البلد قبل اثني عشر عامًا. وهي ممرضة تدير اليوم المناوبة الليلية في جناح للأطفال وتدرّب الممرضات الجدد. تقول: «هذا بيتي الآن».',
  ),
} satisfies QuestionInput;

export const MSG_FACT = {
  kind: 'info',
  code: 'MSG_FACT',
  text: t(
    'A fact: about 3.7% of the world’s people — 304 million — live in a country other than the one where they were born (United Nations, 2024).',
    'Un fait : environ 3,7 % des habitants du monde — 304 millions de personnes — vivent dans un autre pays que celui où ils sont nés (Nations unies, 2024).',
    'Un dato: alrededor del 3,7 % de las personas del mundo —304 millones— viven en un país distinto de aquel en el que nacieron (Naciones Unidas, 2024).',
    'حقيقة: نحو 3.7% من سكان العالم — 304 ملايين شخص — يعيشون في بلد غير الذي وُلدوا فيه (الأمم المتحدة، 2024).',
  ),
} satisfies QuestionInput;

/** The experiment's outcome, asked of every arm on the page after the message. */
export const MSG_BETTER_PLACE = {
  kind: 'single',
  code: 'MSG_BETTER_PLACE',
  text: t(
    'Overall, do immigrants make this country a better or a worse place to live, or do they make no difference?',
    'Dans l’ensemble, les immigrés rendent-ils ce pays plus agréable ou moins agréable à vivre, ou cela ne change-t-il rien ?',
    'En general, ¿los inmigrantes hacen de este país un lugar mejor o peor para vivir, o no hacen ninguna diferencia?',
    'بشكل عام، هل يجعل المهاجرون هذا البلد مكانًا أفضل أم أسوأ للعيش، أم أنهم لا يُحدثون فرقًا؟',
  ),
  options: [
    { code: 'better', label: t('A better place', 'Plus agréable', 'Un lugar mejor', 'مكانًا أفضل'), value: 1 },
    {
      code: 'no_difference',
      label: t('No difference', 'Cela ne change rien', 'No hacen diferencia', 'لا فرق'),
      value: 0,
    },
    { code: 'worse', label: t('A worse place', 'Moins agréable', 'Un lugar peor', 'مكانًا أسوأ'), value: -1 },
  ],
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const messageExperiment = {
  code: 'MSG_ARM',
  label: t(
    'Message test: a migrant’s story, a fact, or no message',
    'Test de message : le récit d’une migrante, un fait, ou aucun message',
    'Prueba de mensaje: la historia de una migrante, un dato o ningún mensaje',
    'اختبار الرسالة: قصة مهاجرة أو حقيقة أو لا رسالة',
  ),
  arms: [
    {
      code: 'story',
      label: t('A migrant’s story', 'Le récit d’une migrante', 'La historia de una migrante', 'قصة مهاجرة'),
      questions: ['MSG_STORY'],
    },
    {
      code: 'fact',
      label: t(
        'The real share of migrants',
        'La part réelle des migrants',
        'La proporción real de migrantes',
        'النسبة الحقيقية للمهاجرين',
      ),
      questions: ['MSG_FACT'],
    },
    { code: 'control', label: t('No message', 'Aucun message', 'Ningún mensaje', 'لا رسالة'), questions: [] },
  ],
  control: 'control',
  stratifyBy: 'COUNTRY',
  seed: 'migration-perceptions/message-test/1',
};
