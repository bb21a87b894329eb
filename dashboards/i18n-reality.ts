/**
 * The official figures a study sets its answers beside (its reference series, e.g. the
 * foreign-born share): the methodology page's section on where they come from and which year each
 * wave is compared with, the source line under a chart and in a download, and the plain-language
 * sentence of a perception-versus-reality view, in the dashboards' languages.
 */
import { referenceFor, type ReferenceSeries, type Study } from '../src/instrument/index.ts';
import { fillMessage, type MessageValues } from '../src/messages.ts';
import { html, type Html } from '../src/html.ts';
import { formatCount } from './format.ts';
import { w, type UiLanguage } from './i18n.ts';
import { studyText } from './model.ts';

const words = {
  heading: w(
    'Official figures beside the answers',
    'Chiffres officiels mis en regard des réponses',
    'Cifras oficiales junto a las respuestas',
    'الأرقام الرسمية إلى جانب الإجابات',
  ),
  rule: w(
    'Each wave is compared with the latest published estimate for its country at or before the wave’s year, never with a figure published after the fieldwork. The official figure is treated as known: the interval of a gap is the interval of the answers.',
    'Chaque vague est comparée à la dernière estimation publiée pour son pays l’année de la vague ou avant, jamais à un chiffre publié après le terrain. Le chiffre officiel est tenu pour connu : l’intervalle d’un écart est celui des réponses.',
    'Cada ola se compara con la última estimación publicada para su país en el año de la ola o antes, nunca con una cifra publicada después del trabajo de campo. La cifra oficial se considera conocida: el intervalo de una brecha es el de las respuestas.',
    'تُقارن كل موجة بأحدث تقدير منشور لبلدها في سنة الموجة أو قبلها، ولا تُقارن أبدًا برقم نُشر بعد العمل الميداني. ويُعامل الرقم الرسمي على أنه معلوم: فترة الفجوة هي فترة الإجابات.',
  ),
  matched: w(
    'Wave {wave}: estimates of {year}',
    'Vague {wave} : estimations de {year}',
    'Ola {wave}: estimaciones de {year}',
    'موجة {wave}: تقديرات {year}',
  ),
  licence: w('Licence', 'Licence', 'Licencia', 'الترخيص'),
  perceivedShort: w('Adults’ estimate', 'Estimation des adultes', 'Estimación de los adultos', 'تقدير البالغين'),
  actualShort: w('Official figure', 'Chiffre officiel', 'Cifra oficial', 'الرقم الرسمي'),
  gapShort: w('Gap (points)', 'Écart (points)', 'Brecha (puntos)', 'الفجوة (نقاط)'),
  title: w(
    'Perception against reality: people born abroad, out of 100',
    'Perception et réalité : personnes nées à l’étranger, sur 100',
    'Percepción y realidad: personas nacidas en el extranjero, de cada 100',
    'التصور والواقع: المولودون في الخارج من كل 100 شخص',
  ),
  regions: w('Regions and the world', 'Régions et monde', 'Regiones y mundo', 'المناطق والعالم'),
  countries: w('Countries', 'Pays', 'Países', 'البلدان'),
  aggregateSource: w(
    'Regions and the world: the countries’ official figures weighted by the same adult populations as the estimates.',
    'Régions et monde : les chiffres officiels des pays pondérés par les mêmes populations adultes que les estimations.',
    'Regiones y mundo: las cifras oficiales de los países ponderadas por las mismas poblaciones adultas que las estimaciones.',
    'المناطق والعالم: الأرقام الرسمية للبلدان مرجّحة بأعداد البالغين نفسها المستخدمة في التقديرات.',
  ),
  gapLinks: w(
    'The gap as a ranking and a map:',
    'L’écart en classement et en carte :',
    'La brecha como clasificación y mapa:',
    'الفجوة ترتيبًا وخريطة:',
  ),
  sourceLine: w(
    'Official figure: {publisher}, {title}, estimate of {year} ({licence}).',
    'Chiffre officiel : {publisher}, {title}, estimation de {year} ({licence}).',
    'Cifra oficial: {publisher}, {title}, estimación de {year} ({licence}).',
    'الرقم الرسمي: {publisher}، {title}، تقدير عام {year} ({licence}).',
  ),
  plain: w(
    'Adults in {place} think {perceived} in 100 people were born abroad; the official figure is {actual}.',
    'Les adultes ({place}) pensent que {perceived} personnes sur 100 sont nées à l’étranger ; le chiffre officiel est de {actual}.',
    'Los adultos de {place} creen que {perceived} de cada 100 personas nacieron en el extranjero; la cifra oficial es {actual}.',
    'يعتقد البالغون في {place} أن {perceived} من كل 100 شخص وُلدوا في الخارج؛ والرقم الرسمي هو {actual}.',
  ),
  notYet: w(
    'The question is first asked in the {year} wave ({status}, fieldwork {start} – {end}); these figures appear once that wave is collected and weighted. The official figures it will be set beside are described on the methodology page.',
    'La question est posée pour la première fois dans la vague {year} ({status}, terrain du {start} au {end}) ; ces chiffres paraîtront une fois cette vague recueillie et pondérée. Les chiffres officiels auxquels elle sera comparée sont décrits dans la page de méthodologie.',
    'La pregunta se hace por primera vez en la ola {year} ({status}, trabajo de campo del {start} al {end}); estas cifras aparecerán cuando esa ola se haya recogido y ponderado. Las cifras oficiales con las que se comparará se describen en la página de metodología.',
    'يُطرح السؤال لأول مرة في موجة {year} ({status}، العمل الميداني من {start} إلى {end})؛ وستظهر هذه الأرقام بعد جمع تلك الموجة وترجيحها. والأرقام الرسمية التي ستُقارن بها موصوفة في صفحة المنهجية.',
  ),
  planned: w('planned', 'prévue', 'prevista', 'مخطط لها'),
  fielding: w('in the field', 'en cours', 'en campo', 'قيد التنفيذ'),
  closed: w('closed', 'close', 'cerrada', 'مغلقة'),
  plainWorld: w(
    'Adults worldwide think {perceived} in 100 people were born abroad; the official figure is {actual}.',
    'Les adultes du monde entier pensent que {perceived} personnes sur 100 sont nées à l’étranger ; le chiffre officiel est de {actual}.',
    'Los adultos de todo el mundo creen que {perceived} de cada 100 personas nacieron en el extranjero; la cifra oficial es {actual}.',
    'يعتقد البالغون في العالم أن {perceived} من كل 100 شخص وُلدوا في الخارج؛ والرقم الرسمي هو {actual}.',
  ),
} as const;

