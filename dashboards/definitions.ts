/**
 * An indicator's definition and base in the page's language, with the question's wording and the
 * answer labels of the study definition (the codebook and the metadata JSON keep the instrument's
 * English description, `describeIndicator`). Also the name of a change test in that language.
 */
import { CHANGE_TEST } from '../src/indicators/index.ts';
import type { Indicator, Study } from '../src/instrument/index.ts';
import { fillMessage } from '../src/messages.ts';
import { countOf, w, type UiLanguage, type Words } from './i18n.ts';
import { answerOptions, questionWording } from './model.ts';

const words = {
  bases: w(
    'Two bases: the headline figures count {base}. “All answers” counts every respondent asked the question, “don’t know” and refusals included, so its shares can differ slightly from the headline.',
    'Deux bases : les chiffres clés comptent les {base}. « Toutes les réponses » compte chaque répondant à qui la question a été posée, « ne sait pas » et refus compris, si bien que ses parts peuvent différer légèrement des chiffres clés.',
    'Dos bases: las cifras principales cuentan a los {base}. «Todas las respuestas» cuenta a cada encuestado a quien se hizo la pregunta, incluidos «no sabe» y las negativas, por lo que sus proporciones pueden diferir ligeramente de las cifras principales.',
    'أساسان مختلفان: تحسب الأرقام الرئيسية {base}. أما «كل الإجابات» فتحسب كل مستجيب طُرح عليه السؤال، بما في ذلك «لا أعرف» وحالات الرفض، لذا قد تختلف نسبها قليلًا عن الأرقام الرئيسية.',
  ),
  share: w(
    'Share of respondents answering “{q}” with {options}',
    'Part des répondants répondant « {q} » par {options}',
    'Proporción de encuestados que responden «{q}» con {options}',
    'نسبة المستجيبين الذين أجابوا عن «{q}» بـ {options}',
  ),
  or: w(' or ', ' ou ', ' o ', ' أو '),
  shareBase: w(
    'respondents asked the question who answered it',
    'répondants à qui la question a été posée et qui y ont répondu',
    'encuestados a quienes se hizo la pregunta y que la respondieron',
    'المستجيبون الذين طُرح عليهم السؤال وأجابوا عنه',
  ),
  dontKnowIn: w(
    '“don’t know” counts in the base (as not choosing)',
    '« ne sait pas » compte dans la base (comme ne choisissant pas)',
    '«no sabe» cuenta en la base (como no elegir)',
    '«لا أعرف» تُحسب ضمن الأساس (كعدم اختيار)',
  ),
  dontKnowOut: w(
    '“don’t know” is left out of the base',
    '« ne sait pas » est exclu de la base',
    '«no sabe» queda fuera de la base',
    '«لا أعرف» مستبعدة من الأساس',
  ),
  refusedIn: w(
    'refusals count in the base (as not choosing)',
    'les refus comptent dans la base (comme ne choisissant pas)',
    'las negativas cuentan en la base (como no elegir)',
    'حالات الرفض تُحسب ضمن الأساس (كعدم اختيار)',
  ),
  refusedOut: w(
    'refusals are left out of the base',
    'les refus sont exclus de la base',
    'las negativas quedan fuera de la base',
    'حالات الرفض مستبعدة من الأساس',
  ),
  never: w(
    'people not asked, who broke off or did not answer are never in it',
    'les personnes non interrogées, ayant abandonné ou sans réponse n’y sont jamais',
    'las personas a quienes no se preguntó, que abandonaron o no respondieron nunca están en ella',
    'لا يدخل فيه أبدًا من لم يُسأل أو انقطع أو لم يُجب',
  ),
  mean: w(
    'Mean score of “{q}” ({scores})',
    'Score moyen de « {q} » ({scores})',
    'Puntuación media de «{q}» ({scores})',
    'متوسط درجات «{q}» ({scores})',
  ),
  scoredBase: w(
    'respondents whose answer has a score',
    'répondants dont la réponse a un score',
    'encuestados cuya respuesta tiene puntuación',
    'المستجيبون الذين لإجابتهم درجة',
  ),
  index: w(
    '{combine} of the scores of {questions}, from {min} to {max}: {items}',
    '{combine} des scores de {questions}, de {min} à {max} : {items}',
    '{combine} de las puntuaciones de {questions}, de {min} a {max}: {items}',
    '{combine} درجات {questions}، من {min} إلى {max}: {items}',
  ),
  sum: w('Sum', 'Somme', 'Suma', 'مجموع'),
  average: w('Mean', 'Moyenne', 'Media', 'متوسط'),
  indexBase: w(
    'respondents with a scored answer to every question (any other answer, such as a refusal, leaves the respondent out)',
    'répondants ayant une réponse notée à chaque question (toute autre réponse, un refus par exemple, les exclut)',
    'encuestados con respuesta puntuada en todas las preguntas (cualquier otra respuesta, como una negativa, los excluye)',
    'المستجيبون الذين لديهم إجابة ذات درجة عن كل سؤال (أي إجابة أخرى، كالرفض، تستبعدهم)',
  ),
  gap: w(
    'Answer to “{q}” minus the official figure for the respondent’s country ({source}, the latest estimate at or before the wave’s year), in points',
    'Réponse à « {q} » moins le chiffre officiel du pays du répondant ({source}, la dernière estimation de l’année de la vague ou d’avant), en points',
    'Respuesta a «{q}» menos la cifra oficial del país del encuestado ({source}, la última estimación del año de la ola o anterior), en puntos',
    'الإجابة عن «{q}» مطروحًا منها الرقم الرسمي لبلد المستجيب ({source}، أحدث تقدير في سنة الموجة أو قبلها)، بالنقاط',
  ),
  overestimate: w(
    'Share of respondents whose answer to “{q}” exceeds the official figure for their country ({source}, the latest estimate at or before the wave’s year) by more than {margin} points',
    'Part des répondants dont la réponse à « {q} » dépasse de plus de {margin} points le chiffre officiel de leur pays ({source}, la dernière estimation de l’année de la vague ou d’avant)',
    'Proporción de encuestados cuya respuesta a «{q}» supera en más de {margin} puntos la cifra oficial de su país ({source}, la última estimación del año de la ola o anterior)',
    'نسبة المستجيبين الذين تتجاوز إجابتهم عن «{q}» الرقم الرسمي لبلدهم ({source}، أحدث تقدير في سنة الموجة أو قبلها) بأكثر من {margin} نقاط',
  ),
  numericBase: w(
    'respondents who gave a number (“don’t know” and refusals are left out)',
    'répondants ayant donné un nombre (« ne sait pas » et refus exclus)',
    'encuestados que dieron un número («no sabe» y negativas excluidos)',
    'المستجيبون الذين أعطوا رقمًا (تُستبعد «لا أعرف» وحالات الرفض)',
  ),
  changeTest: w(
    'two-sided z test, independent samples (SE = √(SE₁² + SE₂²))',
    'test z bilatéral, échantillons indépendants (ET = √(ET₁² + ET₂²))',
    'prueba z bilateral, muestras independientes (EE = √(EE₁² + EE₂²))',
    'اختبار z ثنائي الطرف، عينات مستقلة (الخطأ المعياري = √(خ₁² + خ₂²))',
  ),
} satisfies Record<string, Words>;

