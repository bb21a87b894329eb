/**
 * The dashboards' own words (navigation, chart notes, table headers) in every language the
 * flagship instrument is fielded in (numbers and dates: format.ts), and country names per
 * language (from `i18n-iso-countries`, so place names are not translated by hand).
 *
 * Study, indicator, question and option wording comes from the study definition, never from here.
 */
import countries from 'i18n-iso-countries';
import { fillMessage, type Message, type MessageValues, type Translations } from '../src/messages.ts';
import type { Geography } from '../src/indicators/types.ts';

export const UI_LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function isUiLanguage(value: string): value is UiLanguage {
  return (UI_LANGUAGES as readonly string[]).includes(value);
}

export function direction(lang: UiLanguage): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** A message in every dashboard language: the one shape of translated words (src/messages.ts). */
export type Words = Translations<UiLanguage>;

/** A plain text (no plural forms) in every dashboard language. */
export type Texts = Readonly<Record<UiLanguage, string>>;

/** The translations of one message, in the order en, fr, es, ar (plain text stays typed as text). */
export const w = <M extends Message>(en: M, fr: M, es: M, ar: M): Readonly<Record<UiLanguage, M>> => ({
  en,
  fr,
  es,
  ar,
});

const words = {
  dashboards: w('Dashboards', 'Tableaux de bord', 'Paneles', 'لوحات المعلومات'),
  overview: w('Overview', "Vue d'ensemble", 'Resumen', 'نظرة عامة'),
  methodology: w('Methodology', 'Méthodologie', 'Metodología', 'المنهجية'),
  indicators: w('Indicators', 'Indicateurs', 'Indicadores', 'المؤشرات'),
  countries: w('Countries', 'Pays', 'Países', 'البلدان'),
  country: w('Country', 'Pays', 'País', 'البلد'),
  region: w('Region', 'Région', 'Región', 'المنطقة'),
  world: w(
    'World (all countries surveyed)',
    'Monde (tous les pays enquêtés)',
    'Mundo (todos los países encuestados)',
    'العالم (كل البلدان المشمولة)',
  ),
  worldShort: w('World', 'Monde', 'Mundo', 'العالم'),
  wave: w('Wave', 'Vague', 'Ola', 'الموجة'),
  year: w('Year', 'Année', 'Año', 'السنة'),
  estimate: w('Estimate', 'Estimation', 'Estimación', 'التقدير'),
  ciLow: w('95% CI low', 'IC 95 % bas', 'IC 95 % inferior', 'الحد الأدنى لفترة الثقة 95%'),
  ciHigh: w('95% CI high', 'IC 95 % haut', 'IC 95 % superior', 'الحد الأعلى لفترة الثقة 95%'),
  ci95: w('95% CI', 'IC à 95 %', 'IC del 95 %', 'فترة ثقة 95%'),
  moe: w('Margin of error', "Marge d'erreur", 'Margen de error', 'هامش الخطأ'),
  n: w('Respondents (n)', 'Répondants (n)', 'Encuestados (n)', 'المستجيبون (n)'),
  deff: w('Design effect', 'Effet de plan', 'Efecto de diseño', 'أثر التصميم'),
  status: w('Status', 'Statut', 'Estado', 'الحالة'),
  change: w('Change', 'Évolution', 'Cambio', 'التغير'),
  significant: w('Significant', 'Significatif', 'Significativo', 'دال إحصائيًا'),
  notSignificant: w('Not significant', 'Non significatif', 'No significativo', 'غير دال إحصائيًا'),
  pValue: w('p-value', 'valeur p', 'valor p', 'القيمة الاحتمالية'),
  suppressed: w(
    'Suppressed (too few respondents)',
    'Masqué (trop peu de répondants)',
    'Suprimido (muy pocos encuestados)',
    'محجوب (عدد قليل جدًا من المستجيبين)',
  ),
  complementary: w(
    'Withheld to protect another cell',
    'Masqué pour protéger une autre case',
    'Suprimido para proteger otra celda',
    'محجوب لحماية خانة أخرى',
  ),
  noData: w('No data', 'Pas de données', 'Sin datos', 'لا توجد بيانات'),
  seriesBreak: w('Series break', 'Rupture de série', 'Ruptura de serie', 'انقطاع في السلسلة'),
  seriesBreakNote: w(
    'Series break: the question changed, so the line is not joined across it.',
    'Rupture de série : la question a changé, la ligne n’est donc pas reliée.',
    'Ruptura de serie: la pregunta cambió, por lo que la línea no se une.',
    'انقطاع في السلسلة: تغيّر السؤال، لذا لا يُوصل الخط عبره.',
  ),
  bandNote: w(
    'Shaded bands: 95% confidence intervals.',
    'Bandes : intervalles de confiance à 95 %.',
    'Bandas: intervalos de confianza del 95 %.',
    'الأشرطة المظللة: فترات ثقة 95%.',
  ),
  intervalNote: w(
    'Lines: 95% confidence intervals.',
    'Traits : intervalles de confiance à 95 %.',
    'Líneas: intervalos de confianza del 95 %.',
    'الخطوط: فترات ثقة 95%.',
  ),
  testNote: w('Test', 'Test', 'Prueba', 'الاختبار'),
  chart: w('Chart', 'Graphique', 'Gráfico', 'رسم بياني'),
  map: w('Map', 'Carte', 'Mapa', 'خريطة'),
  table: w('Table', 'Tableau', 'Tabla', 'جدول'),
  trend: w('Trend', 'Tendance', 'Tendencia', 'الاتجاه'),
  ranking: w('Ranking, latest wave', 'Classement, dernière vague', 'Clasificación, última ola', 'الترتيب، أحدث موجة'),
  distribution: w('All answers', 'Toutes les réponses', 'Todas las respuestas', 'كل الإجابات'),
  subgroups: w('By group', 'Par groupe', 'Por grupo', 'حسب الفئة'),
  changeBetween: w('Change between waves', 'Évolution entre vagues', 'Cambio entre olas', 'التغير بين الموجات'),
  from: w('From', 'De', 'Desde', 'من'),
  to: w('To', 'À', 'Hasta', 'إلى'),
  show: w('Show', 'Afficher', 'Mostrar', 'عرض'),
  apply: w('Apply', 'Appliquer', 'Aplicar', 'تطبيق'),
  filters: w('Filters', 'Filtres', 'Filtros', 'عوامل التصفية'),
  subgroup: w('Group', 'Groupe', 'Grupo', 'الفئة'),
  dontKnow: w("Don't know", 'Ne sait pas', 'No sabe', 'لا أعرف'),
  refused: w('Refused', 'Refus', 'Se niega', 'رفض الإجابة'),
  level: w('Level', 'Niveau', 'Nivel', 'المستوى'),
  allAdults: w('All adults', 'Tous les adultes', 'Todos los adultos', 'كل البالغين'),
  headline: w('Latest wave', 'Dernière vague', 'Última ola', 'أحدث موجة'),
  sincePrevious: w('since', 'depuis', 'desde', 'منذ'),
  downloads: w('Download', 'Télécharger', 'Descargar', 'تنزيل'),
  dataShown: w('Data shown (CSV)', 'Données affichées (CSV)', 'Datos mostrados (CSV)', 'البيانات المعروضة (CSV)'),
  fullSeries: w('Full series (CSV)', 'Série complète (CSV)', 'Serie completa (CSV)', 'السلسلة الكاملة (CSV)'),
  metadata: w('Metadata (JSON)', 'Métadonnées (JSON)', 'Metadatos (JSON)', 'البيانات الوصفية (JSON)'),
  svg: w('Chart (SVG)', 'Graphique (SVG)', 'Gráfico (SVG)', 'الرسم (SVG)'),
  cite: w('Cite', 'Citer', 'Citar', 'الاستشهاد'),
  copyLink: w('Copy link', 'Copier le lien', 'Copiar enlace', 'نسخ الرابط'),
  copied: w('Link copied', 'Lien copié', 'Enlace copiado', 'تم نسخ الرابط'),
  png: w('Chart (PNG)', 'Graphique (PNG)', 'Gráfico (PNG)', 'الرسم (PNG)'),
  dataZip: w(
    'Data and metadata (ZIP)',
    'Données et métadonnées (ZIP)',
    'Datos y metadatos (ZIP)',
    'البيانات والبيانات الوصفية (ZIP)',
  ),
  tipHint: w(
    'Point at a mark, or use the arrow keys here, to read its value.',
    'Pointez une marque, ou utilisez ici les flèches du clavier, pour lire sa valeur.',
    'Señale una marca, o use aquí las flechas del teclado, para leer su valor.',
    'أشِر إلى علامة، أو استخدم مفاتيح الأسهم هنا، لقراءة قيمتها.',
  ),
  embed: w('Embed', 'Intégrer', 'Insertar', 'تضمين'),
  source: w('Source', 'Source', 'Fuente', 'المصدر'),
  language: w('Language', 'Langue', 'Idioma', 'اللغة'),
  fieldPeriod: w('Field period', 'Période de terrain', 'Periodo de campo', 'فترة الميدان'),
  mode: w('Mode', 'Mode', 'Modo', 'الطريقة'),
  mdc: w(
    'Minimum detectable change',
    'Évolution minimale détectable',
    'Cambio mínimo detectable',
    'أدنى تغير قابل للرصد',
  ),
  wording: w('Question wording', 'Formulation de la question', 'Redacción de la pregunta', 'صياغة السؤال'),
  weighting: w(
    'Weighting margins and sources',
    'Marges de pondération et sources',
    'Márgenes de ponderación y fuentes',
    'هوامش الترجيح ومصادرها',
  ),
  weightingMethod: w(
    'Each country is weighted on its own. Before weighting, a margin cell with fewer than {respondents} is merged with its neighbouring age group or education level (sex is never merged); the weighting run records every merge. The weights are then calibrated to all margins at once (Deville and Särndal 1992; R survey calibrate), so that they meet every population margin.',
    'Chaque pays est pondéré séparément. Avant la pondération, une case de marge comptant moins de {respondents} est fusionnée avec la tranche d’âge ou le niveau d’études voisin (le sexe n’est jamais fusionné) ; chaque fusion est consignée dans le calcul de pondération. Les poids sont ensuite calés sur toutes les marges à la fois (Deville et Särndal 1992 ; calibrate du paquet R survey), de sorte qu’ils respectent chaque marge de population.',
    'Cada país se pondera por separado. Antes de ponderar, una celda de margen con menos de {respondents} se une a su grupo de edad o nivel educativo vecino (el sexo nunca se une); cada unión queda registrada en la ponderación. Luego los pesos se calibran a todos los márgenes a la vez (Deville y Särndal 1992; calibrate del paquete R survey), de modo que cumplan cada margen de población.',
    'يُرجَّح كل بلد على حدة. قبل الترجيح، تُدمج خلية الهامش التي تضم أقل من {respondents} مع الفئة العمرية أو المستوى التعليمي المجاور (لا يُدمج الجنس أبدًا)، ويُسجَّل كل دمج في عملية الترجيح. ثم تُعايَر الأوزان على جميع الهوامش معًا (Deville وSärndal 1992؛ الدالة calibrate في حزمة R survey) بحيث تطابق كل هامش سكاني.',
  ),
  weightingBounds: w(
    'Every weight stays between {lower} and {upper} times the country’s average weight, so that no respondent counts for too many. A country whose weights cannot meet its margins within these bounds is flagged, and so are its estimates.',
    'Chaque poids reste compris entre {lower} et {upper} fois le poids moyen du pays, afin qu’aucun répondant ne compte pour trop de personnes. Un pays dont les poids ne peuvent pas respecter ses marges dans ces bornes est signalé, ainsi que ses estimations.',
    'Cada peso queda entre {lower} y {upper} veces el peso medio del país, para que ninguna persona encuestada cuente demasiado. Un país cuyos pesos no pueden cumplir sus márgenes dentro de estos límites queda señalado, igual que sus estimaciones.',
    'يبقى كل وزن بين {lower} و{upper} ضعف متوسط الوزن في البلد، حتى لا يُحتسب أي مستجيب لعدد كبير جدًا من الأشخاص. ويُشار إلى البلد الذي لا تستطيع أوزانه مطابقة هوامشه ضمن هذه الحدود، وكذلك إلى تقديراته.',
  ),
  aggregation: w(
    'How aggregates are formed',
    'Comment les agrégats sont formés',
    'Cómo se forman los agregados',
    'كيف تُحسب المجاميع',
  ),
  suppression: w('Suppression rule', 'Règle de masquage', 'Regla de supresión', 'قاعدة الحجب'),
  breaks: w('Series breaks', 'Ruptures de série', 'Rupturas de serie', 'انقطاعات السلاسل'),
  samples: w(
    'Samples and margins of error',
    "Échantillons et marges d'erreur",
    'Muestras y márgenes de error',
    'العينات وهوامش الخطأ',
  ),
  base: w('Base', 'Base', 'Base', 'الأساس'),
  skip: w('Skip to content', 'Aller au contenu', 'Ir al contenido', 'انتقل إلى المحتوى'),
  backToOverview: w(
    'Back to the overview',
    "Retour à la vue d'ensemble",
    'Volver al resumen',
    'العودة إلى النظرة العامة',
  ),
  home: w('Home', 'Accueil', 'Inicio', 'الرئيسية'),
  notComputed: w('not computed', 'non calculée', 'no calculado', 'لم يُحسب'),
  regionAverage: w('Region', 'Région', 'Región', 'المنطقة'),
  noChange: w('No change (0)', 'Aucune évolution (0)', 'Sin cambio (0)', 'لا تغير (0)'),
  aggregationText: w(
    'Region and world figures combine the country estimates of a wave weighted by each country’s adult population (15+, from the source named in the wave); countries without data that wave are listed and the share of the population covered is stated. Their intervals combine the country variances (independent samples).',
    'Les chiffres régionaux et mondiaux combinent les estimations nationales d’une vague pondérées par la population adulte de chaque pays (15 ans et plus, source indiquée pour la vague) ; les pays sans données sont listés et la part de population couverte est indiquée. Les intervalles combinent les variances nationales (échantillons indépendants).',
    'Las cifras regionales y mundiales combinan las estimaciones nacionales de una ola ponderadas por la población adulta de cada país (15+, fuente indicada en la ola); se listan los países sin datos y se indica la parte de la población cubierta. Los intervalos combinan las varianzas nacionales (muestras independientes).',
    'تجمع أرقام المناطق والعالم تقديرات البلدان في الموجة مرجّحة بعدد البالغين في كل بلد (15 سنة فأكثر، من المصدر المذكور للموجة)؛ وتُذكر البلدان التي لا تتوفر لها بيانات ونسبة السكان المشمولين. وتجمع فترات الثقة تباينات البلدان (عينات مستقلة).',
  ),
  suppressionText: w(
    'An estimate based on fewer than {respondents} is not published: it is shown as suppressed (a cross on trend charts, a grey class on maps).',
    'Une estimation fondée sur moins de {respondents} n’est pas publiée : elle apparaît comme masquée (une croix sur les courbes, une classe grise sur les cartes).',
    'Una estimación basada en menos de {respondents} no se publica: aparece como suprimida (una cruz en las tendencias, una clase gris en los mapas).',
    'لا يُنشر أي تقدير يستند إلى أقل من {respondents}: يظهر على أنه محجوب (علامة × في الرسوم الزمنية وفئة رمادية في الخرائط).',
  ),
  mdcText: w(
    'The smallest change between two waves that the survey would detect 80% of the time (two-sided test at 5%), for a share near 50%, at the country’s achieved sample size and design effect in both waves.',
    'La plus petite évolution entre deux vagues que l’enquête détecterait 8 fois sur 10 (test bilatéral à 5 %), pour une part proche de 50 %, à la taille d’échantillon et l’effet de plan obtenus dans le pays pour les deux vagues.',
    'El menor cambio entre dos olas que la encuesta detectaría 8 de cada 10 veces (prueba bilateral al 5 %), para una proporción cercana al 50 %, con el tamaño de muestra y el efecto de diseño logrados en el país en ambas olas.',
    'أصغر تغير بين موجتين يمكن للمسح رصده في 80% من الحالات (اختبار ثنائي الطرف عند 5%)، لنسبة قريبة من 50%، بحجم العينة وأثر التصميم المحققين في البلد في الموجتين.',
  ),
  noBreaks: w(
    'No series break.',
    'Aucune rupture de série.',
    'Ninguna ruptura de serie.',
    'لا يوجد انقطاع في السلاسل.',
  ),
  population: w('Adult population (15+)', 'Population adulte (15+)', 'Población adulta (15+)', 'السكان البالغون (15+)'),
  instrument: w('Instrument', 'Questionnaire', 'Cuestionario', 'الاستبيان'),
  staticNote: w(
    'This is a static copy: it shows the default views. The live dashboards add filters.',
    'Copie statique : elle montre les vues par défaut. Les tableaux de bord en ligne ajoutent des filtres.',
    'Copia estática: muestra las vistas predeterminadas. Los paneles en línea añaden filtros.',
    'هذه نسخة ثابتة تعرض العروض الافتراضية. تضيف اللوحات المباشرة عوامل التصفية.',
  ),
} satisfies Record<string, Words>;

