/**
 * The data of a view as one ZIP file, as a reader files it away: the numbers the chart shows
 * (CSV) and one metadata file (JSON) that says what they are — the view's title, definition,
 * field periods, notes, source and citation (text and BibTeX) in the page's language, the
 * indicator's definition, sources and column meanings, and the address of its full series.
 */
import { strToU8, zipSync } from 'fflate';
import { tableCsv } from './chart-table.ts';
import type { ChartDescription } from './chart-export.ts';
import { seriesMetadata } from './downloads.ts';
import { studyText } from './model.ts';
import { citation, type PageContext } from './page-layout.ts';
import type { IndicatorData, RenderedView } from './views.ts';

/** The ZIP's bytes; its files are named after `file` (`study-indicator-view`). */
export function viewZip(
  ctx: PageContext,
  data: IndicatorData,
  view: RenderedView,
  file: string,
  description: ChartDescription,
): Uint8Array {
  const { study, urls } = ctx;
  const id = data.indicator.id;
  const waves = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
  const cite = citation(ctx, studyText(study, data.indicator.label, ctx.lang), waves, urls.indicator(id));
  const metadata = {
    view: {
      title: description.title,
      subtitle: description.subtitle,
      fieldwork: description.fieldwork,
      notes: description.notes,
      source: description.source,
      language: ctx.lang,
      file: `${file}.csv`,
      columns: view.table.columns.map((c) => ({ key: c.key, label: c.label })),
    },
    series: seriesMetadata(data, {
      minimumN: study.minimumN,
      citation: cite.text,
      bibtex: cite.bibtex,
      seriesUrl: `${ctx.origin}${urls.seriesCsv(id)}`,
    }),
  };
  // A fixed time for every entry: the same data give the same bytes.
  const mtime = new Date('2000-01-01T00:00:00Z');
  return zipSync(
    {
      [`${file}.csv`]: [strToU8(tableCsv(view.table)), { mtime }],
      [`${file}-metadata.json`]: [strToU8(`${JSON.stringify(metadata, null, 2)}\n`), { mtime }],
    },
    { level: 6 },
  );
}
