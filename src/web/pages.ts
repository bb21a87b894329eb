/**
 * The respondent pages as HTML strings: welcome and consent, one page per
 * block, saved-for-later, ready-to-submit, thank-you, and error pages. Every
 * interpolated value is escaped by `html`; texts come from the instrument or
 * from `messages.ts` in the respondent's language.
 */
import type { PageView } from '../collection/schemas.ts';
import { scriptUrl, stylesheetUrl } from './assets.ts';
import { html, type Html } from '../html.ts';
import { pageWordsLang, messageIn } from './messages.ts';
import { errorText, firstControlId, questionHtml, type FieldError, type PageQuestion } from './questions.ts';
import type { TextDirection } from '../instrument/text.ts';
import { instructionHtml, interviewerBanner, type InterviewerView } from './interviewer-html.ts';

export interface PageFrame {
  /** Language of the page (instrument language); its words come in that language when we have them. */
  readonly lang: string;
  readonly dir: TextDirection;
  readonly title: string;
  /** Shown in the header: the study the respondent is answering. */
  readonly study?: string | undefined;
}

export function layout(frame: PageFrame, body: Html): string {
  const words = pageWordsLang(frame.lang);
  return html`<!doctype html>
<html lang="${frame.lang}" dir="${frame.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title}</title>
<link rel="stylesheet" href="${stylesheetUrl}">
<script src="${scriptUrl}" defer></script>
</head>
<body>
<a class="skip" href="#main">${messageIn(words, 'skip')}</a>
<header class="site">Barometer${frame.study ? html` <span>· ${frame.study}</span>` : ''}</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`.toString();
}

function hidden(name: string, value: string | number | undefined): Html | '' {
  return value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`;
}

export interface SummaryEntry {
  readonly href: string;
  readonly text: string;
}

function errorSummary(lang: string, entries: readonly SummaryEntry[]): Html | '' {
  if (entries.length === 0) return '';
  return html`<div class="summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${messageIn(lang, 'errorTitle')}</h2>
<p>${messageIn(lang, 'errorIntro')}</p>
<ul>${entries.map((e) => html`<li><a href="${e.href}">${e.text}</a></li>`)}</ul>
</div>`;
}

function shorten(text: string, max = 70): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// ---------------------------------------------------------------- welcome

export interface WelcomeInput {
  readonly waveId: string;
  readonly lang: string;
  readonly dir: TextDirection;
  readonly title: string;
  readonly description?: string | undefined;
  readonly languages: readonly { code: string; name: string; dir: TextDirection }[];
  /** The consent questions of the first page (their text is the information respondents agree to). */
  readonly consent: readonly PageQuestion[];
  readonly token: string;
  readonly nonce: string;
  readonly invitation?: string | undefined;
  /** Set when the form came back without agreement. */
  readonly missingConsent?: boolean;
  /** Who is asking and why (study-info.ts), shown before the agreement. */
  readonly studyInfo?: Html | '';
}

export function welcomePage(welcome: WelcomeInput): string {
  const words = pageWordsLang(welcome.lang);
  const boxes =
    welcome.consent.length > 0
      ? welcome.consent.map((q) => ({ name: `consent.${q.code}`, id: `consent-${q.code}`, text: q.text }))
      : [{ name: 'consent', id: 'consent-0', text: undefined }];
  const errorId = 'consent-error';
  const error = welcome.missingConsent === true;
  const entries = error ? [{ href: `#${boxes[0]?.id ?? 'consent-0'}`, text: messageIn(words, 'agreeRequired') }] : [];
  const body = html`
<h1>${welcome.title}</h1>
${
  welcome.languages.length > 1
    ? html`<nav aria-label="${messageIn(words, 'chooseLanguage')}"><ul class="langs">${welcome.languages.map(
        (l) =>
          html`<li><a href="/w/${welcome.waveId}?lang=${l.code}${welcome.invitation ? `&invitation=${encodeURIComponent(welcome.invitation)}` : ''}" lang="${l.code}" hreflang="${l.code}" dir="${l.dir}"${l.code === welcome.lang ? html` aria-current="true"` : ''}>${l.name}</a></li>`,
      )}</ul></nav>`
    : ''
}
${errorSummary(words, entries)}
${welcome.description ? html`<p class="lead">${welcome.description}</p>` : ''}
${welcome.studyInfo ?? ''}
<form method="post" action="/w/${welcome.waveId}/start" data-once novalidate>
${hidden('csrf', welcome.token)}${hidden('nonce', welcome.nonce)}${hidden('lang', welcome.lang)}${hidden('invitation', welcome.invitation)}
${boxes.map(
  (b) => html`<div class="q${error ? ' invalid' : ''}">
${b.text !== undefined ? html`<p class="consent" id="${b.id}-text">${b.text}</p>` : ''}
${error ? html`<p class="error" id="${errorId}">${messageIn(words, 'agreeRequired')}</p>` : ''}
<div class="opt"><input type="checkbox" id="${b.id}" name="${b.name}" value="true"${
    [b.text !== undefined ? `${b.id}-text` : '', error ? errorId : ''].filter(Boolean).length > 0
      ? html` aria-describedby="${[b.text !== undefined ? `${b.id}-text` : '', error ? errorId : ''].filter(Boolean).join(' ')}"`
      : ''
  }${error ? html` aria-invalid="true"` : ''}><label for="${b.id}">${messageIn(words, 'agree')}</label></div>
</div>`,
)}
<div class="actions"><button type="submit" class="primary">${messageIn(words, 'start')}</button></div>
</form>`;
  return layout(
    {
      lang: welcome.lang,
      dir: welcome.dir,
      title: `${error ? `${messageIn(words, 'errorTitle')}: ` : ''}${welcome.title}`,
    },
    body,
  );
}

