/**
 * The codebook as a standalone HTML page, with the sections of the Markdown one (study
 * description, languages, instrument versions, waves with their status, variables, indicators,
 * weighting variables) behind a table of contents. Each text carries its `lang` and `dir`. It
 * fits a phone: a viewport meta tag, long codes that wrap, and wide tables that scroll inside
 * their own focusable, labelled region rather than widening the page.
 */
import { html, type Html } from '../../html.ts';
import { labelsInOrder, type Codebook, type CodebookVariable } from './model.ts';
import type { Text } from '../text.ts';

const STYLE = `*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;line-height:1.45;max-width:60rem;margin:auto;padding:1rem;color:#1a1a1a;background:#fff}
a{color:#0b4f8a}
code,h1,h2,h3{overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}
.scroll:focus{outline:2px solid #0b4f8a}
table{border-collapse:collapse}
td,th{border:1px solid #bbb;padding:.2rem .4rem;text-align:start;vertical-align:top}
dt{font-weight:bold}
nav ol ol{columns:16rem;column-gap:3rem;padding-inline-start:2rem}
nav li{break-inside:avoid}
.nowrap,.nowrap code{white-space:nowrap;overflow-wrap:normal}
.countries{min-width:16rem}
.break{border-inline-start:4px solid #a15c00;padding-inline-start:.5rem}`;

/** A table in a region of its own that scrolls sideways when the table is wider than the page. */
function scrolling(label: string, table: Html): Html {
  return html`<div class="scroll" role="region" aria-label="${label} (table)" tabindex="0">${table}</div>`;
}

function texts(book: Codebook, text: Text | undefined): Html {
  return html`<dl class="texts">${book.languages.map(
    (l) => html`<dt>${l.code}</dt><dd lang="${l.code}" dir="${l.dir}">${text?.[l.code] ?? ''}</dd>`,
  )}</dl>`;
}

function options(book: Codebook, v: CodebookVariable): Html | '' {
  if (v.options.length === 0) return '';
  return scrolling(
    `${v.name}: answer options`,
    html`<table><thead><tr><th>code</th><th>value</th>${book.languages.map((l) => html`<th>${l.code}</th>`)}</tr></thead><tbody>${v.options.map(
      (o) =>
        html`<tr><td><code>${o.code}</code></td><td>${o.value ?? ''}</td>${book.languages.map((l) => html`<td lang="${l.code}" dir="${l.dir}">${o.label[l.code] ?? ''}</td>`)}</tr>`,
    )}</tbody></table>`,
  );
}

function variable(book: Codebook, v: CodebookVariable): Html {
  return html`<section id="var-${v.name}" aria-labelledby="var-${v.name}-title"><h3 id="var-${v.name}-title">${v.name}</h3>
<p>Question <code>${v.question}</code>${v.item ? html`, item <code>${v.item}</code>` : ''} · ${v.kind} · page <code>${v.block}</code> · ${v.required ? 'required' : 'optional'}</p>
${texts(book, v.text)}
${v.itemLabel ? texts(book, v.itemLabel) : ''}
${options(book, v)}
${v.range ? html`<p>Range: ${v.range.min ?? '−∞'} to ${v.range.max ?? '∞'}${v.range.integer ? ', whole numbers' : ''}</p>` : ''}
${v.maxLength ? html`<p>Maximum length: ${v.maxLength} characters</p>` : ''}
${v.selections ? html`<p>Selections: ${v.selections.min} to ${v.selections.max}</p>` : ''}
<p>Missing codes: ${v.missing.map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m.code}</code>${m.label ? html` (${labelsInOrder(book, m.label).map((l, j) => html`${j > 0 ? ' / ' : ''}<bdi>${l}</bdi>`)})` : ''}${m.system ? ' (system)' : ''}`)}</p>
<p>Logic: ${v.logic ?? 'always asked'}</p>
<ul class="versions">${v.versions.map((x) => html`<li><code>${x.instrument}</code> <code>${x.fingerprint}</code> waves: ${x.waves.join(', ') || 'none'}</li>`)}</ul>
${v.seriesBreak ? html`<p class="break"><strong>Series break</strong>: the measurement changed between versions.</p>` : ''}
</section>`;
}

/** The sections of the page, in order: id and heading (the table of contents lists them). */
const SECTIONS = [
  ['study', 'Study'],
  ['languages', 'Languages'],
  ['instruments', 'Instrument versions'],
  ['waves', 'Waves'],
  ['variables', 'Variables'],
  ['indicators', 'Indicators'],
  ['weighting', 'Weighting variables'],
] as const;
type SectionId = (typeof SECTIONS)[number][0];

function heading(id: SectionId): Html {
  const title = SECTIONS.find(([s]) => s === id)?.[1] ?? id;
  return html`<h2 id="${id}">${title}</h2>`;
}

function contents(book: Codebook): Html {
  return html`<nav aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>${SECTIONS.map(
    ([id, title]) =>
      html`<li><a href="#${id}">${title}</a>${
        id === 'variables'
          ? html`<ol>${book.variables.map((v) => html`<li><a href="#var-${v.name}"><code>${v.name}</code></a></li>`)}</ol>`
          : id === 'indicators'
            ? html`<ol>${book.indicators.map((i) => html`<li><a href="#ind-${i.id}"><code>${i.id}</code></a></li>`)}</ol>`
            : ''
      }</li>`,
  )}</ol></nav>`;
}

export function renderHtml(book: Codebook): string {
  const first = book.languages[0]?.code ?? 'en';
  const title = `Codebook: ${book.study.title[first] ?? book.study.id}`;
  return html`<!doctype html>
