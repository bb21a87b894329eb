/** What a question page shows in interviewer mode: the banner with the language links, and the instructions. */
import { html, type Html } from '../html.ts';
import type { ResponseMode } from '../instrument/index.ts';
import { messageIn, pageWordsLang } from './messages.ts';

/** What a question page shows in interviewer mode (pages.ts). */
export interface InterviewerView {
  readonly mode: ResponseMode;
  readonly instructions: Readonly<Record<string, string>>;
  readonly languages: readonly { code: string; name: string; dir: string }[];
  /** The link that shows this page in another language. */
  readonly hrefIn: (lang: string) => string;
}

/** The words of the mode, in the page's language. */
export function modeWords(lang: string, mode: ResponseMode): string {
  return messageIn(lang, mode === 'phone' ? 'modePhone' : 'modeFaceToFace');
}

/** The banner, the language links and the instructions of a question page in interviewer mode. */
export function interviewerBanner(lang: string, view: InterviewerView): Html {
  const words = pageWordsLang(lang);
  return html`<div class="interviewer" role="note"><p><strong>${messageIn(words, 'interviewerMode', { mode: modeWords(words, view.mode) })}</strong></p>
<nav aria-label="${messageIn(words, 'respondentLanguage')}"><ul class="langs">${view.languages.map(
    (l) =>
      html`<li><a href="${view.hrefIn(l.code)}" lang="${l.code}" hreflang="${l.code}" dir="${l.dir}"${l.code === lang ? html` aria-current="true"` : ''}>${l.name}</a></li>`,
  )}</ul></nav></div>`;
}

/** An interviewer instruction, before its question. */
export function instructionHtml(lang: string, code: string, text: string | undefined): Html | '' {
  if (text === undefined) return '';
  return html`<p class="instruction" id="q-${code}-instruction"><strong>${messageIn(pageWordsLang(lang), 'interviewerSays')}:</strong> <bdi>${text}</bdi></p>`;
}
