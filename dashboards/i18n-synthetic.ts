/**
 * The synthetic control's words in the dashboards' languages, and its sentences: the donors'
 * weights, the pre-campaign fit wave by wave, the gap after the campaign, the placebo-in-space
 * rank, and — with two waves or fewer before the campaign — the plain statement that the method
 * is weak. The campaign page shows them; `barometer campaign report` prints them in `--lang`.
 */
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { exactPreFit, type SyntheticImpact } from '../src/indicators/campaign/synthetic.ts';
import { countryName, w, type UiLanguage, type Words } from './i18n.ts';
import { formatAim, formatPoints } from './i18n-campaign.ts';

const words = {
  title: w(
    'Synthetic control, beside the difference-in-differences',
    'Contrôle synthétique, à côté de la double différence',
    'Control sintético, junto a la diferencia en diferencias',
    'الضبط التركيبي، إلى جانب الفرق في الفروق',
  ),
  intro: w(
    'A weighted mix of donor countries chosen to match {treated} before the campaign (Abadie, Diamond and Hainmueller 2010). Donor weights: {weights}.',
    'Un mélange pondéré de pays donneurs choisi pour reproduire {treated} avant la campagne (Abadie, Diamond et Hainmueller 2010). Poids des donneurs : {weights}.',
    'Una mezcla ponderada de países donantes elegida para reproducir {treated} antes de la campaña (Abadie, Diamond y Hainmueller 2010). Pesos de los donantes: {weights}.',
    'مزيج مرجّح من البلدان المانحة اختير ليطابق {treated} قبل الحملة (أبادي وديموند وهاينمولر 2010). أوزان البلدان المانحة: {weights}.',
  ),
  fit: w(
    'Fit before the campaign: root mean squared difference {rmspe} points over {n} waves.',
    'Ajustement avant la campagne : écart quadratique moyen {rmspe} points sur {n} vagues.',
    'Ajuste antes de la campaña: diferencia cuadrática media {rmspe} puntos en {n} oleadas.',
    'المطابقة قبل الحملة: جذر متوسط مربع الفرق \u2066{rmspe}\u2069 نقطة على \u2068{n}\u2069 موجات.',
  ),
  effect: w(
    'After the campaign ({wave}): {treated} {t}% against {s}% for its synthetic control, a gap of {gap} points.',
    'Après la campagne ({wave}) : {treated} {t} % contre {s} % pour son contrôle synthétique, un écart de {gap} points.',
    'Después de la campaña ({wave}): {treated} {t} % frente a {s} % de su control sintético, una brecha de {gap} puntos.',
    'بعد الحملة (\u2066{wave}\u2069): {treated} \u2066{t}%\u2069 مقابل \u2066{s}%\u2069 لضبطها التركيبي، بفارق \u2066{gap}\u2069 نقطة.',
  ),
  placebo: w(
    'Placebo in space: with each donor treated as if it had run the campaign, the ratio of the gap after to the fit before ({ratio} for {treated}) ranks {treated} {rank} of {units} (permutation p = {p}; the smallest possible with {units} countries is {min}).',
    'Placebo dans l’espace : chaque donneur traité comme s’il avait mené la campagne, le rapport de l’écart après à l’ajustement avant ({ratio} pour {treated}) classe {treated} {rank} sur {units} (p de permutation = {p} ; le plus petit possible avec {units} pays est {min}).',
    'Placebo en el espacio: con cada donante tratado como si hubiera hecho la campaña, la razón entre la brecha después y el ajuste antes ({ratio} para {treated}) sitúa a {treated} en el puesto {rank} de {units} (p de permutación = {p}; el menor posible con {units} países es {min}).',
    'اختبار وهمي مكاني: بمعاملة كل بلد مانح كأنه نفّذ الحملة، تضع نسبة الفارق بعدها إلى المطابقة قبلها (\u2066{ratio}\u2069 لـ{treated}) {treated} في المرتبة \u2068{rank}\u2069 من \u2068{units}\u2069 (قيمة p التبادلية = \u2066{p}\u2069؛ وأصغر قيمة ممكنة مع \u2068{units}\u2069 بلدان هي \u2066{min}\u2069).',
  ),
  weak: w(
    'Fitted on only {n} waves before the campaign, this method is weak: many mixes of donors match so few values, so a close fit says little. Read it beside the difference-in-differences, not instead of it.',
    'Ajusté sur seulement {n} vagues avant la campagne, cette méthode est fragile : beaucoup de mélanges de donneurs reproduisent si peu de valeurs, et un bon ajustement dit peu de chose. À lire à côté de la double différence, non à sa place.',
    'Ajustado con solo {n} oleadas antes de la campaña, este método es débil: muchas mezclas de donantes reproducen tan pocos valores, y un buen ajuste dice poco. Léalo junto a la diferencia en diferencias, no en su lugar.',
    'لأنه مُطابَق على \u2068{n}\u2069 موجات فقط قبل الحملة، فهذا الأسلوب ضعيف: مزائج كثيرة من البلدان المانحة تطابق قيمًا قليلة كهذه، فلا تعني المطابقة الجيدة الكثير. اقرأه إلى جانب الفرق في الفروق لا بدلًا منه.',
  ),
  poorFit: w(
    'The donors cannot reproduce {treated} before the campaign: the fit misses by {rmspe} points, more than the effect the campaign aimed for, {aimed}, so the gap after it cannot be told from that misfit.',
    'Les donneurs ne reproduisent pas {treated} avant la campagne : l’ajustement s’écarte de {rmspe} points, plus que l’effet visé par la campagne, {aimed}, si bien que l’écart après elle ne se distingue pas de ce défaut d’ajustement.',
    'Los donantes no reproducen {treated} antes de la campaña: el ajuste se desvía {rmspe} puntos, más que el efecto que buscaba la campaña, {aimed}, así que la brecha posterior no se distingue de ese desajuste.',
    'لا تستطيع البلدان المانحة مطابقة {treated} قبل الحملة: تبتعد المطابقة ⁦{rmspe}⁩ نقطة، أكثر من الأثر الذي استهدفته الحملة، ⁦{aimed}⁩، فلا يمكن تمييز الفارق بعدها عن سوء المطابقة هذا.',
  ),
  noData: w(
    'Synthetic control not shown: a country has no respondents in a wave around the campaign.',
    'Contrôle synthétique non affiché : un pays n’a aucun répondant dans une vague autour de la campagne.',
    'Control sintético no mostrado: un país no tiene encuestados en una oleada en torno a la campaña.',
    'لا يُعرض الضبط التركيبي: لا مستجيبين لبلد ما في إحدى الموجات المحيطة بالحملة.',
  ),
  small: w(
    'Synthetic control withheld: it rests on a country’s share in a wave with fewer than {n} respondents.',
    'Contrôle synthétique non publié : il repose sur la part d’un pays dans une vague comptant moins de {n} répondants.',
    'Control sintético no publicado: se basa en la proporción de un país en una oleada con menos de {n} encuestados.',
    'حُجب الضبط التركيبي: يستند إلى نسبة بلد في موجة تضم أقل من \u2068{n}\u2069 مستجيبًا.',
  ),
  donorsNote: w(
    'They are also the donors of each indicator’s synthetic control.',
    'Ce sont aussi les donneurs du contrôle synthétique de chaque indicateur.',
    'Son también los donantes del control sintético de cada indicador.',
    'وهي أيضًا البلدان المانحة للضبط التركيبي لكل مؤشر.',
  ),
  wave: w('Wave', 'Vague', 'Oleada', 'الموجة'),
  synthetic: w('Synthetic control', 'Contrôle synthétique', 'Control sintético', 'الضبط التركيبي'),
  gap: w('Gap (points)', 'Écart (points)', 'Brecha (puntos)', 'الفارق (نقاط)'),
  before: w('before', 'avant', 'antes', 'قبل'),
  after: w('after', 'après', 'después', 'بعد'),
  country: w('Country', 'Pays', 'País', 'البلد'),
  preRmspe: w('Fit before (RMSPE)', 'Ajustement avant (REQM)', 'Ajuste antes (RECM)', 'المطابقة قبل (RMSPE)'),
  postRmspe: w('Gap after (RMSPE)', 'Écart après (REQM)', 'Brecha después (RECM)', 'الفارق بعد (RMSPE)'),
  ratio: w('Ratio', 'Rapport', 'Razón', 'النسبة'),
  exactFit: w(
    'not defined (exact fit before)',
    'non défini (ajustement exact avant)',
    'no definida (ajuste exacto antes)',
    'غير معرّفة (مطابقة تامة قبل)',
  ),
  placeboTitle: w(
    'Placebo in space: each country as if treated',
    'Placebo dans l’espace : chaque pays comme s’il était traité',
    'Placebo en el espacio: cada país como si fuera tratado',
    'اختبار وهمي مكاني: كل بلد كأنه عولج',
  ),
  fitTitle: w(
    'Campaign country and its synthetic control, wave by wave',
    'Pays de la campagne et son contrôle synthétique, vague par vague',
    'País de la campaña y su control sintético, oleada por oleada',
    'بلد الحملة وضبطه التركيبي، موجة بموجة',
  ),
} satisfies Record<string, Words>;

