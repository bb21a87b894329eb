/**
 * What the consent page says about the study (its `respondentInformation`): who is asking and why,
 * how answers are used and kept, that taking part is voluntary, whom to write to, and a link to the
 * full privacy notice. Also how the pages find a session's study, and how they sort the country
 * question's options by name in the respondent's language.
 */
import type { PageView } from '../collection/schemas.ts';
import { html, type Html } from '../html.ts';
import { findQuestion, type Instrument } from '../instrument/instrument.ts';
import type { Study } from '../instrument/study.ts';
import { translatedInformationFields } from '../instrument/respondent-information.ts';
import { ownEntry } from '../instrument/text.ts';
import { messageIn } from './messages.ts';

/** The study (of those the server loaded) that defines `instrument`, if any. */
export function studyOfInstrument(studies: readonly Study[] | undefined, instrument: Instrument): Study | undefined {
  return studies?.find((s) => s.instruments.some((i) => i.id === instrument.id));
}

/** The "who is asking and why" section of the consent page, or nothing when the study gives no information. */
export function studyInfoHtml(study: Study | undefined, lang: string, words: string): Html | '' {
  const info = study?.respondentInformation;
  if (!info) return '';
  const text = (t: Readonly<Record<string, string>> | undefined) => (t ? ownEntry(t, lang) : undefined);
  const rows = translatedInformationFields.map((f) => [`${f}Label` as const, text(info[f])] as const);
  return html`<section class="about" aria-labelledby="about-title">
<h2 id="about-title">${messageIn(words, 'aboutStudy')}</h2>
<dl>${rows.map(([label, value]) => (value ? html`<dt>${messageIn(words, label)}</dt><dd>${value}</dd>` : ''))}${
    info.contact
      ? html`<dt>${messageIn(words, 'contactLabel')}</dt><dd><a href="mailto:${info.contact}" dir="ltr">${info.contact}</a></dd>`
      : ''
  }</dl>
${info.privacyNotice ? html`<p><a href="${info.privacyNotice}">${messageIn(words, 'privacyLink')}</a></p>` : ''}
</section>`;
}

/**
 * The page with the study's country question's options sorted by name in `lang` (Intl.Collator):
 * anchored options ("another country") keep their place, missing codes stay last.
 */
export function countriesSorted(
  page: PageView,
  instrument: Instrument,
  study: Study | undefined,
  lang: string,
): PageView {
  const code = study?.countryQuestion;
  if (code === undefined || !page.questions.some((q) => q.code === code)) return page;
  const collator = new Intl.Collator(lang);
  return {
    ...page,
    questions: page.questions.map((q) => {
      if (q.code !== code) return q;
      const definition = findQuestion(instrument, code);
      const anchored = new Set(
        definition && 'options' in definition ? definition.options.filter((o) => o.anchor).map((o) => o.code) : [],
      );
      const movable = q.options.filter((o) => !o.missing && !anchored.has(o.code));
      const sorted = [...movable].sort((a, b) => collator.compare(a.label, b.label));
      let next = 0;
      const options = q.options.map((o) => (o.missing || anchored.has(o.code) ? o : (sorted[next++] ?? o)));
      return { ...q, options };
    }),
  };
}
