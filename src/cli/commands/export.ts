import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findWave, studyIdBySlug } from '../../collection/definitions.ts';
import { exportResponsesCsv } from '../../collection/export.ts';
import { exportResponsesFile, FILE_FORMATS, type FileFormat } from '../../collection/export-file.ts';
import { audit, type Database } from '../../../db/index.ts';
import { AppError } from '../../errors.ts';
import { FormatError } from '../../formats/dataset.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';

const FORMATS = ['csv', ...FILE_FORMATS] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);
const isFileFormat = (s: Format): s is FileFormat => s !== 'csv';

export const command: CliCommand = {
  usage: `barometer export STUDY WAVE [--format csv|sav|dta] [--out FILE] [--breakoffs] [--lang LANG] [options]
       barometer export xlsform STUDY VERSION [--out FILE]   (an instrument as XLSForm; docs/xlsform.md)

One row per response. CSV: one column per question code with a labelled twin (CODE_label);
missing codes stay distinct (dont_know, refused, not_asked, break_off). SPSS and Stata: coded
values with variable and value labels in LANG, the missing codes as SPSS user-missing values or
Stata's .a .b .c .d (see docs/exports.md). A wave with a current weighting run (barometer
weight) carries its weights as the variable weight (the SPSS file WEIGHT BY weight; the CSV a
weight column). Contact details of invitations are never exported.
The file is written under a temporary name and renamed when complete: a failed export leaves
nothing behind. Without --out, CSV goes to standard output.
  --format F            csv (default; or taken from the extension of --out), sav, dta
  --out FILE            write to FILE (progress is shown on standard error); needed for sav and dta
  --breakoffs           also export sessions recorded as break-offs
  --lang LANG           language of the labels (default: the instrument's first)
${databaseUsage}`,
  async run(argv, io) {
    if (argv[0] === 'xlsform') return (await import('./export-xlsform.ts')).exportXlsform(argv.slice(1), io);
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        format: { type: 'string' },
        breakoffs: { type: 'boolean', default: false },
        lang: { type: 'string' },
        ...databaseOptions,
      },
      allowPositionals: true,
      strict: true,
    });
    const [study, waveCode, ...extra] = positionals;
    if (!study || !waveCode || extra.length > 0)
      throw new CliError(
        'expected "barometer export STUDY WAVE" (e.g. barometer export migration-perceptions mp-2026)',
      );
    const extension = values.out === undefined ? '' : path.extname(values.out).slice(1).toLowerCase();
    const format = values.format ?? (isFormat(extension) ? extension : 'csv');
    if (!isFormat(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    if (format !== 'csv' && values.out === undefined)
      throw new CliError(`--format ${format} writes a binary file: give --out FILE`);
    const target = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      const wave = await findWave(handle.db, study, waveCode);
      if (!wave) throw new CliError(await missingWaveMessage(handle.db, study, waveCode));
      const temporary =
        target === undefined
          ? undefined
          : path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
      const out = temporary === undefined ? undefined : createWriteStream(temporary, { flags: 'wx' });
      let lastShown = 0;
      const started = Date.now();
      const options = {
        includeBreakOffs: values.breakoffs,
        ...(values.lang ? { lang: values.lang } : {}),
        onProgress: (done: number, total: number) => {
          if (out && (Date.now() - lastShown > 500 || done === total)) {
            lastShown = Date.now();
            io.stderr(
              `\rexported ${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows (${total ? Math.floor((100 * done) / total) : 100}%)`,
            );
          }
        },
      };
      const chunks: AsyncIterable<string | Uint8Array> = isFileFormat(format)
        ? exportResponsesFile(handle.db, wave.id, format, options)
        : exportResponsesCsv(handle.db, wave.id, options);
      try {
        for await (const chunk of chunks) {
          if (out) {
            if (!out.write(chunk)) await once(out, 'drain');
          } else if (typeof chunk === 'string') io.stdout(chunk);
          else throw new CliError(`--format ${format} writes a binary file: give --out FILE`);
        }
        if (out && temporary && target) {
          out.end();
          await once(out, 'finish');
          await rename(temporary, target);
          io.stderr(`\nwrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        }
      } catch (err) {
        if (out && temporary) {
          // The file may still be opening: wait for the stream to close, or rm runs before it exists.
          out.destroy();
          if (!out.closed) await once(out, 'close');
          await rm(temporary, { force: true });
        }
        if (err instanceof AppError || err instanceof FormatError)
          throw new CliError(`${values.out ?? 'export'}: ${err.message}; nothing written`);
        throw err;
      }
      await audit(handle.db, {
        actor: 'cli',
        action: `export.${format}`,
        targetType: 'wave',
        targetId: wave.id,
        details: { breakoffs: values.breakoffs, out: values.out ?? 'stdout' },
      });
      return 0;
    } finally {
      await handle.close();
    }
  },
};

/** Why `STUDY WAVE` names no wave: the study is unknown (said first), or it has no such wave. */
async function missingWaveMessage(db: Database, study: string, waveCode: string): Promise<string> {
  const known = await studyIdBySlug(db, study).then(
    () => true,
    (err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') return false;
      throw err;
    },
  );
  return known
    ? `no wave "${waveCode}" in study "${study}" (barometer waves ${study} lists its waves)`
    : `no study "${study}" in the database (barometer waves lists the studies and their waves; has the server loaded the definitions?)`;
}
