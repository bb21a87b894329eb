/**
 * Field submissions as ODK Central and KoboToolbox export them, for the submissions import tests:
 * the columns of an instrument's XLSForm (`xlsFormOf`) behind their group paths (`grp-Q` as ODK
 * Central writes them, `grp/Q` as Kobo does), and valid answers walked page by page as a
 * respondent would give them, written as the field apps write values.
 */
import type { DbHandle } from '../../db/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { findWave, openWave } from '../../src/collection/definitions.ts';
import { simulatedAnswers, sequence } from '../../src/collection/simulate.ts';
import { loadInstrument } from '../../src/collection/waves.ts';
import { pageView } from '../../src/collection/view.ts';
import {
  findQuestion,
  instrumentFingerprint,
  nextPage,
  presentationOrder,
  renderPage,
  validateAnswers,
  type Answers,
  type Instrument,
} from '../../src/instrument/index.ts';
import { xlsFormOf } from '../../src/xlsform/index.ts';
import { definitionsDir } from './collection.ts';

/**
 * The flagship's definitions loaded and its wave mp-2024 opened: version 2 of the instrument,
 * which XLSForm can carry (version 3's message experiment cannot be fielded in ODK).
 */
export async function openFieldWave(handle: DbHandle): Promise<{ waveId: string; instrument: Instrument }> {
  await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
  const wave = await findWave(handle.db, 'migration-perceptions', 'mp-2024');
  if (!wave) throw new Error('no wave mp-2024');
  await openWave(handle.db, wave.id, { actor: 'test' });
  return { waveId: wave.id, instrument: (await loadInstrument(handle.db, wave.instrumentId)).instrument };
}

/** The fields of the instrument's XLSForm: `name` and its group path, in form order. */
export function formFields(instrument: Instrument): { name: string; groups: string[] }[] {
  const form = xlsFormOf(instrument);
  if (!form.ok) throw new Error(`no XLSForm: ${form.refused.join('; ')}`);
  const [header = [], ...rows] = form.sheets.survey;
  const typeAt = header.indexOf('type');
  const nameAt = header.indexOf('name');
  const groups: string[] = [];
  const out: { name: string; groups: string[] }[] = [];
  for (const row of rows) {
    const type = String(row[typeAt] ?? '').trim();
    const name = String(row[nameAt] ?? '');
    if (type === 'begin group') groups.push(name);
    else if (type === 'end group') groups.pop();
    else if (type !== 'note') out.push({ name, groups: [...groups] });
  }
  return out;
}

/** Valid answers of one respondent, walked through the pages the answers show. */
export function walkedAnswers(instrument: Instrument, seed: number): Answers {
  const order = presentationOrder(instrument, `walk-${seed}`);
  const random = sequence(seed);
  let answers: Record<string, unknown> = {};
  for (let block = nextPage(instrument, order, {}, null); block !== null;) {
    const page = pageView(
      renderPage(instrument, { blockId: block, lang: 'en', answers: validOnly(instrument, answers), order }),
    );
    answers = { ...answers, ...simulatedAnswers(page, random) };
    block = nextPage(instrument, order, validOnly(instrument, answers), block);
  }
  const result = validateAnswers(instrument, answers, { mode: 'submit' });
  if (!result.ok) throw new Error(`walked answers are invalid: ${JSON.stringify(result.errors)}`);
  return result.answers;
}

function validOnly(instrument: Instrument, answers: Record<string, unknown>): Answers {
  const result = validateAnswers(instrument, answers, { mode: 'partial' });
  if (!result.ok) throw new Error(`walked answers are invalid: ${JSON.stringify(result.errors)}`);
  return result.answers;
}

/** A field's value as ODK writes it: codes separated by spaces, `OK` for an acknowledge, a grid item's own column. */
export function fieldValue(instrument: Instrument, answers: Answers, name: string): string {
  if (name === 'instrument_fingerprint') return '';
  const direct = answers[name];
  const v =
    direct !== undefined || findQuestion(instrument, name)
      ? direct
      : Object.entries(answers).flatMap(([code, a]) =>
          typeof a === 'object' && a !== null && !Array.isArray(a) && !('missing' in a) && name.startsWith(`${code}_`)
            ? [Reflect.get(a, name.slice(code.length + 1))]
            : [],
        )[0];
  if (v === undefined) return '';
  if (typeof v === 'object' && v !== null && 'missing' in v) return v.missing === 'not_asked' ? '' : String(v.missing);
  if (Array.isArray(v)) return v.join(' ');
  if (v === true) return 'OK';
  return String(v);
}

const quote = (s: string) => (/[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV (separator `sep`) of a header and rows. */
export function csvText(rows: readonly (readonly string[])[], sep = ','): string {
  return `${rows.map((r) => r.map(quote).join(sep)).join('\r\n')}\r\n`;
}

export interface Submission {
  readonly id: string;
  readonly answers: Answers;
  readonly by: string;
  readonly fingerprint?: string;
  /** Cells to write instead of the answers' (by field name). */
  readonly cells?: Readonly<Record<string, string>>;
}

/** An ODK Central export: `grp-Q` columns, then SubmissionDate, SubmitterID, KEY (meta-instanceID too). */
export function odkCentral(instrument: Instrument, subs: readonly Submission[]): string[][] {
  const fields = formFields(instrument);
  const header = [
    'SubmissionDate',
    ...fields.map((f) => [...f.groups, f.name].join('-')),
    'meta-instanceID',
    'KEY',
    'SubmitterID',
    'SubmitterName',
    'ReviewState',
  ];
  const rows = subs.map((s) => [
    '2026-03-02T10:15:00.000Z',
    ...fields.map((f) =>
      f.name === 'instrument_fingerprint'
        ? (s.fingerprint ?? instrumentFingerprint(instrument))
        : (s.cells?.[f.name] ?? fieldValue(instrument, s.answers, f.name)),
    ),
    s.id === '' ? '' : `uuid:${s.id}`,
    s.id === '' ? '' : `uuid:${s.id}`,
    s.by,
    `Enumerator ${s.by}`,
    '',
  ]);
  return [header, ...rows];
}