<html lang="${first}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>${title}</h1></header>
${contents(book)}
<main>
<section aria-labelledby="study">${heading('study')}
<p>Study id: <code>${book.study.id}</code></p>
<h3>Title</h3>
${texts(book, book.study.title)}
${book.study.description ? html`<h3>Description</h3>${texts(book, book.study.description)}` : ''}
</section>
<section aria-labelledby="languages">${heading('languages')}
<ul>${book.languages.map((l) => html`<li><span lang="${l.code}" dir="${l.dir}">${l.name}</span> (<code>${l.code}</code>, ${l.dir === 'rtl' ? 'right to left' : 'left to right'})</li>`)}</ul>
</section>
<section aria-labelledby="instruments">${heading('instruments')}
${scrolling('Instrument versions', html`<table><thead><tr><th>version</th><th>fingerprint</th><th>waves</th></tr></thead><tbody>${book.instruments.map((i) => html`<tr><td><code>${i.ref}</code></td><td><code>${i.fingerprint}</code></td><td class="nowrap">${i.waves.join(', ')}</td></tr>`)}</tbody></table>`)}
</section>
<section aria-labelledby="waves">${heading('waves')}
${scrolling('Waves', html`<table><thead><tr><th>wave</th><th>year</th><th>field period</th><th>status</th><th>mode</th><th>instrument</th><th>countries</th></tr></thead><tbody>${book.waves.map((w) => html`<tr><td class="nowrap"><code>${w.id}</code></td><td>${w.year}</td><td class="nowrap">${w.start} –<br>${w.end}</td><td>${w.status}</td><td>${w.mode}</td><td class="nowrap"><code>${w.instrument}</code></td><td class="countries">${w.countries.map((c) => c.iso3).join(' ')}</td></tr>`)}</tbody></table>`)}
</section>
<section aria-labelledby="variables">${heading('variables')}
${book.variables.map((v, i) => html`${i > 0 ? '\n' : ''}${variable(book, v)}`)}
</section>
<section aria-labelledby="indicators">${heading('indicators')}
${book.indicators.map((ind, i) => html`${i > 0 ? '\n' : ''}<section id="ind-${ind.id}" aria-labelledby="ind-${ind.id}-title"><h3 id="ind-${ind.id}-title">${ind.id}</h3>${texts(book, ind.label)}<p>Kind: ${ind.kind}</p><p>Definition: ${ind.definition}</p><p>Base: ${ind.base}</p>${(ind.seriesBreaks ?? []).map((b) => html`<p class="break"><strong>Series break</strong> from version ${b.version}: ${b.reason}</p>`)}</section>`)}
</section>
<section aria-labelledby="weighting">${heading('weighting')}
${
  book.weighting.length === 0
    ? html`<p>None.</p>`
    : html`<ul>${book.weighting.map((w) => html`<li><code>${w.name}</code> from <code>${w.question}</code>: ${w.levels.join(', ')}</li>`)}</ul>`
}
</section>
</main>
</body>
</html>
`.toString();
}
