/** `barometer import submissions FILE --wave CODE`: field submissions (ODK Central, KoboToolbox) into a wave. */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { waveIdByCode } from '../../collection/definitions.ts';
import { importSubmissions, type ImportReport } from '../../collection/submissions.ts';
import { AppError } from '../../errors.ts';
import { submissionCsvRows, type FileRow } from '../../collection/submissions-file.ts';
import { InterviewerMode } from '../../instrument/index.ts';
import { readWorkbook, WorkbookError } from '../../xlsform/index.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliIo } from '../io.ts';

export const SUBMISSIONS_USAGE = `barometer import submissions (FILE --wave CODE | CODE FILE) [--study ID] [--mode face_to_face|phone] [--language LANG] [options]

Imports the submissions of a form made by \`barometer export xlsform\` and fielded in ODK Collect or
KoboToolbox, as ODK Central or KoboToolbox export them (CSV, or the first sheet of an .xlsx), into
the open wave CODE. Columns are named by the form's names (group paths like grp/Q or grp-Q are
read), select_multiple as codes separated by spaces. Every row is validated as the web answers
are; its form version (the hidden instrument_fingerprint) must be the wave's.
Valid rows are stored, each recorded with the mode and its interviewer (SubmitterID, _submitted_by);
a row with any problem is not stored and is listed, one line per field:
  row 7, field grp/MIG_LEVEL: MIG_LEVEL has no option "x" on offer (unknown_option)
The submission's id (instanceID, KEY or _uuid) makes the import idempotent: importing the file
again adds nothing, and after fixing refused rows adds only those. Exit status 1 when any row
was refused (the valid rows are stored all the same), 0 otherwise.
  --wave CODE           the wave (e.g. mp-2026); --study ID when several studies have one so named
  --mode M              face_to_face (default) or phone
  --language LANG       the language the interviews were held in (default: the instrument's first)
${databaseUsage}`;

/** An untrusted export larger than this is not read (150,000 interviews of a world poll are far less). */
const MAX_BYTES = 200 * 2 ** 20;

/** The rows of the file with their numbers as a person finds them (CSV records, spreadsheet rows). */
async function rowsOf(path: string, file: string): Promise<FileRow[]> {
  const bytes = await readFile(path);
  try {
    if (extname(path).toLowerCase() === '.xlsx' || extname(path).toLowerCase() === '.xls') {
      const [first] = await readWorkbook(bytes);
      if (!first) throw new CliError(`${file}: the workbook has no sheet`, 1);
      return first.rows.map((r) => ({ row: r.row, values: r.values }));
    }
    return submissionCsvRows(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof WorkbookError) throw new CliError(`${file}: ${err.message}`, 1);
    if (err instanceof AppError) throw new CliError(`${file}: ${err.message.replace(/^file: /, '')}`, 1);
    throw err;
  }
}

function printReport(io: CliIo, file: string, report: ImportReport): void {
  for (const p of report.refused) io.stderr(`${file}: row ${p.row}, field ${p.field}: ${p.message}\n`);
  if (report.ignored.length > 0)
    io.stderr(`${file}: columns not read (not of the form): ${report.ignored.join(', ')}\n`);
  const refusedRows = new Set(report.refused.map((p) => p.row)).size;
  io.stdout(
    `${file}: ${report.rows} rows: ${report.added} added, ${report.already} already imported, ${refusedRows} refused (nothing stored for them)\n`,
  );
}

/**
 * The wave and the file, given as `FILE --wave CODE` or as `CODE FILE` (the issue's and ODK users'
 * order); both at once only when they agree.
 */
function waveAndFile(positionals: readonly string[], option: string | undefined): { wave: string; file: string } {
  if (positionals.length === 1 && positionals[0] !== undefined) {
    if (option === undefined) throw new CliError('--wave: give the code of the wave (e.g. --wave mp-2026)');
    return { wave: option, file: positionals[0] };
  }
  const [wave, file] = positionals;
  if (positionals.length !== 2 || wave === undefined || file === undefined)
    throw new CliError(`expected FILE --wave CODE, or CODE FILE\n${SUBMISSIONS_USAGE}`);
  if (option !== undefined && option !== wave)
    throw new CliError(`--wave ${option} and the wave ${wave} given before the file disagree`);
  return { wave, file };
}

export async function importSubmissionsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      wave: { type: 'string' },
      study: { type: 'string' },
      mode: { type: 'string', default: 'face_to_face' },
      language: { type: 'string' },
      ...databaseOptions,
    },
  });
  const { wave, file } = waveAndFile(positionals, values.wave);
  const mode = InterviewerMode.safeParse(values.mode);
  if (!mode.success) throw new CliError(`--mode must be face_to_face or phone (got "${values.mode}")`);
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new CliError(`${file}: no such file`);
  if (statSync(path).size > MAX_BYTES)
    throw new CliError(`${file}: larger than ${MAX_BYTES / 2 ** 20} MiB; not read`, 1);
  const rows = await rowsOf(path, file);
  const { handle } = await openDatabase(io.env, values, io.stderr);
  try {
    const waveId = await waveIdByCode(handle.db, wave, values.study);
    const report = await importSubmissions(handle.db, {
      waveId,
      rows,
      mode: mode.data,
      language: values.language,
      actor: 'cli',
    });
    printReport(io, file, report);
    return report.refused.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`${file}: ${err.message}; nothing imported`, 1);
    throw err;
  } finally {
    await handle.close();
  }
}