export function sayReality(lang: UiLanguage, key: keyof typeof words, values?: MessageValues): string {
  return fillMessage(lang, words[key][lang], values ?? {});
}

/** The source line of a series' figure for a wave of `year`: publisher, title, the estimate's year, licence. */
export function referenceSourceLine(lang: UiLanguage, series: ReferenceSeries, estimateYear: number): string {
  const s = series.source;
  return sayReality(lang, 'sourceLine', {
    publisher: s.publisher,
    title: s.title,
    year: String(estimateYear),
    licence: s.licence,
  });
}

/** "Adults in X think 31 in 100 people were born abroad; the official figure is 17." (whole numbers). */
export function plainPerception(lang: UiLanguage, place: string | 'world', perceived: number, actual: number): string {
  return sayReality(lang, place === 'world' ? 'plainWorld' : 'plain', {
    place,
    perceived: formatCount(lang, Math.round(perceived)),
    actual: formatCount(lang, Math.round(actual)),
  });
}

/** The methodology page's section on the study's reference series: sources, licences and the year each wave reads. */
export function referencesSection(lang: UiLanguage, study: Study, view: string | null = null): Html | '' {
  if (study.references.length === 0) return '';
  const series = study.references.map((r) => {
    const years = study.waves.map((wave) => {
      const matched = new Set(wave.countries.map((c) => referenceFor(r, c.iso3, wave.year)?.year));
      return sayReality(lang, 'matched', { wave: String(wave.year), year: [...matched].sort().join(', ') });
    });
    const s = r.source;
    return html`<h3>${studyText(study, r.label, lang)}</h3>
<p>${s.publisher}, <cite>${s.title}</cite> (${s.year})${s.url ? html`, <span class="url">${s.url}</span>` : ''}. ${sayReality(lang, 'licence')}: ${s.licence}.${s.note ? ` ${s.note}.` : ''}</p>
<ul>${years.map((y) => html`<li>${y}</li>`)}</ul>`;
  });
  return html`<section aria-labelledby="m-reality"><h2 id="m-reality">${sayReality(lang, 'heading')}</h2><p>${sayReality(lang, 'rule')}</p>${series}${view === null ? '' : html`<p><a href="${view}">${sayReality(lang, 'title')}</a></p>`}</section>`;
}