export type WordKey = keyof typeof words;

/** The dashboards' word for `key` in `lang`, its `{name}` slots filled (numbers written for the language, plural forms chosen). */
export function say(lang: UiLanguage, key: WordKey, values: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], values);
}

/**
 * Counted nouns: one form per plural category of each language (`Intl.PluralRules`), the number
 * `{n}` written by `Intl.NumberFormat`. Arabic has six categories; a noun counted 3–10 takes the
 * plural, 11–99 the accusative singular, 100 and more the genitive singular.
 */
export const countedWords = {
  respondents: w<Message>(
    { plural: 'n', one: '{n} respondent', other: '{n} respondents' },
    { plural: 'n', one: '{n} répondant', other: '{n} répondants' },
    { plural: 'n', one: '{n} encuestado', other: '{n} encuestados' },
    {
      plural: 'n',
      one: 'مستجيب واحد',
      two: 'مستجيبَين',
      few: '{n} مستجيبين',
      many: '{n} مستجيبًا',
      other: '{n} مستجيب',
    },
  ),
  countries: w<Message>(
    { plural: 'n', one: '{n} country', other: '{n} countries' },
    '{n} pays',
    { plural: 'n', one: '{n} país', other: '{n} países' },
    { plural: 'n', one: 'بلد واحد', two: 'بلدين', few: '{n} بلدان', many: '{n} بلدًا', other: '{n} بلد' },
  ),
  questions: w<Message>(
    { plural: 'n', one: '{n} question', other: '{n} questions' },
    { plural: 'n', one: '{n} question', other: '{n} questions' },
    { plural: 'n', one: '{n} pregunta', other: '{n} preguntas' },
    { plural: 'n', one: 'سؤال واحد', two: 'سؤالين', few: '{n} أسئلة', many: '{n} سؤالًا', other: '{n} سؤال' },
  ),
} satisfies Record<string, Words>;