// ---------------------------------------------------------------- question page

export interface QuestionPageInput {
  readonly sessionId: string;
  readonly lang: string;
  readonly dir: TextDirection;
  readonly study: string;
  readonly page: PageView;
  /** Where the page sits: its number among the pages shown, and its share of the instrument's whole order. */
  readonly position: PagePosition;
  /** Answers to show: stored, or as just sent when the page comes back with errors. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly errors: Readonly<Record<string, FieldError>>;
  readonly token: string;
  readonly nonce: string;
  /** Without cookies: the token of this page that carries the session (collection/page-token.ts). */
  readonly pageToken?: string | undefined;
  readonly canGoBack: boolean;
  /**
   * The page is the review page: the instrument's last page has only information on it (closing
   * words), so it is shown as "check and submit your answers" and its button submits.
   */
  readonly review: boolean;
  /** Its "next" button submits the answers (the review page; an interview's last page). */
  readonly submits: boolean;
  /** In interviewer mode: the mode, the instructions and the language links (interviewer.ts). */
  readonly interviewer?: InterviewerView | undefined;
}

/**
 * A page's place in the survey, counted so it never changes mid-survey: `page` is its number among
 * the pages the respondent has been shown (earlier pages are settled by earlier answers), `share`
 * the part of the instrument's whole presentation order before it (every page that may be shown,
 * whatever the answers), 0–1.
 */
export interface PagePosition {
  readonly page: number;
  readonly share: number;
}

