/**
 * The perception question (instrument version 4): how many of every 100 people living in the
 * respondent's country they think were born abroad — the question of Alesina, Miano and
 * Stantcheva (2023) and Ipsos's "Perils of Perception", set beside the official figure
 * (./references.ts). It is asked right after the demographics, before any question about
 * immigration and before the message experiment, so nothing the survey says can prime it.
 */
import type { QuestionInput } from '../../src/instrument/index.ts';
import { CONSENTED, t } from './questions.ts';

export const MIG_SHARE_GUESS = {
  kind: 'numeric',
  code: 'MIG_SHARE_GUESS',
  text: t(
    'Out of every 100 people living in {{COUNTRY|your country}}, about how many do you think were born in another country?',
    'Sur 100 personnes vivant dans ce pays ({{COUNTRY|votre pays}}), combien, à votre avis, sont nées dans un autre pays ?',
    'De cada 100 personas que viven en {{COUNTRY|su país}}, ¿cuántas cree que nacieron en otro país?',
    'من بين كل 100 شخص يعيشون في {{COUNTRY|بلدك}}، كم شخصًا تعتقد أنهم وُلدوا في بلد آخر؟',
  ),
  help: t(
    'Your best guess, a whole number from 0 to 100.',
    'Votre meilleure estimation, un nombre entier de 0 à 100.',
    'Su mejor estimación, un número entero del 0 al 100.',
    'أفضل تقدير لديك، عدد صحيح من 0 إلى 100.',
  ),
  unit: t('out of 100', 'sur 100', 'de cada 100', 'من كل 100'),
  integer: true,
  min: 0,
  max: 100,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const perceptionBlock = {
  id: 'perception',
  title: t('Your country', 'Votre pays', 'Su país', 'بلدك'),
  showIf: CONSENTED,
  questions: [MIG_SHARE_GUESS],
};