/** The label of each answer code of a question in `lang` (codes without a label stay as they are). */
function labelsOf(study: Study, question: string, lang: UiLanguage): (code: string) => string {
  const labels = new Map(answerOptions(study, question, lang).map((o) => [o.code, o.label]));
  return (code) => labels.get(code) ?? code;
}

/** A reference series' publisher and title, as cited beside its figures. */
export function referenceSource(study: Study, id: string): string {
  const series = study.references.find((r) => r.id === id);
  if (!series) throw new Error(`study ${study.id} has no reference series ${id}`);
  return `${series.source.publisher}, ${series.source.title}`;
}

function wording(study: Study, question: string, lang: UiLanguage): string {
  return questionWording(study, question, lang) ?? question;
}

function scoreList(study: Study, question: string, scores: Readonly<Record<string, number>>, lang: UiLanguage) {
  const label = labelsOf(study, question, lang);
  return Object.entries(scores)
    .map(([code, score]) => `${label(code)} = ${score}`)
    .join(', ');
}

/**
 * The note that sets the headline's base beside the answer distribution's (every answer, "don't
 * know" and refusals included), for a share whose base leaves either out; null when the two are one.
 */
export function basesNote(indicator: Indicator, lang: UiLanguage): string | null {
  if (indicator.kind !== 'share') return null;
  if (indicator.base.dontKnow === 'included' && indicator.base.refused === 'included') return null;
  const dontKnow = indicator.base.dontKnow === 'included' ? words.dontKnowIn : words.dontKnowOut;
  const refused = indicator.base.refused === 'included' ? words.refusedIn : words.refusedOut;
  const base = `${words.shareBase[lang]}: ${dontKnow[lang]}; ${refused[lang]}`;
  return fillMessage(lang, words.bases[lang], { base });
}

/** The indicator's definition and base as a reader of the page's language reads them. */
export function localDefinition(
  study: Study,
  indicator: Indicator,
  lang: UiLanguage,
): { definition: string; base: string } {
  const never = words.never[lang];
  switch (indicator.kind) {
    case 'share': {
      const label = labelsOf(study, indicator.question, lang);
      const options = indicator.options.map((o) => `“${label(o)}”`).join(words.or[lang]);
      const dontKnow = indicator.base.dontKnow === 'included' ? words.dontKnowIn : words.dontKnowOut;
      const refused = indicator.base.refused === 'included' ? words.refusedIn : words.refusedOut;
      return {
        definition: fillMessage(lang, words.share[lang], { q: wording(study, indicator.question, lang), options }),
        base: `${words.shareBase[lang]}; ${dontKnow[lang]}; ${refused[lang]}; ${never}`,
      };
    }
    case 'mean': {
      const scores = indicator.scores ? scoreList(study, indicator.question, indicator.scores, lang) : '';
      return {
        definition: fillMessage(lang, words.mean[lang], { q: wording(study, indicator.question, lang), scores }),
        base: `${words.scoredBase[lang]}; ${never}`,
      };
    }
    case 'gap':
    case 'overestimate': {
      const source = referenceSource(study, indicator.reference);
      const q = wording(study, indicator.question, lang);
      return {
        definition:
          indicator.kind === 'gap'
            ? fillMessage(lang, words.gap[lang], { q, source })
            : fillMessage(lang, words.overestimate[lang], { q, source, margin: indicator.margin }),
        base: `${words.numericBase[lang]}; ${never}`,
      };
    }
    case 'index': {
      const items = indicator.items
        .map((i) => `“${wording(study, i.question, lang)}” (${scoreList(study, i.question, i.scores, lang)})`)
        .join('; ');
      return {
        definition: fillMessage(lang, words.index[lang], {
          combine: (indicator.combine === 'sum' ? words.sum : words.average)[lang],
          questions: countOf(lang, 'questions', indicator.items.length),
          min: indicator.range.min,
          max: indicator.range.max,
          items,
        }),
        base: `${words.indexBase[lang]}; ${never}`,
      };
    }
  }
}

/** A change test's name in `lang`: the pipeline's test in words; any other named as the data name it. */
export function testName(lang: UiLanguage, test: string): string {
  return test === CHANGE_TEST ? words.changeTest[lang] : test;
}