/** `n` of a counted noun in `lang`: "1 respondent", "50 respondents", "٥٠ مستجيبًا". */
export function countOf(lang: UiLanguage, noun: keyof typeof countedWords, n: number): string {
  return fillMessage(lang, countedWords[noun][lang], { n });
}

/** A country's name in `lang` (ISO 3166 names of `i18n-iso-countries`), else the study's name. */
export function countryName(lang: UiLanguage, iso3: string, fallback: string): string {
  return countries.getName(iso3, lang) ?? fallback;
}

/** ISO 3166-1 numeric code (three digits, as in `world-atlas`) of an alpha-3 code, or undefined. */
export function isoNumeric(iso3: string): string | undefined {
  return countries.alpha3ToNumeric(iso3);
}

/** The name of a geography in `lang`. Region names are the study's (Gallup world regions). */
export function geographyName(lang: UiLanguage, g: Geography): string {
  switch (g.kind) {
    case 'world':
      return say(lang, 'worldShort');
    case 'region':
      return regionName(lang, g.region);
    case 'country':
      return countryName(lang, g.iso3, g.name);
  }
}

/** Gallup's world regions (the studies' region names) in each language; other names read as defined. */
const REGIONS: Readonly<Record<string, Texts>> = {
  Europe: w('Europe', 'Europe', 'Europa', 'أوروبا'),
  Asia: w('Asia', 'Asie', 'Asia', 'آسيا'),
  'Sub-Saharan Africa': w('Sub-Saharan Africa', 'Afrique subsaharienne', 'África subsahariana', 'أفريقيا جنوب الصحراء'),
  'Latin America and the Caribbean': w(
    'Latin America and the Caribbean',
    'Amérique latine et Caraïbes',
    'América Latina y el Caribe',
    'أمريكا اللاتينية والكاريبي',
  ),
  'Middle East and North Africa': w(
    'Middle East and North Africa',
    'Moyen-Orient et Afrique du Nord',
    'Oriente Medio y Norte de África',
    'الشرق الأوسط وشمال أفريقيا',
  ),
  'Northern America': w('Northern America', 'Amérique du Nord', 'América del Norte', 'أمريكا الشمالية'),
  Oceania: w('Oceania', 'Océanie', 'Oceanía', 'أوقيانوسيا'),
};

