/** The console's quality page (flags per country, the exclude action) and weighting page (runs and their diagnostics per country). */
import type { CountryQuality, FlaggedResponse } from '../../collection/quality.ts';
import type { ListedRun } from '../../indicators/run-list.ts';
import { qualityChecks } from '../../instrument/index.ts';
import { html } from '../../html.ts';
import { consoleLayout, number, percent, postForm, say, table, waveNav, type Frame } from './pages.ts';
import { hasRole } from './session.ts';

export function qualityPage(
  frame: Frame,
  code: string,
  quality: { countries: readonly CountryQuality[]; flagged: readonly FlaggedResponse[] },
): string {
  const { lang, session } = frame;
  const researcher = session !== undefined && hasRole(session.principal.role, 'researcher');
  const countries = table(
    say(lang, 'quality'),
    [
      say(lang, 'country'),
      say(lang, 'checked'),
      say(lang, 'flagged'),
      ...qualityChecks.map((k) => say(lang, k)),
      say(lang, 'excluded'),
    ],
    quality.countries.map(
      (
        c,
      ) => html`<tr><th scope="row">${c.country === null ? say(lang, 'otherCountry') : html`<bdi>${c.country}</bdi>`}</th><td>${number(lang, c.checked)}</td>
<td>${number(lang, c.flagged)}</td>${qualityChecks.map((k) => html`<td>${number(lang, c.byCheck[k])}</td>`)}<td>${number(lang, c.excluded)}</td></tr>`,
    ),
  );
  const rows = quality.flagged.map((r) => {
    const action =
      researcher && session
        ? postForm(
            session,
            `/research/waves/${code}/quality/${r.responseId}`,
            html`<input type="hidden" name="excluded" value="${r.excluded ? 'no' : 'yes'}"><button type="submit" class="secondary">${say(lang, r.excluded ? 'include' : 'exclude')} <span class="visually-hidden">${say(lang, 'response')} ${r.responseId}</span></button>`,
          )
        : '';
    return html`<tr id="response-${r.responseId}"><th scope="row">${r.responseId}</th><td>${r.country === null ? '' : html`<bdi>${r.country}</bdi>`}</td>
<td><ul class="flags">${r.flags.map((f) => html`<li><strong>${say(lang, f.check)}</strong>: <bdi>${f.detail}</bdi></li>`)}</ul></td>
<td>${r.excluded ? say(lang, 'excluded') : ''}</td><td>${action}</td></tr>`;
  });
  return consoleLayout(
    frame,
    html`${waveNav(lang, code)}${countries}
${
  rows.length === 0
    ? html`<p>${say(lang, 'noFlags')}</p>`
    : table(
        say(lang, 'flagged'),
        [say(lang, 'response'), say(lang, 'country'), say(lang, 'flags'), say(lang, 'excluded'), say(lang, 'action')],
        rows,
      )
}`,
  );
}

export function weightingPage(frame: Frame, code: string, runs: readonly ListedRun[]): string {
  const { lang, session } = frame;
  const researcher = session !== undefined && hasRole(session.principal.role, 'researcher');
  const start =
    researcher && session
      ? postForm(
          session,
          `/research/waves/${code}/weighting`,
          html`<button type="submit">${say(lang, 'startRun')}</button>`,
          'console-form',
        )
      : '';
  const listed = runs.map((run) => {
    const title = `${say(lang, 'run', { at: run.createdAt.slice(0, 16).replace('T', ' '), actor: run.actor })}${run.current ? ` (${say(lang, 'current')})` : ''}`;
    const makeCurrent =
      researcher && session && !run.current
        ? postForm(
            session,
            `/research/waves/${code}/weighting/${run.id}/current`,
            html`<button type="submit" class="secondary">${say(lang, 'makeCurrent')}</button>`,
          )
        : '';
    return html`${table(
      title,
      [
        say(lang, 'country'),
        say(lang, 'completes'),
        say(lang, 'deff'),
        say(lang, 'effectiveN'),
        say(lang, 'weightRange'),
        say(lang, 'trimmed'),
      ],
      run.countries.map(
        (
          c,
        ) => html`<tr><th scope="row"><bdi>${c.name}</bdi></th><td>${number(lang, c.weighted)}</td><td>${number(lang, c.kishDeff, 2)}</td>
<td>${number(lang, c.effectiveN, 0)}</td><td><bdi>${number(lang, c.relativeWeights.min, 2)} · ${number(lang, c.relativeWeights.median, 2)} · ${number(lang, c.relativeWeights.max, 2)}</bdi></td>
<td>${percent(lang, Math.max(c.shareTrimmed, c.shareAtBounds))}</td></tr>`,
      ),
    )}${makeCurrent}`;
  });
  return consoleLayout(
    frame,
    html`${waveNav(lang, code)}${start}${listed.length === 0 ? html`<p>${say(lang, 'noRuns')}</p>` : listed}`,
  );
}
