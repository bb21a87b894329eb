/**
 * The campaign page's words for the fact message by prior overestimation (page-campaign-fact.ts),
 * in the dashboards' languages, with `{name}` slots.
 */
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { w, type UiLanguage, type Words } from './i18n.ts';

const words = {
  title: w(
    'The facts as a message: for those who overestimated, and for those who did not',
    'Les faits comme message : pour ceux qui surestimaient, et pour les autres',
    'Los datos como mensaje: para quienes sobrestimaban y para quienes no',
    'الحقائق رسالةً: لمن بالغوا في التقدير ولمن لم يبالغوا',
  ),
  why: w(
    'The question on how many people were born abroad is asked before the message, so the message cannot change that answer: its effect on the misperception gap itself is not estimated. What the design allows is the effect of “{arm}” against “{control}” on “{outcome}”, separately for those who, before the message, overestimated the share born abroad by more than {margin} points and for those who did not, and the difference between the two.',
    'La question sur le nombre de personnes nées à l’étranger est posée avant le message : le message ne peut donc pas modifier cette réponse, et son effet sur l’écart de perception lui-même n’est pas estimé. Ce que le dispositif permet, c’est l’effet de « {arm} » par rapport à « {control} » sur « {outcome} », séparément pour ceux qui, avant le message, surestimaient de plus de {margin} points la part des personnes nées à l’étranger et pour les autres, ainsi que la différence entre les deux.',
    'La pregunta sobre cuántas personas nacieron en el extranjero se hace antes del mensaje, así que el mensaje no puede cambiar esa respuesta: su efecto sobre la brecha de percepción en sí no se estima. Lo que el diseño permite es el efecto de «{arm}» frente a «{control}» sobre «{outcome}», por separado para quienes, antes del mensaje, sobrestimaban en más de {margin} puntos la proporción de nacidos en el extranjero y para quienes no, y la diferencia entre ambos.',
    'يُطرح سؤال عدد المولودين في الخارج قبل الرسالة، فلا يمكن للرسالة أن تغيّر تلك الإجابة، ولذلك لا يُقدَّر أثرها في فجوة التصور نفسها. ما يتيحه التصميم هو أثر «{arm}» مقابل «{control}» في «{outcome}»، منفصلًا لمن بالغوا قبل الرسالة في تقدير نسبة المولودين في الخارج بأكثر من \u2066{margin}\u2069 نقاط ولمن لم يبالغوا، والفرق بين الأثرين.',
  ),
  notYet: w(
    'Not yet: the {year} wave, the first to ask both the perception question and the message experiment, has not been fielded.',
    'Pas encore : la vague {year}, la première à poser à la fois la question de perception et l’expérience de messages, n’a pas été menée.',
    'Todavía no: la oleada {year}, la primera que incluye a la vez la pregunta de percepción y el experimento de mensajes, no se ha realizado.',
    'ليس بعد: لم تُجرَ موجة {year}، وهي الأولى التي تطرح سؤال التصور وتجربة الرسائل معًا.',
  ),
  notAsked: w(
    'Not available: no wave after the campaign asks both the perception question and the message experiment.',
    'Indisponible : aucune vague après la campagne ne pose à la fois la question de perception et l’expérience de messages.',
    'No disponible: ninguna oleada posterior a la campaña incluye a la vez la pregunta de percepción y el experimento de mensajes.',
    'غير متاح: لا توجد موجة بعد الحملة تطرح سؤال التصور وتجربة الرسائل معًا.',
  ),
  chartTitle: w(
    '“{arm}” against “{control}”, by what people believed before the message (points)',
    '« {arm} » par rapport à « {control} », selon ce que les gens pensaient avant le message (points)',
    '«{arm}» frente a «{control}», según lo que se creía antes del mensaje (puntos)',
    '«{arm}» مقابل «{control}» بحسب ما كان الناس يعتقدونه قبل الرسالة (نقاط)',
  ),
  over: w(
    'Overestimated by more than {margin} points',
    'Surestimaient de plus de {margin} points',
    'Sobrestimaban en más de {margin} puntos',
    'بالغوا بأكثر من \u2066{margin}\u2069 نقاط',
  ),
  notOver: w('Did not', 'Les autres', 'Los demás', 'لم يبالغوا'),
  difference: w(
    'Difference between the two effects',
    'Différence entre les deux effets',
    'Diferencia entre los dos efectos',
    'الفرق بين الأثرين',
  ),
  mde: w(
    'Smallest effect this sample could detect (80% power, 5% two-sided): {over} points among those who overestimated, {not} among the others, {diff} for the difference.',
    'Plus petit effet détectable avec cet échantillon (puissance 80 %, test bilatéral à 5 %) : {over} points chez ceux qui surestimaient, {not} chez les autres, {diff} pour la différence.',
    'Menor efecto detectable con esta muestra (potencia del 80 %, prueba bilateral al 5 %): {over} puntos entre quienes sobrestimaban, {not} entre los demás, {diff} para la diferencia.',
    'أصغر أثر يمكن لهذه العينة رصده (قوة 80%، اختبار ثنائي عند 5%): \u2066{over}\u2069 نقطة لدى من بالغوا، و\u2066{not}\u2069 لدى الآخرين، و\u2066{diff}\u2069 للفرق.',
  ),
  waves: w('Measured in: {waves}.', 'Mesuré dans : {waves}.', 'Medido en: {waves}.', 'قيس في: {waves}.'),
} satisfies Record<string, Words>;

export type FactWord = keyof typeof words;

/** A word of the fact block in `lang`, its `{slots}` filled with `vars`. */
export function sayFact(lang: UiLanguage, key: FactWord, vars: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], vars);
}
