/**
 * The campaign page's words in the dashboards' languages, and its plain-language sentences as
 * templates with `{name}` slots. Numbers are filled in already formatted for the language.
 */
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { w, type UiLanguage, type Words } from './i18n.ts';

const words = {
  campaigns: w('Campaigns', 'Campagnes', 'Campañas', 'الحملات'),
  impact: w(
    'Did the campaign change minds?',
    'La campagne a-t-elle fait évoluer les opinions ?',
    '¿Cambió la campaña las opiniones?',
    'هل غيّرت الحملة الآراء؟',
  ),
  inBrief: w('In brief', 'En bref', 'En resumen', 'باختصار'),
  ran: w(
    'Ran {start} to {end} in {where}; compared with {countries} where it did not run.',
    'Menée du {start} au {end} ({where}) ; comparée à {countries} où elle n’a pas eu lieu.',
    'Realizada del {start} al {end} en {where}; comparada con {countries} donde no se realizó.',
    'نُفذت من {start} إلى {end} في {where}؛ وقورنت بـ{countries} لم تُنفذ فيها.',
  ),
  comparisonEqual: w(
    'Comparison countries ({n}), each weighted equally: {countries}.',
    'Pays de comparaison ({n}), chacun pondéré à égalité : {countries}.',
    'Países de comparación ({n}), cada uno con el mismo peso: {countries}.',
    'بلدان المقارنة (\u2068{n}\u2069)، لكل منها الوزن نفسه: {countries}.',
  ),
  comparisonPopulation: w(
    'Comparison countries ({n}), weighted by their adult population: {countries}.',
    'Pays de comparaison ({n}), pondérés selon leur population adulte : {countries}.',
    'Países de comparación ({n}), ponderados según su población adulta: {countries}.',
    'بلدان المقارنة (\u2068{n}\u2069)، مرجّحة بحسب عدد سكانها البالغين: {countries}.',
  ),
  effectTitle: w(
    'Effect: change in campaign countries minus change elsewhere (points)',
    'Effet : évolution dans les pays de la campagne moins évolution ailleurs (points)',
    'Efecto: cambio en los países de la campaña menos cambio en los demás (puntos)',
    'الأثر: التغير في بلدان الحملة ناقص التغير في غيرها (نقاط)',
  ),
  afterRow: w('Campaign {from}→{to}', 'Campagne {from}→{to}', 'Campaña {from}→{to}', 'الحملة {from}←{to}'),
  placeboRow: w(
    'Before it (placebo) {from}→{to}',
    'Avant (placebo) {from}→{to}',
    'Antes (placebo) {from}→{to}',
    'قبلها (اختبار وهمي) {from}←{to}',
  ),
  adjustedRow: w(
    'Adjusted for age, sex, education',
    'Ajusté (âge, sexe, études)',
    'Ajustado (edad, sexo, educación)',
    'معدَّل (العمر، الجنس، التعليم)',
  ),
  zeroNote: w(
    'Dashed line: no difference. Lines: 95% confidence intervals.',
    'Tirets : aucune différence. Traits : intervalles de confiance à 95 %.',
    'Línea discontinua: sin diferencia. Líneas: intervalos de confianza del 95 %.',
    'الخط المتقطع: لا فرق. الخطوط: فترات ثقة 95%.',
  ),
  preTrend: w('Before the campaign', 'Avant la campagne', 'Antes de la campaña', 'قبل الحملة'),
  preTrendPassed: w(
    'Campaign and comparison countries moved alike before the campaign (pre-trend test {p}).',
    'Les pays de la campagne et de comparaison évoluaient de même avant la campagne (test de tendance préalable {p}).',
    'Los países de la campaña y de comparación evolucionaban igual antes de la campaña (prueba de tendencia previa {p}).',
    'تحركت بلدان الحملة وبلدان المقارنة على نحو متشابه قبل الحملة (اختبار الاتجاه السابق {p}).',
  ),
  preTrendFailed: w(
    'They already moved apart before the campaign (pre-trend test {p}): the estimate may be biased.',
    'Ils divergeaient déjà avant la campagne (test {p}) : l’estimation peut être biaisée.',
    'Ya divergían antes de la campaña (prueba {p}): la estimación puede estar sesgada.',
    'كانت قد تباعدت قبل الحملة (اختبار {p}): قد يكون التقدير متحيزًا.',
  ),
  preTrendNotRuledOut: w(
    'Campaign and comparison countries did not differ significantly before the campaign (pre-trend test {p}), but no difference larger than {x} points could be ruled out.',
    'Les pays de la campagne et de comparaison ne différaient pas significativement avant la campagne (test de tendance préalable {p}), mais aucune différence de plus de {x} points n’a pu être exclue.',
    'Los países de la campaña y de comparación no diferían significativamente antes de la campaña (prueba de tendencia previa {p}), pero no se pudo descartar una diferencia mayor de {x} puntos.',
    'لم تختلف بلدان الحملة وبلدان المقارنة اختلافًا دالًّا قبل الحملة (اختبار الاتجاه السابق {p})، لكن تعذّر استبعاد فرق يزيد على \u2066{x}\u2069 نقطة.',
  ),
  preTrendDifference: w(
    'Difference before the campaign ({from}→{to}): {d} points (95% CI {lo} to {hi}); the smallest pre-trend this test could detect is {mde} points (80% power, 5% two-sided).',
    'Écart avant la campagne ({from}→{to}) : {d} points (IC 95 % {lo} à {hi}) ; la plus petite tendance préalable que ce test pouvait détecter est de {mde} points (puissance 80 %, 5 % bilatéral).',
    'Diferencia antes de la campaña ({from}→{to}): {d} puntos (IC 95 % {lo} a {hi}); la menor tendencia previa que esta prueba podía detectar es de {mde} puntos (potencia 80 %, 5 % bilateral).',
    'الفرق قبل الحملة (\u2066{from}→{to}\u2069): \u2066{d}\u2069 نقطة (فترة ثقة 95% من \u2066{lo}\u2069 إلى \u2066{hi}\u2069)؛ أصغر اتجاه سابق يمكن لهذا الاختبار رصده هو \u2066{mde}\u2069 نقطة (قوة 80%، 5% من الجانبين).',
  ),
  preTrendNone: w(
    'Only one wave before the campaign: whether both moved alike could not be checked.',
    'Une seule vague avant la campagne : l’évolution parallèle n’a pas pu être vérifiée.',
    'Solo una ola antes de la campaña: no se pudo comprobar si evolucionaban igual.',
    'موجة واحدة فقط قبل الحملة: تعذر التحقق من التحرك المتشابه.',
  ),
  mde: w(
    'Smallest effect this study could reliably detect: {mde} points (80% power, 5% two-sided, design effect {deff}).',
    'Plus petit effet que cette étude pouvait détecter de façon fiable : {mde} points (puissance 80 %, 5 % bilatéral, effet de plan {deff}).',
    'Menor efecto que este estudio podía detectar con fiabilidad: {mde} puntos (potencia 80 %, 5 % bilateral, efecto de diseño {deff}).',
    'أصغر أثر يمكن لهذه الدراسة رصده بثقة: {mde} نقطة (قوة 80%، 5% من الجانبين، أثر التصميم {deff}).',
  ),
  aimed: w(
    'The campaign aimed for {aimed}.',
    'La campagne visait {aimed}.',
    'La campaña buscaba {aimed}.',
    'استهدفت الحملة {aimed}.',
  ),
  aimDecrease: w(
    '{x} points (a decrease)',
    '{x} points (une baisse)',
    '{x} puntos (una disminución)',
    '{x} نقطة (انخفاض)',
  ),
  aimNone: w('{x} points', '{x} points', '{x} puntos', '{x} نقطة'),
  aimIncrease: w('{x} points (an increase)', '{x} points (une hausse)', '{x} puntos (un aumento)', '{x} نقطة (زيادة)'),
  reach: w('Awareness', 'Notoriété', 'Conocimiento', 'الوعي'),
  reachTitle: w(
    'Awareness after the campaign (aided recall of its slogans)',
    'Notoriété après la campagne (rappel assisté des slogans)',
    'Conocimiento tras la campaña (recuerdo asistido de sus lemas)',
    'الوعي بعد الحملة (التذكر المساعَد لشعاراتها)',
  ),
  allCampaign: w(
    'All campaign countries',
    'Tous les pays de la campagne',
    'Todos los países de la campaña',
    'كل بلدان الحملة',
  ),
  comparisonNoise: w(
    'Comparison countries (noise floor)',
    'Pays de comparaison (bruit de fond)',
    'Países de comparación (ruido de fondo)',
    'بلدان المقارنة (مستوى الضجيج)',
  ),
  falseRecall: w(
    'False recall (a slogan that never ran)',
    'Faux souvenir (un slogan jamais diffusé)',
    'Falso recuerdo (un lema que nunca se difundió)',
    'التذكر الزائف (شعار لم يُبث قط)',
  ),
  unaided: w('Named it unprompted', 'Citée spontanément', 'La mencionó sin ayuda', 'ذكرها دون تلميح'),
  associationTitle: w(
    'Aware vs unaware: an association, not an effect',
    'Exposés et non exposés : une association, pas un effet',
    'Conscientes y no conscientes: una asociación, no un efecto',
    'الواعون وغير الواعين: ارتباط لا أثر',
  ),
  associationText: w(
    'In campaign countries after it, people who recall the campaign differ by {x} points (95% CI {lo} to {hi}), adjusted for age, sex and education. People who notice a campaign differ from those who do not, so this is not its effect. Beside it, false recall: {false} said they had seen a slogan that never ran.',
    'Dans les pays de la campagne, ceux qui s’en souviennent diffèrent de {x} points (IC 95 % {lo} à {hi}), à âge, sexe et études égaux. Ceux qui remarquent une campagne diffèrent des autres : ce n’est donc pas son effet. À côté, faux souvenir : {false} disent avoir vu un slogan jamais diffusé.',
    'En los países de la campaña, quienes la recuerdan difieren en {x} puntos (IC 95 % {lo} a {hi}), ajustado por edad, sexo y educación. Quienes notan una campaña difieren de quienes no: no es su efecto. Al lado, falso recuerdo: {false} dijeron haber visto un lema que nunca se difundió.',
    'في بلدان الحملة بعدها، يختلف من يتذكرون الحملة بمقدار {x} نقطة (فترة ثقة 95% من {lo} إلى {hi})، بعد التعديل حسب العمر والجنس والتعليم. من يلاحظون حملة يختلفون عمّن لا يلاحظونها، لذا فهذا ليس أثرها. وبجانبه التذكر الزائف: {false} قالوا إنهم رأوا شعارًا لم يُبث قط.',
  ),
  experimentTitle: w(
    'Message experiment: each message against “{control}” (points)',
    'Expérience de messages : chaque message contre « {control} » (points)',
    'Experimento de mensajes: cada mensaje frente a «{control}» (puntos)',
    'تجربة الرسائل: كل رسالة مقابل «{control}» (نقاط)',
  ),
  pooled: w('All countries', 'Tous les pays', 'Todos los países', 'كل البلدان'),
  row: w('Row', 'Ligne', 'Fila', 'الصف'),
  verdict: w('Reading', 'Lecture', 'Lectura', 'القراءة'),
  detected: w('Detected', 'Détecté', 'Detectado', 'مرصود'),
  inconclusive: w(
    'Inconclusive at this sample size',
    'Non concluant avec cet échantillon',
    'No concluyente con esta muestra',
    'غير حاسم بحجم العينة هذا',
  ),
  smaller: w('Smaller than aimed', 'Plus petit que visé', 'Menor que lo buscado', 'أصغر من المستهدف'),
  withheld: w(
    'Withheld: fewer than {respondents}',
    'Masqué : moins de {respondents}',
    'Suprimido: menos de {respondents}',
    'محجوب: أقل من {respondents}',
  ),
  notAvailable: w(
    'Not available yet: the waves around this campaign have not been weighted.',
    'Pas encore disponible : les vagues autour de cette campagne ne sont pas pondérées.',
    'Aún no disponible: las olas en torno a esta campaña no están ponderadas.',
    'غير متاح بعد: لم تُرجَّح الموجات المحيطة بهذه الحملة.',
  ),
  // Plain-language sentences: {label} the indicator, {where} "campaign countries" or the country.
  detectedSentence: w(
    '“{label}” {moved} {x} points (95% CI {lo} to {hi}) more in {where} than elsewhere; {trend}.',
    '« {label} » a {moved} de {x} points (IC 95 % {lo} à {hi}) de plus là où la campagne a eu lieu ({where}) qu’ailleurs ; {trend}.',
    '«{label}» {moved} {x} puntos (IC 95 % {lo} a {hi}) más en {where} que en otros lugares; {trend}.',
    '«{label}» {moved} {x} نقطة (فترة ثقة 95% من {lo} إلى {hi}) أكثر في {where} مما في غيرها؛ {trend}.',
  ),
  fell: w('fell', 'baissé', 'bajó', 'انخفض'),
  rose: w('rose', 'augmenté', 'subió', 'ارتفع'),
  inconclusiveSentence: w(
    'Inconclusive at this sample size: “{label}” changed {x} points (95% CI {lo} to {hi}) in {where} relative to elsewhere; the smallest effect this study could reliably detect is {mde} points; {trend}.',
    'Non concluant avec cet échantillon : « {label} » a varié de {x} points (IC 95 % {lo} à {hi}) là où la campagne a eu lieu ({where}) par rapport à ailleurs ; le plus petit effet détectable de façon fiable est de {mde} points ; {trend}.',
    'No concluyente con esta muestra: «{label}» cambió {x} puntos (IC 95 % {lo} a {hi}) en {where} respecto de otros lugares; el menor efecto que este estudio podía detectar con fiabilidad es de {mde} puntos; {trend}.',
    'غير حاسم بحجم العينة هذا: تغيّر «{label}» بمقدار {x} نقطة (فترة ثقة 95% من {lo} إلى {hi}) في {where} مقارنة بغيرها؛ أصغر أثر يمكن لهذه الدراسة رصده بثقة هو {mde} نقطة؛ {trend}.',
  ),
  smallerSentence: w(
    'No effect as large as the {aimed} aimed for: “{label}” changed {x} points (95% CI {lo} to {hi}) in {where} relative to elsewhere, and this study could have detected {mde} points; {trend}.',
    'Pas d’effet aussi grand que les {aimed} visés : « {label} » a varié de {x} points (IC 95 % {lo} à {hi}) là où la campagne a eu lieu ({where}) par rapport à ailleurs, et l’étude pouvait détecter {mde} points ; {trend}.',
    'Ningún efecto tan grande como los {aimed} buscados: «{label}» cambió {x} puntos (IC 95 % {lo} a {hi}) en {where} respecto de otros lugares, y el estudio podía detectar {mde} puntos; {trend}.',
    'لا أثر بحجم الأثر المستهدف، {aimed}: تغيّر «{label}» بمقدار {x} نقطة (فترة ثقة 95% من {lo} إلى {hi}) في {where} مقارنة بغيرها، وكان بوسع الدراسة رصد {mde} نقطة؛ {trend}.',
  ),
  trendAlike: w(
    'before the campaign both moved alike',
    'avant la campagne, les deux évoluaient de même',
    'antes de la campaña ambos evolucionaban igual',
    'وقبل الحملة تحرك الطرفان على نحو متشابه',
  ),
  trendApart: w(
    'but they already moved apart before the campaign, so this may be biased',
    'mais ils divergeaient déjà avant la campagne : l’estimation peut être biaisée',
    'pero ya divergían antes de la campaña, por lo que puede estar sesgado',
    'لكنهما تباعدا قبل الحملة، لذا قد يكون التقدير متحيزًا',
  ),
  trendNotRuledOut: w(
    'before the campaign no difference larger than {x} points could be ruled out',
    'avant la campagne, aucune différence de plus de {x} points n’a pu être exclue',
    'antes de la campaña no se pudo descartar una diferencia mayor de {x} puntos',
    'وقبل الحملة تعذّر استبعاد فرق يزيد على \u2066{x}\u2069 نقطة',
  ),
  trendUnknown: w(
    'whether both moved alike before it could not be checked',
    'l’évolution parallèle avant la campagne n’a pas pu être vérifiée',
    'no se pudo comprobar si evolucionaban igual antes',
    'وتعذر التحقق من تحركهما المتشابه قبلها',
  ),
  eventTitle: w(
    'Every wave against the last one before the campaign (points)',
    'Chaque vague par rapport à la dernière avant la campagne (points)',
    'Cada oleada frente a la última antes de la campaña (puntos)',
    'كل موجة مقارنة بآخر موجة قبل الحملة (نقاط)',
  ),
  eventNote: w(
    'Change in campaign countries minus change elsewhere since the last wave before the campaign (hollow, 0). Lines: 95% confidence intervals.',
    'Évolution dans les pays de la campagne moins évolution ailleurs depuis la dernière vague avant la campagne (vide, 0). Traits : intervalles de confiance à 95 %.',
    'Cambio en los países de la campaña menos cambio en los demás desde la última oleada antes de la campaña (hueco, 0). Líneas: intervalos de confianza del 95 %.',
    'التغير في بلدان الحملة ناقص التغير في غيرها منذ آخر موجة قبل الحملة (مفرغة، 0). الخطوط: فترات ثقة 95%.',
  ),
  eventReference: w('reference (0)', 'référence (0)', 'referencia (0)', 'المرجع (0)'),
  eventBefore: w('before the campaign', 'avant la campagne', 'antes de la campaña', 'قبل الحملة'),
  eventAfter: w('after the campaign', 'après la campagne', 'después de la campaña', 'بعد الحملة'),
  campaignCountries: w('campaign countries', 'pays de la campagne', 'los países de la campaña', 'بلدان الحملة'),
} satisfies Record<string, Words>;

