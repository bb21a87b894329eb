import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLintProblem, instrumentFingerprint, loadStudies, Slug } from '../../instrument/index.ts';
import { formatUnsupported, importXlsForm, readWorkbook, studySource, WorkbookError } from '../../xlsform/index.ts';
import { CliError, type CliCommand } from '../io.ts';
import { importSubmissionsCommand, SUBMISSIONS_USAGE } from './import-submissions.ts';

const USAGE = `barometer import xlsform FORM.xlsx --study ID [--skip-unsupported] [--definitions DIR] [--force]

Imports an XLSForm (ODK, KoboToolbox) as a study folder DIR/ID/index.ts (DIR: --definitions, else
BAROMETER_DEFINITIONS, else survey-definitions) written with the DSL, then lints it. Reads the
survey, choices and settings sheets (see docs/xlsform.md for the mapping). What Barometer cannot
express (repeats, calculations, media and geo questions, unknown functions…) stops the import
with one line per row:
  sheet survey, row 12, column type: repeat groups are not supported
  --skip-unsupported  import the rest; the lines go to standard error and into the study as comments
  --force             replace DIR/ID if it exists

${SUBMISSIONS_USAGE}`;

/** An untrusted workbook larger than this is not unzipped (a questionnaire is a few hundred KiB). */
const MAX_BYTES = 20 * 2 ** 20;

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    if (argv[0] === 'submissions') return importSubmissionsCommand(argv.slice(1), io);
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        study: { type: 'string' },
        'skip-unsupported': { type: 'boolean', default: false },
        definitions: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const [what, file, ...extra] = positionals;
    if (what !== 'xlsform') throw new CliError(`expected "barometer import xlsform FORM.xlsx --study ID"\n${USAGE}`);
    if (!file || extra.length > 0) throw new CliError(`expected one FORM.xlsx\n${USAGE}`);
    if (values.study === undefined)
      throw new CliError('--study: give the id of the study to write (e.g. --study household-survey)');
    if (!Slug.safeParse(values.study).success)
      throw new CliError(`--study: "${values.study}" is not a study id (lower case letters, digits, - and _)`);
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new CliError(`${file}: no such file`);
    if (extname(path).toLowerCase() === '.xls')
      throw new CliError(
        `${file}: old binary .xls workbooks are not read; open it in a spreadsheet program, save it as .xlsx (Excel Workbook) and import the .xlsx`,
        1,
      );
    const dsl = resolve(io.cwd, 'src/instrument/index.ts');
    if (!existsSync(dsl)) throw new CliError(`run from the repository root (no src/instrument/index.ts in ${io.cwd})`);
    const dir = resolve(
      io.cwd,
      values.definitions ?? io.env.BAROMETER_DEFINITIONS ?? 'survey-definitions',
      values.study,
    );
    if (existsSync(dir) && !values.force)
      throw new CliError(
        `${relative(io.cwd, dir)} already exists: choose another --study or give --force to replace it`,
        1,
      );
    if (statSync(path).size > MAX_BYTES)
      throw new CliError(
        `${file}: larger than ${MAX_BYTES / 2 ** 20} MiB, far more than a questionnaire needs; not read`,
        1,
      );
    let sheets;
    try {
      sheets = await readWorkbook(await readFile(path));
    } catch (err) {
      if (err instanceof WorkbookError) throw new CliError(`${file}: ${err.message}`, 1);
      throw err;
    }
    const study = importXlsForm(sheets, values.study);
    for (const note of study.notes) io.stderr(`${file}: note: ${formatUnsupported(note)}\n`);
    for (const line of study.unsupported) io.stderr(`${file}: ${formatUnsupported(line)}\n`);
    if (study.unsupported.length > 0 && !values['skip-unsupported'])
      throw new CliError(
        `${study.unsupported.length} thing${study.unsupported.length === 1 ? '' : 's'} cannot be imported (one line each, above); nothing written. Fix them, or give --skip-unsupported to import the rest`,
        1,
      );
    const dslImport = relative(dir, dsl).split(sep).join('/');
    const source = studySource(study, { source: file.split(sep).join('/').split('/').pop() ?? file, dslImport });
    const target = join(dir, 'index.ts');
    if (values.force) await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(target, source);
    const { studies, problems } = await loadStudies(dir);
    if (problems.length > 0) {
      for (const p of problems) io.stderr(`${formatLintProblem(p, io.cwd)}\n`);
      await rm(dir, { recursive: true, force: true });
      throw new CliError(`the imported study does not pass barometer lint (listed above); nothing written`, 1);
    }
    const instrument = studies[0]?.study.instruments[0];
    if (instrument && study.exportedFingerprint !== undefined) {
      const same = instrumentFingerprint(instrument) === study.exportedFingerprint;
      io.stderr(
        same
          ? `the imported instrument has the exported fingerprint ${study.exportedFingerprint}\n`
          : `warning: the imported instrument's fingerprint ${instrumentFingerprint(instrument)} differs from the exported ${study.exportedFingerprint}\n`,
      );
    }
    const questions = instrument?.blocks.reduce((n, b) => n + b.questions.length, 0) ?? 0;
    io.stdout(
      `wrote ${relative(io.cwd, target)}: ${questions} questions on ${instrument?.blocks.length ?? 0} pages, ${instrument?.languages.map((l) => l.code).join(', ') ?? ''}; lint ok${study.unsupported.length > 0 ? ` (${study.unsupported.length} unsupported lines skipped)` : ''}\n`,
    );
    return 0;
  },
};
