/** An instrument → its XLSForm sheets (survey, choices, settings, barometer), or what cannot be expressed. */
import { type Instrument } from '../instrument/index.ts';
import { Exporter } from './export-form.ts';
import { table, type ExportResult } from './export-options.ts';
import { languageHeader } from './languages.ts';

export type { ExportResult, XlsFormSheets } from './export-options.ts';

/** The XLSForm sheets of an instrument, or what in it cannot be expressed. */
export function xlsFormOf(instrument: Instrument): ExportResult {
  const exporter = new Exporter(instrument);
  exporter.run();
  if (exporter.refused.length > 0) return { ok: false, refused: exporter.refused };
  const first = instrument.languages[0];
  const { title, description, languages, missingLabels, randomizeBlocks } = instrument;
  const labels = instrument.languages.map((l) => `label::${languageHeader(l)}`);
  return {
    ok: true,
    notes: exporter.notes,
    sheets: {
      survey: table(exporter.survey, ['type', 'name', ...labels]),
      choices: table(exporter.choices, ['list_name', 'name', ...labels]),
      settings: [
        ['form_title', 'form_id', 'version', 'default_language'],
        [first ? (title[first.code] ?? '') : '', instrument.id, instrument.version, first ? languageHeader(first) : ''],
      ],
      barometer: [
        ['key', 'value'],
        ['instrument', JSON.stringify({ title, description, languages, missingLabels, randomizeBlocks })],
      ],
    },
  };
}