export function questionPage(p: QuestionPageInput): string {
  const words = pageWordsLang(p.lang);
  const heading = p.review ? messageIn(words, 'reviewTitle') : (p.page.title ?? p.study);
  const entries: SummaryEntry[] = p.page.questions.flatMap((q) => {
    const e = p.errors[q.code];
    return e ? [{ href: `#${firstControlId(q, e)}`, text: `${shorten(q.text)} — ${errorText(words, q, e)}` }] : [];
  });
  // Errors about questions not on this page (should not happen) still get a line.
  for (const [code, e] of Object.entries(p.errors)) {
    if (!p.page.questions.some((q) => q.code === code))
      entries.push({ href: '#main', text: e.message ?? messageIn(words, 'err.invalid') });
  }
  // The page's number among the pages shown so far, and how far through the instrument's whole
  // order it sits: neither changes when a later answer shows or hides a page further on.
  const progressText = messageIn(words, 'pageNumber', { page: p.position.page });
  const percent = Math.round(p.position.share * 100);
  const body = html`
<div class="progress"><p id="progress-text">${progressText}</p><progress max="100" value="${percent}" aria-label="${messageIn(words, 'progressShare', { percent })}"></progress></div>
${p.interviewer ? interviewerBanner(p.lang, p.interviewer) : ''}
${errorSummary(words, entries)}
<h1>${heading}</h1>
<form method="post" action="/s/${p.sessionId}/pages/${p.page.blockId}" data-once data-page novalidate>
${hidden('csrf', p.token)}${hidden('nonce', p.nonce)}${hidden('st', p.pageToken)}${hidden('lang', p.interviewer ? p.lang : undefined)}<input type="hidden" name="seconds" value="">
${
  p.review
    ? reviewWords(words)
    : p.page.questions.map(
        (q) =>
          html`${p.interviewer ? instructionHtml(p.lang, q.code, p.interviewer.instructions[q.code]) : ''}${questionHtml(q, p.lang, p.values[q.code], p.errors[q.code])}`,
      )
}
<div class="actions">
<button type="submit" name="action" value="next" class="primary">${messageIn(words, p.submits ? 'submit' : 'next')}</button>
${p.canGoBack ? html`<button type="submit" name="action" value="back">${messageIn(words, 'back')}</button>` : ''}
<button type="submit" name="action" value="later" class="link">${messageIn(words, 'saveLater')}</button>
</div>
</form>`;
  const title = `${entries.length > 0 ? `${messageIn(words, 'errorTitle')}: ` : ''}${heading} — ${progressText}`;
  return layout({ lang: p.lang, dir: p.dir, title, study: p.study }, body);
}

// ---------------------------------------------------------------- other pages

/**
 * The resume link after "save and continue later": the link itself (selectable without
 * JavaScript), a copy button the script reveals, and — only when the study offers it — a link that
 * opens the respondent's own mail program with the link in a message to themselves.
 */
export function savedPage(s: {
  lang: string;
  dir: TextDirection;
  study: string;
  resumeUrl: string;
  continueUrl: string;
  emailLink?: boolean;
}): string {
  const words = pageWordsLang(s.lang);
  const mailto = `mailto:?subject=${encodeURIComponent(`${messageIn(words, 'emailSubject')}: ${s.study}`)}&body=${encodeURIComponent(s.resumeUrl)}`;
  const body = html`
<h1>${messageIn(words, 'savedTitle')}</h1>
<p>${messageIn(words, 'savedBody')}</p>
<p class="resume" dir="ltr"><a href="${s.resumeUrl}" id="resume-link">${s.resumeUrl}</a></p>
<p class="copy" hidden><button type="button" data-copy="resume-link" data-copied="${messageIn(words, 'copied')}">${messageIn(words, 'copyLink')}</button> <span role="status" aria-live="polite"></span></p>
${s.emailLink === true ? html`<p><a href="${mailto}" id="email-link">${messageIn(words, 'emailLink')}</a></p>` : ''}
<div class="actions"><a class="button primary" href="${s.continueUrl}">${messageIn(words, 'savedContinue')}</a></div>`;
  return layout({ lang: s.lang, dir: s.dir, title: messageIn(words, 'savedTitle'), study: s.study }, body);
}

/** What the review page says: the answers are saved but count only once submitted, and how to change one. */
function reviewWords(words: string): Html {
  return html`<p class="lead">${messageIn(words, 'reviewBody')}</p>
<p>${messageIn(words, 'reviewChange')}</p>`;
}

