/**
 * HTML templates: hono's `html` tagged template (interpolations escaped, nested templates and
 * `raw()` kept), made synchronous — the pages never interpolate a promise.
 */
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatChange, formatCount, formatRatio, formatValue, type UiLanguage, type ValueKind } from './i18n.ts';
import type { Cell, ChartTable } from './chart-core.ts';
import { csvTable } from '../src/formats/csv.ts';

export type Html = HtmlEscapedString;
export { raw };

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('a page template was given a promise');
  return out;
}

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
      return value < 0.001 ? '< 0.001' : formatRatio(lang, Math.round(value * 1000) / 1000);
    case 'text':
      return String(value);
  }
}

/** A chart's table as an HTML table with a caption (the same rows the CSV download holds). */
export function tableHtml(lang: UiLanguage, kind: ValueKind, table: ChartTable, caption: string): Html {
  return h`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${table.columns.map((c) => h`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${table.rows.map(
    (row) =>
      h`<tr>${row.map((cell, i) => {
        const col = table.columns[i];
        const text = formatCell(lang, kind, col?.type ?? 'text', cell);
        return i === 0
          ? h`<th scope="row">${text}</th>`
          : h`<td class="${col?.type === 'text' ? 'text' : 'num'}">${text}</td>`;
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
