/**
 * The researcher console's pages as HTML strings: sign-in, waves, one wave's fieldwork,
 * confirmation, quality, weighting and audit. Every interpolated value is escaped by `html`;
 * the words come from ./messages.ts in the researcher's language.
 */
import type { TokenRole } from '../../../db/schema.ts';
import type { AuditRecord } from '../../collection/audit.ts';
import type { WaveFieldwork, WaveOverview } from '../../collection/wave-progress.ts';
import { html, type Html } from '../../html.ts';
import { stylesheetUrl } from '../assets.ts';
import { completesByDayChart } from './chart.ts';
import { consoleDir, consoleLanguages, say, type ConsoleKey } from './messages.ts';
import { hasRole, type ConsoleSession } from './session.ts';

export interface Frame {
  readonly lang: string;
  readonly title: string;
  readonly session?: ConsoleSession | undefined;
  /** A message shown above the content (an error or what an action did). */
  readonly notice?: { readonly kind: 'error' | 'done'; readonly text: string } | undefined;
  /** This page's path, for the language links. */
  readonly path: string;
}

const number = (lang: string, n: number, digits = 0) =>
  new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
const percent = (lang: string, share: number) =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A form that posts to `action` with the session's CSRF token. */
export function postForm(session: ConsoleSession, action: string, body: Html, className = 'inline'): Html {
  return html`<form method="post" action="${action}" class="${className}"><input type="hidden" name="_csrf" value="${session.csrf}">${body}</form>`;
}

export function consoleLayout(frame: Frame, body: Html): string {
  const { lang, session } = frame;
  const nav = session
    ? html`<nav aria-label="${say(lang, 'console')}"><ul class="console-nav">
<li><a href="/research/waves">${say(lang, 'navWaves')}</a></li>
${hasRole(session.principal.role, 'admin') ? html`<li><a href="/research/audit">${say(lang, 'navAudit')}</a></li>` : ''}
<li>${say(lang, 'signedInAs', { name: session.principal.name, role: session.principal.role })}</li>
<li>${postForm(session, '/research/sign-out', html`<button type="submit" class="secondary">${say(lang, 'signOut')}</button>`)}</li>
</ul></nav>`
    : '';
  const languages = html`<ul class="console-langs">${consoleLanguages.map((l) =>
    l === lang
      ? html`<li><span aria-current="true" lang="${l}">${l.toUpperCase()}</span></li>`
      : html`<li><a href="${frame.path}?lang=${l}" lang="${l}" hreflang="${l}">${l.toUpperCase()}</a></li>`,
  )}</ul>`;
  const notice = frame.notice
    ? html`<div class="${frame.notice.kind === 'error' ? 'summary' : 'notice'}" role="${frame.notice.kind === 'error' ? 'alert' : 'status'}"><p>${frame.notice.text}</p></div>`
    : '';
  return html`<!doctype html>
<html lang="${lang}" dir="${consoleDir(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · ${say(lang, 'console')}</title>
<link rel="stylesheet" href="${stylesheetUrl}">
</head>
<body class="console">
<a class="skip" href="#main">${say(lang, 'skip')}</a>
<header class="site">Barometer <span>· ${say(lang, 'console')}</span>${languages}</header>
${nav}
<main id="main" tabindex="-1">
<h1>${frame.title}</h1>
${notice}
${body}
</main>
</body>
</html>
`.toString();
}

export function signInPage(frame: Frame, formToken: string): string {
  const { lang } = frame;
  return consoleLayout(
    frame,
    html`<form method="post" action="/research/sign-in" class="console-form">
<input type="hidden" name="_csrf" value="${formToken}">
<label for="token">${say(lang, 'tokenLabel')}</label>
<p class="hint" id="token-hint">${say(lang, 'tokenHint')}</p>
<input type="password" id="token" name="token" autocomplete="current-password" required aria-describedby="token-hint" dir="ltr">
<button type="submit">${say(lang, 'signIn')}</button>
</form>`,
  );
}

const statusWord = (lang: string, status: WaveOverview['status']) => say(lang, status);