/** The review page of a session whose every page is answered: submit, or go back to change an answer. */
export function readyPage(r: {
  sessionId: string;
  lang: string;
  dir: TextDirection;
  study: string;
  token: string;
  nonce: string;
  pageToken?: string | undefined;
  backUrl?: string | undefined;
}): string {
  const words = pageWordsLang(r.lang);
  const body = html`
<h1>${messageIn(words, 'reviewTitle')}</h1>
${reviewWords(words)}
<form method="post" action="/s/${r.sessionId}/submit" data-once novalidate>
${hidden('csrf', r.token)}${hidden('nonce', r.nonce)}${hidden('st', r.pageToken)}
<div class="actions"><button type="submit" class="primary">${messageIn(words, 'submit')}</button>${r.backUrl ? html`<a class="button" href="${r.backUrl}">${messageIn(words, 'back')}</a>` : ''}</div>
</form>`;
  return layout({ lang: r.lang, dir: r.dir, title: messageIn(words, 'reviewTitle'), study: r.study }, body);
}

/**
 * What a resume link opens: a button that POSTs the key back. Only that POST, sent from this site,
 * binds the session to the browser, so a link or image elsewhere cannot plant a session in it.
 */
export function resumePage(r: {
  lang: string;
  dir: TextDirection;
  study: string;
  sessionId: string;
  key: string;
  page?: string | undefined;
}): string {
  const words = pageWordsLang(r.lang);
  const body = html`
<h1>${messageIn(words, 'savedTitle')}</h1>
<p>${messageIn(words, 'resumeConfirmBody')}</p>
<form method="post" action="/resume/${r.sessionId}" novalidate>
${hidden('key', r.key)}${hidden('page', r.page)}
<div class="actions"><button type="submit" class="primary">${messageIn(words, 'savedContinue')}</button></div>
</form>`;
  return layout({ lang: r.lang, dir: r.dir, title: messageIn(words, 'savedTitle'), study: r.study }, body);
}

/** After the submit: the answers are recorded, and what happens to them next. */
export function thanksPage(t: { lang: string; dir: TextDirection }): string {
  const words = pageWordsLang(t.lang);
  const body = html`
<h1>${messageIn(words, 'thanksTitle')}</h1>
<p class="lead">${messageIn(words, 'thanksRecorded')}</p>
<h2>${messageIn(words, 'thanksNextTitle')}</h2>
<p>${messageIn(words, 'thanksNext')}</p>`;
  return layout({ lang: t.lang, dir: t.dir, title: messageIn(words, 'thanksTitle') }, body);
}

export function messagePage(m: {
  lang: string;
  dir: TextDirection;
  title: string;
  body: string;
  link?: { href: string; text: string } | undefined;
}): string {
  const body = html`
<h1>${m.title}</h1>
<p>${m.body}</p>
${m.link ? html`<p><a href="${m.link.href}">${m.link.text}</a></p>` : ''}`;
  return layout({ lang: m.lang, dir: m.dir, title: m.title }, body);
}

// ---------------------------------------------------------------- home

export interface HomeWave {
  readonly id: string;
  readonly title: string;
  readonly code: string;
  readonly year: number;
  readonly languages: readonly { code: string; name: string }[];
}

export interface HomeLink {
  readonly href: string;
  readonly label: string;
  readonly description: string;
}

export function homePage(waves: readonly HomeWave[], links: readonly HomeLink[]): string {
  const body = html`
<h1>Barometer</h1>
<p>An open platform for tracking public perceptions over time: survey instruments defined as code,
online collection in the respondent's language, and design-based estimates with honest margins of error.</p>
<h2>${messageIn('en', 'openWaves')}</h2>
${
  waves.length === 0
    ? html`<p>${messageIn('en', 'noWaves')}</p>`
    : html`<ul class="waves">${waves.map(
        (wave) =>
          html`<li><a href="/w/${wave.id}">${wave.title}</a> <span class="muted">(${wave.code}, ${wave.year})</span><br><span class="muted">${wave.languages.map((l, i) => html`${i > 0 ? ' · ' : ''}<span lang="${l.code}">${l.name}</span>`)}</span></li>`,
      )}</ul>`
}
<h2>${messageIn('en', 'homeMore')}</h2>
<ul>
${links.map((l) => html`<li><a href="${l.href}">${l.label}</a> — ${l.description}</li>`)}
</ul>`;
  return layout({ lang: 'en', dir: 'ltr', title: 'Barometer' }, body);
}