export type SyntheticWord = keyof typeof words;

export function saySynthetic(lang: UiLanguage, key: SyntheticWord, vars: MessageValues = {}): string {
  return fillMessage(lang, words[key][lang], vars);
}

/** A post/pre RMSPE ratio as the page writes it (two decimals), or "not defined (exact fit before)" (`exactPreFit`). */
export function ratioText(lang: UiLanguage, ratio: number, preRmspe: number): string {
  return exactPreFit(preRmspe) ? saySynthetic(lang, 'exactFit') : formatPoints(lang, ratio, 2);
}

/**
 * The sentences of a synthetic control in `lang`: what it is and its weights, its fit, the gap, the
 * placebo rank (`sentences`); and its cautions, a fit that misses by more than the aimed effect
 * and the weakness of two pre-campaign waves (`cautions`). A withheld one: why (`minimumN` the
 * study's). `aimed` is the outcome's aimed effect in points.
 */
export function syntheticText(
  lang: UiLanguage,
  s: SyntheticImpact,
  minimumN: number,
  aimed: number,
): { readonly sentences: string[]; readonly cautions: string[] } {
  if (s.kind === 'withheld')
    return {
      sentences: [],
      cautions: [s.reason === 'no_data' ? saySynthetic(lang, 'noData') : saySynthetic(lang, 'small', { n: minimumN })],
    };
  const name = (iso3: string) => countryName(lang, iso3, iso3);
  const pts = (x: number, digits = 1) => formatPoints(lang, x, digits);
  const treated = name(s.treated);
  const weights = [...s.donors]
    .filter((d) => d.weight >= 0.0005)
    .sort((a, b) => b.weight - a.weight)
    .map((d) => `${name(d.country)} ${pts(100 * d.weight, 1)}%`)
    .join(', ');
  const after = s.waves.find((x) => x.wave === s.effect.wave);
  return {
    sentences: [
      saySynthetic(lang, 'intro', { treated, weights }),
      saySynthetic(lang, 'fit', { rmspe: pts(s.preRmspe, 2), n: s.preWaves }),
      saySynthetic(lang, 'effect', {
        wave: s.effect.wave,
        treated,
        t: pts(after?.treated ?? Number.NaN),
        s: pts(after?.synthetic ?? Number.NaN),
        gap: pts(s.effect.estimate),
      }),
      saySynthetic(lang, 'placebo', {
        ratio: ratioText(lang, s.ratio, s.preRmspe),
        treated,
        rank: s.rank,
        units: s.units,
        p: pts(s.p, 3),
        min: pts(1 / s.units, 3),
      }),
    ],
    cautions: [
      ...(s.poorFit
        ? [saySynthetic(lang, 'poorFit', { treated, rmspe: pts(s.preRmspe), aimed: formatAim(lang, aimed) })]
        : []),
      ...(s.weak ? [saySynthetic(lang, 'weak', { n: s.preWaves })] : []),
    ],
  };
}