function period(w: WaveOverview): Html {
  return html`<bdi>${w.fieldStart ?? '?'}</bdi> – <bdi>${w.fieldEnd ?? '?'}</bdi>`;
}

export function wavesPage(frame: Frame, waves: readonly WaveOverview[]): string {
  const { lang } = frame;
  const rows = waves.map(
    (
      w,
    ) => html`<tr><td><bdi>${w.study}</bdi></td><th scope="row"><a href="/research/waves/${w.code}"><bdi>${w.code}</bdi></a></th>
<td>${statusWord(lang, w.status)}</td><td>${period(w)}</td><td><bdi>${w.instrumentVersion}</bdi></td>
<td>${number(lang, w.completes)} / ${number(lang, w.target)}</td><td>${number(lang, w.inProgress)}</td><td>${number(lang, w.breakOffs)}</td></tr>`,
  );
  return consoleLayout(
    frame,
    html`<div class="table-scroll" tabindex="0" role="region" aria-label="${frame.title}"><table>
<thead><tr><th scope="col">${say(lang, 'study')}</th><th scope="col">${say(lang, 'wave')}</th><th scope="col">${say(lang, 'status')}</th>
<th scope="col">${say(lang, 'fieldPeriod')}</th><th scope="col">${say(lang, 'version')}</th><th scope="col">${say(lang, 'completes')} / ${say(lang, 'target')}</th>
<th scope="col">${say(lang, 'inProgress')}</th><th scope="col">${say(lang, 'breakOffs')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`,
  );
}

/** The sub-pages of a wave. */
export function waveNav(lang: string, code: string): Html {
  return html`<ul class="console-nav"><li><a href="/research/waves/${code}">${say(lang, 'progress')}</a></li>
<li><a href="/research/waves/${code}/quality">${say(lang, 'quality')}</a></li>
<li><a href="/research/waves/${code}/weighting">${say(lang, 'weighting')}</a></li></ul>`;
}

