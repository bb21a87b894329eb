/**
 * A chart's table as the page shows it (HTML, numbers written for the language) and as the CSV
 * download holds it (the one CSV writer, raw numbers): the same rows either way.
 */
import { html, type Html } from '../src/html.ts';
import { type UiLanguage } from './i18n.ts';
import { formatChange, formatCount, formatRatio, formatValue, pInTable, type ValueKind } from './format.ts';
import type { Cell, ChartTable } from './chart-core.ts';
import { csvTable } from '../src/formats/csv.ts';

/** One cell of a chart's table as the page's language writes it. */
export function formatCell(
  lang: UiLanguage,
  kind: ValueKind,
  type: ChartTable['columns'][number]['type'],
  value: Cell,
): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'value':
      return formatValue(lang, kind, value);
    case 'change':
      return formatChange(lang, kind, value);
    case 'count':
      return formatCount(lang, value);
    case 'ratio':
      return formatRatio(lang, value);
    case 'p':
      return pInTable(lang, value);
    case 'text':
      return String(value);
  }
}

/**
 * A chart's table as an HTML table with a caption (the same rows the CSV download holds); with
 * `countryHref`, a country's row names link to its page.
 */
export function tableHtml(
  lang: UiLanguage,
  kind: ValueKind,
  table: ChartTable,
  caption: string,
  countryHref?: (iso3: string) => string,
): Html {
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${table.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${table.rows.map(
    (row, r) =>
      html`<tr>${row.map((cell, i) => {
        const col = table.columns[i];
        const text = formatCell(lang, kind, col?.type ?? 'text', cell);
        const iso3 = table.rowCountries?.[r];
        return i === 0
          ? html`<th scope="row">${countryHref && iso3 ? html`<a href="${countryHref(iso3)}">${text}</a>` : text}</th>`
          : html`<td class="${col?.type === 'text' ? 'text' : 'num'}">${text}</td>`;
      })}</tr>`,
  )}</tbody></table></div>`;
}

/** A chart's table as CSV (the one writer, RFC 4180): column keys as header, raw numbers with a dot decimal. */
export function tableCsv(table: ChartTable): string {
  return csvTable(
    table.columns.map((c) => c.key),
    table.rows,
  );
}