/** The sentences then the cautions, as `barometer campaign report` prints them. */
export function syntheticSentences(lang: UiLanguage, s: SyntheticImpact, minimumN: number, aimed: number): string[] {
  const { sentences, cautions } = syntheticText(lang, s, minimumN, aimed);
  return [...sentences, ...cautions];
}

/** The fit wave by wave and the placebo ranks as the page's two tables (numbers written for `lang`). */
export function syntheticTables(lang: UiLanguage, s: Extract<SyntheticImpact, { kind: 'fitted' }>) {
  const name = (iso3: string) => countryName(lang, iso3, iso3);
  const pts = (x: number, digits = 1) => formatPoints(lang, x, digits);
  const fit = {
    columns: [
      { key: 'wave', label: saySynthetic(lang, 'wave'), type: 'text' as const },
      { key: 'treated', label: name(s.treated), type: 'text' as const },
      { key: 'synthetic', label: saySynthetic(lang, 'synthetic'), type: 'text' as const },
      { key: 'gap', label: saySynthetic(lang, 'gap'), type: 'text' as const },
    ],
    rows: s.waves.map((x) => [
      `${x.wave} (${saySynthetic(lang, x.post ? 'after' : 'before')})`,
      `${pts(x.treated)}%`,
      `${pts(x.synthetic)}%`,
      pts(x.gap),
    ]),
  };
  const units = [
    { country: s.treated, preRmspe: s.preRmspe, postRmspe: s.postRmspe, ratio: s.ratio, effect: s.effect.estimate },
    ...s.placebos,
  ].sort((a, b) => b.ratio - a.ratio || (a.country === s.treated ? 1 : b.country === s.treated ? -1 : 0));
  const placebos = {
    columns: (
      [
        ['country', 'country'],
        ['pre_rmspe', 'preRmspe'],
        ['post_rmspe', 'postRmspe'],
        ['ratio', 'ratio'],
        ['gap', 'gap'],
      ] as const
    ).map(([key, word]) => ({ key, label: saySynthetic(lang, word), type: 'text' as const })),
    rows: units.map((u, k) => [
      `${k + 1}. ${name(u.country)}${u.country === s.treated ? ' ★' : ''}`,
      pts(u.preRmspe, 2),
      pts(u.postRmspe, 2),
      ratioText(lang, u.ratio, u.preRmspe),
      pts(u.effect),
    ]),
  };
  return { fit, placebos };
}
