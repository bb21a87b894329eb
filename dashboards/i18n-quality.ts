/**
 * The dashboards' words about what is withheld and why (the publication invariants) and about
 * many comparisons (each change tested alone; the Benjamini–Hochberg adjustment), in every
 * dashboard language. Templates carry `{name}` slots filled with numbers already formatted.
 */
import type { SuppressionReason } from '../src/indicators/types.ts';
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { say, w, type UiLanguage, type Words } from './i18n.ts';

const words = {
  varianceNotEstimable: w(
    'variance could not be estimated',
    'variance non estimable',
    'no se pudo estimar la varianza',
    'تعذّر تقدير التباين',
  ),
  notPublished: w(
    'Not published (failed a quality check)',
    'Non publié (contrôle de qualité échoué)',
    'No publicado (no superó un control de calidad)',
    'غير منشور (لم يجتز فحص الجودة)',
  ),
  ci95Short: w('95% CI', 'IC 95 %', 'IC 95 %', 'فترة ثقة 95%'),
  eachTestNote: w(
    'Each change is tested on its own at the 5% level. Across {m} comparisons, about {expected} would be marked significant by chance alone even if nothing had changed.',
    'Chaque évolution est testée isolément au seuil de 5 %. Sur {m} comparaisons, environ {expected} seraient marquées significatives par le seul hasard même si rien n’avait changé.',
    'Cada cambio se prueba por separado al nivel del 5 %. Entre {m} comparaciones, unas {expected} se marcarían como significativas solo por azar aunque nada hubiera cambiado.',
    'يُختبر كل تغير على حدة عند مستوى 5%. ومن بين {m} مقارنة، قد تُعلَّم نحو {expected} منها دالةً إحصائيًا بالصدفة وحدها حتى لو لم يتغير شيء.',
  ),
  adjustedNote: w(
    '“After adjustment”: Benjamini–Hochberg adjusted p-values, which keep the expected share of false discoveries at 5% across the {m} changes of this indicator between these two waves (all countries, regions and the world).',
    '« Après ajustement » : valeurs p ajustées par Benjamini–Hochberg, qui maintiennent à 5 % la part attendue de fausses découvertes parmi les {m} évolutions de cet indicateur entre ces deux vagues (tous les pays, régions et le monde).',
    '«Tras el ajuste»: valores p ajustados por Benjamini–Hochberg, que mantienen en el 5 % la proporción esperada de falsos descubrimientos entre los {m} cambios de este indicador entre estas dos olas (todos los países, regiones y el mundo).',
    '«بعد التعديل»: قيم احتمالية معدَّلة بطريقة بنجاميني–هوكبيرغ، تُبقي النسبة المتوقعة للاكتشافات الخاطئة عند 5% بين {m} تغيرًا لهذا المؤشر بين هاتين الموجتين (كل البلدان والمناطق والعالم).',
  ),
  significantAdjusted: w(
    'significant after adjustment',
    'significatif après ajustement',
    'significativo tras el ajuste',
    'دال بعد التعديل',
  ),
  notSignificantAdjusted: w(
    'not significant after adjustment',
    'non significatif après ajustement',
    'no significativo tras el ajuste',
    'غير دال بعد التعديل',
  ),
  pAdjusted: w(
    'p-value adjusted (Benjamini–Hochberg)',
    'valeur p ajustée (Benjamini–Hochberg)',
    'valor p ajustado (Benjamini–Hochberg)',
    'القيمة الاحتمالية المعدَّلة (بنجاميني–هوكبيرغ)',
  ),
  invariantsTitle: w(
    'What is never published',
    'Ce qui n’est jamais publié',
    'Lo que nunca se publica',
    'ما لا يُنشر أبدًا',
  ),
  invariantsText: w(
    'Every number is checked before it is stored and again before it is shown: a share lies between 0% and 100%; its standard error lies between 0 and 0.5 (for a mean or an index, half the width of its scale); its confidence interval lies inside the scale and contains the estimate; the design effect is a finite number; the effective sample size is at most the number of respondents. An estimate that fails is not published; when only its margin of error fails, the estimate is shown with “variance could not be estimated” and no margin, and no change is computed from it. A share of 0% or 100%, or one whose standard error is 0, gets a Korn–Graubard (exact binomial) interval instead of “± 0.0”.',
    'Chaque nombre est contrôlé avant d’être enregistré puis avant d’être affiché : une part est comprise entre 0 % et 100 % ; son erreur type entre 0 et 0,5 (pour une moyenne ou un indice, la moitié de l’étendue de son échelle) ; son intervalle de confiance est inclus dans l’échelle et contient l’estimation ; l’effet de plan est un nombre fini ; la taille d’échantillon effective ne dépasse pas le nombre de répondants. Une estimation qui échoue n’est pas publiée ; si seule sa marge d’erreur échoue, l’estimation est affichée avec « variance non estimable », sans marge, et aucune évolution n’en est calculée. Une part de 0 % ou 100 %, ou dont l’erreur type est nulle, reçoit un intervalle de Korn–Graubard (binomial exact) au lieu de « ± 0,0 ».',
    'Cada número se comprueba antes de guardarse y de nuevo antes de mostrarse: una proporción está entre 0 % y 100 %; su error estándar entre 0 y 0,5 (para una media o un índice, la mitad del ancho de su escala); su intervalo de confianza está dentro de la escala y contiene la estimación; el efecto de diseño es un número finito; el tamaño de muestra efectivo no supera el número de encuestados. Una estimación que no lo cumple no se publica; si solo falla su margen de error, la estimación se muestra con «no se pudo estimar la varianza», sin margen, y no se calcula ningún cambio a partir de ella. Una proporción de 0 % o 100 %, o con error estándar 0, recibe un intervalo de Korn–Graubard (binomial exacto) en lugar de «± 0,0».',
    'يُفحص كل رقم قبل تخزينه ومرة أخرى قبل عرضه: تقع النسبة بين 0% و100%؛ ويقع خطؤها المعياري بين 0 و0.5 (وللمتوسط أو المؤشر المركّب، نصف عرض مقياسه)؛ وتقع فترة الثقة داخل المقياس وتحتوي على التقدير؛ وأثر التصميم عدد محدود؛ ولا يتجاوز حجم العينة الفعلي عدد المستجيبين. لا يُنشر التقدير الذي لا يجتاز الفحص؛ وإذا لم يجتزه هامش الخطأ وحده، يُعرض التقدير مع عبارة «تعذّر تقدير التباين» دون هامش، ولا يُحسب منه أي تغير. وتحصل النسبة 0% أو 100%، أو التي خطؤها المعياري صفر، على فترة كورن–غراوبارد (ذات الحدين الدقيقة) بدلًا من «± 0.0».',
  ),
  comparisonsTitle: w('Many comparisons', 'Comparaisons multiples', 'Comparaciones múltiples', 'المقارنات المتعددة'),
  comparisonsText: w(
    'A change is marked significant when its two-sided test rejects “no change” at the 5% level, each test on its own. Across dozens of countries, the regions and the world, a few changes would be marked by chance alone. The pages therefore also give the Benjamini–Hochberg adjusted result (as R’s p.adjust(method = "BH")): it keeps the expected share of false discoveries at 5% across all the changes of one indicator between one pair of waves for one group (every country, region and the world). The API gives the same with adjust=bh.',
    'Une évolution est marquée significative lorsque son test bilatéral rejette « aucune évolution » au seuil de 5 %, chaque test isolément. Sur des dizaines de pays, les régions et le monde, quelques évolutions seraient marquées par le seul hasard. Les pages donnent donc aussi le résultat ajusté par Benjamini–Hochberg (comme p.adjust(method = "BH") de R) : il maintient à 5 % la part attendue de fausses découvertes parmi toutes les évolutions d’un indicateur entre deux vagues pour un groupe (chaque pays, région et le monde). L’API donne la même chose avec adjust=bh.',
    'Un cambio se marca como significativo cuando su prueba bilateral rechaza «sin cambio» al nivel del 5 %, cada prueba por separado. Entre decenas de países, las regiones y el mundo, algunos cambios se marcarían solo por azar. Por eso las páginas dan también el resultado ajustado por Benjamini–Hochberg (como p.adjust(method = "BH") de R): mantiene en el 5 % la proporción esperada de falsos descubrimientos entre todos los cambios de un indicador entre dos olas para un grupo (cada país, región y el mundo). La API da lo mismo con adjust=bh.',
    'يُعلَّم التغير دالًا إحصائيًا عندما يرفض اختباره ثنائي الطرف فرضية «لا تغير» عند مستوى 5%، كل اختبار على حدة. ومن بين عشرات البلدان والمناطق والعالم، قد تُعلَّم بعض التغيرات بالصدفة وحدها. لذلك تعرض الصفحات أيضًا النتيجة المعدَّلة بطريقة بنجاميني–هوكبيرغ (مثل p.adjust(method = "BH") في R): تُبقي النسبة المتوقعة للاكتشافات الخاطئة عند 5% بين كل تغيرات مؤشر واحد بين موجتين لفئة واحدة (كل بلد ومنطقة والعالم). وتقدّم واجهة البرمجة الشيء نفسه مع adjust=bh.',
  ),
} satisfies Record<string, Words>;

export type QualityWordKey = keyof typeof words;

/** A word of this file in `lang`, with `{name}` slots filled. */
export function sayQuality(lang: UiLanguage, key: QualityWordKey, slots: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], slots);
}

/** Why a value is not shown, in words. */
export function withheldWord(lang: UiLanguage, reason: SuppressionReason | null): string {
  switch (reason) {
    case 'below_minimum_n':
      return say(lang, 'suppressed');
    case 'complementary':
      return say(lang, 'complementary');
    case 'variance_not_estimable':
      return sayQuality(lang, 'varianceNotEstimable');
    case 'estimate_out_of_scale':
      return sayQuality(lang, 'notPublished');
    case 'no_data':
    case null:
      return say(lang, 'noData');
  }
}
