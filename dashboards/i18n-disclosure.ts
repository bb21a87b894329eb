/**
 * The methodology page's section on the two thresholds (reliability and disclosure), in the
 * dashboards' languages, as templates with `{name}` slots filled with formatted numbers.
 */
import type { Study } from '../src/instrument/index.ts';
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { html, type Html } from '../src/html.ts';
import { countOf, w, type UiLanguage } from './i18n.ts';
import { formatValue } from './format.ts';

const words = {
  lowReliability: w('Low reliability', 'Fiabilité faible', 'Baja fiabilidad', 'موثوقية منخفضة'),
  heading: w(
    'Reliability and disclosure: two thresholds',
    'Fiabilité et confidentialité : deux seuils',
    'Fiabilidad y confidencialidad: dos umbrales',
    'الموثوقية وعدم الإفصاح: عتبتان',
  ),
  reliabilityWithhold: w(
    'Reliability protects readers from noise: an estimate based on fewer than {n} unweighted respondents is withheld (“Suppressed (too few respondents)”).',
    'La fiabilité protège les lecteurs du bruit : une estimation fondée sur moins de {respondents} (non pondérés) est masquée (« Masqué (trop peu de répondants) »).',
    'La fiabilidad protege a los lectores del ruido: una estimación basada en menos de {respondents} (sin ponderar) se suprime («Suprimido (muy pocos encuestados)»).',
    'تحمي الموثوقيةُ القرّاءَ من التشويش: يُحجب كل تقدير يستند إلى أقل من {respondents} (غير مرجّح) («محجوب (عدد قليل جدًا من المستجيبين)»).',
  ),
  reliabilityFlag: w(
    'Reliability protects readers from noise: an estimate based on fewer than {n} unweighted respondents is published marked “low reliability”.',
    'La fiabilité protège les lecteurs du bruit : une estimation fondée sur moins de {respondents} (non pondérés) est publiée avec la mention « fiabilité faible ».',
    'La fiabilidad protege a los lectores del ruido: una estimación basada en menos de {respondents} (sin ponderar) se publica marcada como «baja fiabilidad».',
    'تحمي الموثوقيةُ القرّاءَ من التشويش: يُنشر كل تقدير يستند إلى أقل من {respondents} (غير مرجّح) مع وسمه «موثوقية منخفضة».',
  ),
  disclosure: w(
    'Disclosure protects what is withheld: a region is the weighted mean of its countries and all adults the weighted mean of their subgroups, so publishing the rest would give a withheld value away. Further cells are therefore withheld (“Withheld to protect another cell”), as few and as far from the headline figures as possible, chosen so that whatever a reader combines from everything published, each value withheld for too few respondents could lie anywhere in an interval at least {width} of the scale wide that reaches {half} either side of it (for shares, percentage points). Before a weighting run is published, an auditor computes these intervals by linear programming; a run that would give a value away is not published. The number of respondents of a withheld cell is shown: it says why the cell is withheld and does not narrow the interval.',
    'La confidentialité protège ce qui est masqué : une région est la moyenne pondérée de ses pays et l’ensemble des adultes celle de leurs sous-groupes, si bien que publier le reste révélerait une valeur masquée. D’autres cases sont donc masquées (« Masqué pour protéger une autre case »), aussi peu nombreuses et aussi loin des chiffres principaux que possible, choisies pour que, quoi qu’un lecteur combine à partir de tout ce qui est publié, chaque valeur masquée faute de répondants puisse se trouver n’importe où dans un intervalle d’au moins {width} de l’échelle, qui s’étend de {half} de part et d’autre (pour les parts, en points de pourcentage). Avant la publication d’une pondération, un auditeur calcule ces intervalles par programmation linéaire ; une pondération qui révélerait une valeur n’est pas publiée. Le nombre de répondants d’une case masquée est indiqué : il explique le masquage et ne resserre pas l’intervalle.',
    'La confidencialidad protege lo suprimido: una región es la media ponderada de sus países y el total de adultos la de sus subgrupos, de modo que publicar el resto revelaría un valor suprimido. Por eso se suprimen otras celdas («Suprimido para proteger otra celda»), las menos posibles y lo más lejos posible de las cifras principales, elegidas para que, combine lo que combine un lector a partir de todo lo publicado, cada valor suprimido por falta de encuestados pueda estar en cualquier punto de un intervalo de al menos {width} de la escala que se extiende {half} a cada lado (para proporciones, puntos porcentuales). Antes de publicar una ponderación, un auditor calcula estos intervalos por programación lineal; una ponderación que revelaría un valor no se publica. Se muestra el número de encuestados de una celda suprimida: explica por qué se suprime y no estrecha el intervalo.',
    'يحمي عدمُ الإفصاح ما حُجب: فالمنطقة هي المتوسط المرجّح لبلدانها، ومجموع البالغين هو المتوسط المرجّح لفئاتهم الفرعية، فنشر الباقي قد يكشف قيمة محجوبة. لذلك تُحجب خانات أخرى («محجوب لحماية خانة أخرى») بأقل عدد ممكن وأبعد ما يمكن عن الأرقام الرئيسية، تُختار بحيث تبقى كل قيمة محجوبة لقلة المستجيبين، مهما جمع القارئ مما نُشر، ممكنةً في أي موضع من مجال لا يقل عرضه عن {width} من المقياس ويمتد {half} على جانبيها (بالنقاط المئوية للنِّسب). وقبل نشر أي ترجيح يحسب مدقِّقٌ هذه المجالات بالبرمجة الخطية، ولا يُنشر ترجيح قد يكشف قيمة. ويُعرض عدد المستجيبين في الخانة المحجوبة: فهو يبيّن سبب الحجب ولا يضيّق المجال.',
  ),
};

export type DisclosureWord = keyof typeof words;

/** A word of this file in `lang`, its `{slots}` filled with `vars`. */
export function sayDisclosure(lang: UiLanguage, key: DisclosureWord, vars: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], vars);
}

/** The methodology page's section on reliability and disclosure, from the study's thresholds. */
export function disclosureSection(lang: UiLanguage, study: Study): Html {
  const { halfWidth, minWidth } = study.disclosure.protection;
  const reliability = sayDisclosure(lang, study.lowReliability === 'flag' ? 'reliabilityFlag' : 'reliabilityWithhold', {
    n: study.minimumN,
    respondents: countOf(lang, 'respondents', study.minimumN),
  });
  const disclosure = sayDisclosure(lang, 'disclosure', {
    width: formatValue(lang, 'share', minWidth),
    half: formatValue(lang, 'share', halfWidth),
  });
  return html`<section aria-labelledby="m-disclosure"><h2 id="m-disclosure">${sayDisclosure(lang, 'heading')}</h2><p>${reliability}</p><p>${disclosure}</p></section>`;
}