export type CampaignWord = keyof typeof words;

/** A campaign word in `lang`, its `{slots}` filled with `vars` (text as it is, numbers written for the language). */
export function sayCampaign(lang: UiLanguage, key: CampaignWord, vars: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], vars);
}

/**
 * The effect a campaign aimed for in `lang`: signed, with its direction ("−3.0 points (a
 * decrease)"), as the report's summary and detail say it (src/indicators/campaign/aim.ts).
 */
export function formatAim(lang: UiLanguage, aimed: number): string {
  const size = formatPoints(lang, Math.abs(aimed));
  if (formatPoints(lang, aimed) === formatPoints(lang, 0)) return sayCampaign(lang, 'aimNone', { x: size });
  return aimed < 0
    ? sayCampaign(lang, 'aimDecrease', { x: `−${size}` })
    : sayCampaign(lang, 'aimIncrease', { x: `+${size}` });
}

const formats = new Map<string, Intl.NumberFormat>();
/** Points (or a p-value) with `digits` decimals for `lang`; negative numbers with a true minus sign. */
export function formatPoints(lang: UiLanguage, value: number, digits = 1): string {
  const key = `${lang}|${digits}`;
  let f = formats.get(key);
  if (!f)
    formats.set(
      key,
      (f = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })),
    );
  return f.format(Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).replace('-', '−');
}