function table(caption: string, head: readonly string[], rows: readonly Html[], empty?: string): Html {
  if (rows.length === 0 && empty !== undefined) return html`<h2>${caption}</h2><p>${empty}</p>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function wavePage(frame: Frame, f: WaveFieldwork, exportFormats: readonly string[]): string {
  const { lang, session } = frame;
  const w = f.wave;
  const researcher = session !== undefined && hasRole(session.principal.role, 'researcher');
  const base = `/research/waves/${w.code}`;
  const countries = [
    ...w.countries.map(
      (
        c,
      ) => html`<tr><th scope="row"><bdi>${c.name}</bdi> <bdi>(${c.iso3})</bdi></th><td>${number(lang, c.completes)}</td><td>${number(lang, c.target)}</td>
<td><progress max="${c.target}" value="${Math.min(c.completes, c.target)}" aria-label="${c.name}">${percent(lang, c.completes / c.target)}</progress> ${percent(lang, c.completes / c.target)}</td></tr>`,
    ),
    ...(w.otherCountry > 0
      ? [
          html`<tr><th scope="row">${say(lang, 'otherCountry')}</th><td>${number(lang, w.otherCountry)}</td><td></td><td></td></tr>`,
        ]
      : []),
  ];
  const summary = html`<dl class="console-facts">
<dt>${say(lang, 'status')}</dt><dd id="wave-status">${statusWord(lang, w.status)}</dd>
<dt>${say(lang, 'fieldPeriod')}</dt><dd>${period(w)}</dd>
<dt>${say(lang, 'version')}</dt><dd><bdi>${w.instrumentVersion}</bdi></dd>
<dt>${say(lang, 'completes')}</dt><dd id="wave-completes">${number(lang, w.completes)} / ${number(lang, w.target)}</dd>
<dt>${say(lang, 'inProgress')}</dt><dd>${number(lang, w.inProgress)}</dd>
<dt>${say(lang, 'breakOffRate')}</dt><dd>${f.breakOffRate === null ? say(lang, 'none') : percent(lang, f.breakOffRate)}</dd>
<dt>${say(lang, 'medianLength')}</dt><dd>${f.medianSeconds === null ? say(lang, 'none') : say(lang, 'minutes', { n: number(lang, f.medianSeconds / 60, 1) })}</dd>
</dl>`;
  const chartAlt = `${say(lang, 'byDay')}: ${f.byDay.map((d) => `${d.day} ${d.completes}`).join(', ')}`;
  const actions = researcher
    ? html`<h2>${say(lang, 'action')}</h2>
${w.status === 'draft' ? html`<p><a class="button" href="${base}/open">${say(lang, 'openWave')}</a></p>` : ''}
${w.status === 'open' ? html`<p><a class="button" href="${base}/close">${say(lang, 'closeWave')}</a></p>` : ''}
${
  w.status !== 'closed' && session
    ? postForm(
        session,
        `${base}/invitations`,
        html`<label for="count">${say(lang, 'invitationCount')}</label>
<input type="number" id="count" name="count" min="1" max="10000" value="10" required inputmode="numeric">
<button type="submit">${say(lang, 'createInvitations')}</button>`,
        'console-form',
      )
    : ''
}
<h2>${say(lang, 'exports')}</h2>
<ul><li><a href="${base}/responses.csv" download>${say(lang, 'downloadCsv')}</a></li>
${exportFormats.map((fmt) => html`<li><a href="${base}/responses.${fmt}" download>${say(lang, 'downloadFile', { format: fmt.toUpperCase() })}</a></li>`)}</ul>`
    : '';
  return consoleLayout(
    frame,
    html`${waveNav(lang, w.code)}${summary}
${table(say(lang, 'progress'), [say(lang, 'country'), say(lang, 'completes'), say(lang, 'target'), '%'], countries)}
<h2>${say(lang, 'byDay')}</h2>
<figure class="console-chart">${completesByDayChart(f.byDay, chartAlt)}${f.byDay.length === 0 ? html`<p>${say(lang, 'none')}</p>` : ''}</figure>
${table(
  say(lang, 'breakOffPages'),
  [say(lang, 'page'), say(lang, 'breakOffs')],
  f.breakOffPages.map(
    (p) =>
      html`<tr><th scope="row">${p.page === null ? say(lang, 'beforeFirstPage') : html`<bdi>${p.page}</bdi>`}</th><td>${number(lang, p.count)}</td></tr>`,
  ),
  say(lang, 'none'),
)}
${table(
  say(lang, 'batches'),
  [say(lang, 'issuedAt'), say(lang, 'issued'), say(lang, 'started'), say(lang, 'completes'), say(lang, 'responseRate')],
  f.invitationBatches.map(
    (
      b,
    ) => html`<tr><th scope="row"><bdi>${b.issuedAt.slice(0, 16).replace('T', ' ')}</bdi></th><td>${number(lang, b.issued)}</td><td>${number(lang, b.started)}</td>
<td>${number(lang, b.completes)}</td><td>${percent(lang, b.completes / b.issued)}</td></tr>`,
  ),
  say(lang, 'none'),
)}
${actions}`,
  );
}

export function confirmPage(frame: Frame, question: string, action: string, back: string): string {
  if (!frame.session) throw new Error('a confirmation needs a session');
  return consoleLayout(
    frame,
    html`<p>${question}</p>${postForm(
      frame.session,
      action,
      html`<input type="hidden" name="confirm" value="yes"><button type="submit">${say(frame.lang, 'confirm')}</button>`,
    )} <a href="${back}">${say(frame.lang, 'cancel')}</a>`,
  );
}

export function auditPage(frame: Frame, entries: readonly AuditRecord[]): string {
  const { lang } = frame;
  return consoleLayout(
    frame,
    table(
      say(lang, 'audit'),
      [say(lang, 'at'), say(lang, 'actor'), say(lang, 'action'), say(lang, 'targetColumn')],
      entries.map(
        (
          e,
        ) => html`<tr><td><bdi>${e.at.slice(0, 19).replace('T', ' ')}</bdi></td><td><bdi>${e.actor}</bdi></td><td><bdi>${e.action}</bdi></td>
<td><bdi>${e.targetType ?? ''} ${e.targetId ?? ''}</bdi></td></tr>`,
      ),
    ),
  );
}

export { say, type ConsoleKey, type TokenRole, table, number, percent };
