/** The codebook as a standalone HTML page; each text carries its `lang` and `dir`. */
import type { Codebook, CodebookVariable } from './model.ts';
import type { Text } from '../text.ts';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function texts(book: Codebook, text: Text | undefined): string {
  return `<dl class="texts">${book.languages
    .map(
      (l) =>
        `<dt>${escapeHtml(l.code)}</dt><dd lang="${escapeHtml(l.code)}" dir="${l.dir}">${escapeHtml(text?.[l.code] ?? '')}</dd>`,
    )
    .join('')}</dl>`;
}

function variable(book: Codebook, v: CodebookVariable): string {
  const options =
    v.options.length === 0
      ? ''
      : `<table><thead><tr><th>code</th><th>value</th>${book.languages.map((l) => `<th>${escapeHtml(l.code)}</th>`).join('')}</tr></thead><tbody>${v.options
          .map(
            (o) =>
              `<tr><td><code>${escapeHtml(o.code)}</code></td><td>${o.value ?? ''}</td>${book.languages.map((l) => `<td lang="${l.code}" dir="${l.dir}">${escapeHtml(o.label[l.code] ?? '')}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table>`;
  return [
    `<section id="var-${escapeHtml(v.name)}"><h3>${escapeHtml(v.name)}</h3>`,
    `<p>Question <code>${escapeHtml(v.question)}</code>${v.item ? `, item <code>${escapeHtml(v.item)}</code>` : ''} · ${escapeHtml(v.kind)} · page <code>${escapeHtml(v.block)}</code> · ${v.required ? 'required' : 'optional'}</p>`,
    texts(book, v.text),
    v.itemLabel ? texts(book, v.itemLabel) : '',
    options,
    v.range
      ? `<p>Range: ${v.range.min ?? '−∞'} to ${v.range.max ?? '∞'}${v.range.integer ? ', whole numbers' : ''}</p>`
      : '',
    `<p>Missing codes: ${v.missing.map((m) => `<code>${escapeHtml(m.code)}</code>${m.system ? ' (system)' : ''}`).join(', ')}</p>`,
    `<p>Logic: ${escapeHtml(v.logic ?? 'always asked')}</p>`,
    `<ul class="versions">${v.versions.map((x) => `<li><code>${escapeHtml(x.instrument)}</code> <code>${escapeHtml(x.fingerprint)}</code> waves: ${escapeHtml(x.waves.join(', ') || 'none')}</li>`).join('')}</ul>`,
    v.seriesBreak
      ? '<p class="break"><strong>Series break</strong>: the measurement changed between versions.</p>'
      : '',
    '</section>',
  ].join('\n');
}

export function renderHtml(book: Codebook): string {
  const first = book.languages[0]?.code ?? 'en';
  const title = escapeHtml(`Codebook: ${book.study.title[first] ?? book.study.id}`);
  return `<!doctype html>
<html lang="${escapeHtml(first)}">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}dt{font-weight:bold}</style></head>
<body>
<h1>${title}</h1>
<h2>Instrument versions</h2>
<table><thead><tr><th>version</th><th>fingerprint</th><th>waves</th></tr></thead><tbody>${book.instruments.map((i) => `<tr><td><code>${escapeHtml(i.ref)}</code></td><td><code>${escapeHtml(i.fingerprint)}</code></td><td>${escapeHtml(i.waves.join(', '))}</td></tr>`).join('')}</tbody></table>
<h2>Waves</h2>
<table><thead><tr><th>wave</th><th>year</th><th>field period</th><th>instrument</th><th>countries</th></tr></thead><tbody>${book.waves.map((w) => `<tr><td>${escapeHtml(w.id)}</td><td>${w.year}</td><td>${escapeHtml(`${w.start} – ${w.end}`)}</td><td><code>${escapeHtml(w.instrument)}</code></td><td>${escapeHtml(w.countries.map((c) => c.iso3).join(' '))}</td></tr>`).join('')}</tbody></table>
<h2>Variables</h2>
${book.variables.map((v) => variable(book, v)).join('\n')}
<h2>Indicators</h2>
${book.indicators.map((i) => `<section id="ind-${escapeHtml(i.id)}"><h3>${escapeHtml(i.id)}</h3>${texts(book, i.label)}<p>Definition: ${escapeHtml(i.definition)}</p><p>Base: ${escapeHtml(i.base)}</p></section>`).join('\n')}
</body>
</html>
`;
}
