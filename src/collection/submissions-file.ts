/**
 * The rows of a field submissions file as a person finds them (submissions.ts imports them): a CSV
 * export of ODK Central or KoboToolbox, each record numbered as its place in the file (the header
 * is row 1). The CLI and the researcher API both read a CSV export through here; the CLI also
 * reads the first sheet of an .xlsx export (src/xlsform reads workbooks).
 */
import { AppError } from '../errors.ts';
import { CsvReadError, readCsvRecords } from '../formats/csv-read.ts';

/** A numbered row of a submissions file. */
export interface FileRow {
  readonly row: number;
  readonly values: readonly string[];
}

/** The records of a CSV export, numbered from 1 (the header); a file that is not CSV is a 400 naming `file`. */
export function submissionCsvRows(text: string): FileRow[] {
  try {
    return readCsvRecords(text).map((values, k) => ({ row: k + 1, values }));
  } catch (err) {
    if (err instanceof CsvReadError)
      throw new AppError('validation_failed', `file: ${err.message}`, [{ path: 'file', message: err.message }]);
    throw err;
  }
}
