/**
 * An XLSForm workbook's sheets → the study it imports as (the instrument's settings, languages,
 * missing labels and pages), with every line of what it cannot express, sorted by sheet and row.
 */
import type { Text } from '../instrument/index.ts';
import { barometerExtras, type Draft } from './cells.ts';
import { sameText } from './build-question.ts';
import { formatUnsupported, readForm, type Unsupported } from './form.ts';
import type { RawSheet } from './sheet.ts';
import { Importer, slugOf } from './to-instrument.ts';

export interface ImportedStudy {
  readonly studyId: string;
  readonly title: Text;
  /** The instrument definition, as `defineInstrument` takes it (not yet checked). */
  readonly instrument: Draft;
  /** Rows that cannot be expressed: the import stops unless they are skipped. */
  readonly unsupported: readonly Unsupported[];
  /** What was imported with a change of form (a date asked as text). */
  readonly notes: readonly Unsupported[];
  /** The `instrument_fingerprint` of a form Barometer exported, if the form has one. */
  readonly exportedFingerprint?: string;
}

/** The study an XLSForm's sheets import as, with every row it cannot express. */
export function importXlsForm(sheets: readonly RawSheet[], studyId: string): ImportedStudy {
  const form = readForm(sheets);
  const importer = new Importer(form);
  importer.run();
  const formId = form.settings.get('form_id');
  const instrumentId = formId !== undefined && slugOf(formId) === formId ? formId : studyId;
  const versionCell = form.settings.get('version');
  const version = versionCell !== undefined && /^\d+(\.\d+)*$/.test(versionCell) ? versionCell : '1';
  if (versionCell !== undefined && version !== versionCell)
    importer.notes.push({
      sheet: 'settings',
      row: 2,
      column: 'version',
      reason: `"${versionCell}" is not a Barometer version (1, 2.1); imported as version 1`,
    });
  const title = sameText(importer, form.settings.get('form_title') ?? formId ?? studyId);
  const missingLabels = Object.fromEntries(importer.missingLabels);
  const instrument: Draft = {
    id: instrumentId,
    version,
    title,
    languages: form.languages,
    ...(Object.keys(missingLabels).length > 0 ? { missingLabels } : {}),
    blocks: importer.pages.map((page) => ({
      id: page.id,
      ...(page.title ? { title: page.title } : {}),
      ...(page.showIf ? { showIf: page.showIf } : {}),
      ...page.extras,
      questions: page.questions.map((q) => q.draft),
    })),
  };
  const instrumentExtras = form.barometer.get('instrument');
  if (instrumentExtras !== undefined) {
    const extras = barometerExtras(new Map([['barometer', instrumentExtras]]), (reason) =>
      importer.unsupported.push({ sheet: 'barometer', row: 2, column: 'value', reason }),
    );
    Object.assign(instrument, extras);
  }
  const studyTitle = typeof instrument.title === 'object' && instrument.title !== null ? instrument.title : title;
  return {
    studyId,
    title: isText(studyTitle) ? studyTitle : title,
    instrument,
    unsupported: distinct([...form.unsupported, ...importer.unsupported]).sort((a, b) => order(a) - order(b)),
    notes: importer.notes,
    ...(importer.fingerprint ? { exportedFingerprint: importer.fingerprint } : {}),
  };
}

function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** The lines without repeats (a bad choice is met once per question using its list). */
function distinct(lines: readonly Unsupported[]): Unsupported[] {
  const seen = new Set<string>();
  return lines.filter((u) => {
    const key = formatUnsupported(u);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SHEET_ORDER = ['settings', 'survey', 'choices', 'barometer'];
function order(u: Unsupported): number {
  return SHEET_ORDER.indexOf(u.sheet) * 1e7 + u.row;
}
