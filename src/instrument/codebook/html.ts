/** The codebook as a standalone HTML page; each text carries its `lang` and `dir`. */
import { html, type Html } from '../../html.ts';
import type { Codebook, CodebookVariable } from './model.ts';
import type { Text } from '../text.ts';

function texts(book: Codebook, text: Text | undefined): Html {
  return html`<dl class="texts">${book.languages.map(
    (l) => html`<dt>${l.code}</dt><dd lang="${l.code}" dir="${l.dir}">${text?.[l.code] ?? ''}</dd>`,
  )}</dl>`;
}

function options(book: Codebook, v: CodebookVariable): Html | '' {
  if (v.options.length === 0) return '';
  return html`<table><thead><tr><th>code</th><th>value</th>${book.languages.map((l) => html`<th>${l.code}</th>`)}</tr></thead><tbody>${v.options.map(
    (o) =>
      html`<tr><td><code>${o.code}</code></td><td>${o.value ?? ''}</td>${book.languages.map((l) => html`<td lang="${l.code}" dir="${l.dir}">${o.label[l.code] ?? ''}</td>`)}</tr>`,
  )}</tbody></table>`;
}

function variable(book: Codebook, v: CodebookVariable): Html {
  return html`<section id="var-${v.name}"><h3>${v.name}</h3>
<p>Question <code>${v.question}</code>${v.item ? html`, item <code>${v.item}</code>` : ''} · ${v.kind} · page <code>${v.block}</code> · ${v.required ? 'required' : 'optional'}</p>
${texts(book, v.text)}
${v.itemLabel ? texts(book, v.itemLabel) : ''}
${options(book, v)}
${v.range ? html`<p>Range: ${v.range.min ?? '−∞'} to ${v.range.max ?? '∞'}${v.range.integer ? ', whole numbers' : ''}</p>` : ''}
<p>Missing codes: ${v.missing.map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m.code}</code>${m.system ? ' (system)' : ''}`)}</p>
<p>Logic: ${v.logic ?? 'always asked'}</p>
<ul class="versions">${v.versions.map((x) => html`<li><code>${x.instrument}</code> <code>${x.fingerprint}</code> waves: ${x.waves.join(', ') || 'none'}</li>`)}</ul>
${v.seriesBreak ? html`<p class="break"><strong>Series break</strong>: the measurement changed between versions.</p>` : ''}
</section>`;
}

export function renderHtml(book: Codebook): string {
  const first = book.languages[0]?.code ?? 'en';
  const title = `Codebook: ${book.study.title[first] ?? book.study.id}`;
  return html`<!doctype html>
<html lang="${first}">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}dt{font-weight:bold}</style></head>
<body>
<h1>${title}</h1>
<h2>Instrument versions</h2>
<table><thead><tr><th>version</th><th>fingerprint</th><th>waves</th></tr></thead><tbody>${book.instruments.map((i) => html`<tr><td><code>${i.ref}</code></td><td><code>${i.fingerprint}</code></td><td>${i.waves.join(', ')}</td></tr>`)}</tbody></table>
<h2>Waves</h2>
<table><thead><tr><th>wave</th><th>year</th><th>field period</th><th>instrument</th><th>countries</th></tr></thead><tbody>${book.waves.map((w) => html`<tr><td>${w.id}</td><td>${w.year}</td><td>${`${w.start} – ${w.end}`}</td><td><code>${w.instrument}</code></td><td>${w.countries.map((c) => c.iso3).join(' ')}</td></tr>`)}</tbody></table>
<h2>Variables</h2>
${book.variables.map((v, i) => html`${i > 0 ? '\n' : ''}${variable(book, v)}`)}
<h2>Indicators</h2>
${book.indicators.map((ind, i) => html`${i > 0 ? '\n' : ''}<section id="ind-${ind.id}"><h3>${ind.id}</h3>${texts(book, ind.label)}<p>Definition: ${ind.definition}</p><p>Base: ${ind.base}</p></section>`)}
</body>
</html>
`.toString();
}