export function regionName(lang: UiLanguage, region: string): string {
  return REGIONS[region]?.[lang] ?? region;
}

/** Subgroup variables and levels of the weighting variables, in each language; others read as coded. */
/** Short names of the usual weighting variables (their questions' wordings are questions, not names). */
const SUBGROUPS: Readonly<Record<string, Texts>> = {
  age_group: w('Age', 'Âge', 'Edad', 'العمر'),
  sex: w('Sex', 'Sexe', 'Sexo', 'الجنس'),
  education: w('Education', 'Études', 'Educación', 'التعليم'),
  mode: w('Mode of interview', "Mode d'entretien", 'Modo de entrevista', 'أسلوب المقابلة'),
};

/** The levels of the `mode` subgroup: each response's mode of collection. */
const MODE_LEVELS: Readonly<Record<string, Texts>> = {
  web: w('Web', 'Web', 'Web', 'الويب'),
  phone: w('Telephone', 'Téléphone', 'Teléfono', 'الهاتف'),
  face_to_face: w('Face to face', 'En face à face', 'Cara a cara', 'وجهًا لوجه'),
};

/** The dashboards' name of a level of the `mode` subgroup. */
export function modeLevelWord(lang: UiLanguage, level: string): string | undefined {
  return MODE_LEVELS[level]?.[lang];
}

/** The dashboards' short name of a weighting variable, if they have one (model.ts `subgroupLabels` otherwise reads the definition). */
export function subgroupWord(lang: UiLanguage, variable: string): string | undefined {
  return SUBGROUPS[variable]?.[lang];
}

/** A stable key of a geography: `world`, `region:<name>`, `country:<ISO3>`. */
export function geographyKey(g: Geography): string {
  return g.kind === 'world' ? 'world' : g.kind === 'region' ? `region:${g.region}` : `country:${g.iso3}`;
}
