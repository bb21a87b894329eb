import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { findWave } from '../../collection/definitions.ts';
import { exportResponsesCsv } from '../../collection/export.ts';
import { audit } from '../../collection/audit.ts';
import { AppError } from '../../errors.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';

export const command: CliCommand = {
  usage: `barometer export STUDY WAVE [--out FILE] [--breakoffs] [--lang LANG] [options]

One row per response, one column per question code with a labelled twin (CODE_label);
missing codes stay distinct (dont_know, refused, not_asked, break_off). Contact details
of invitations are never exported. Without --out the CSV goes to standard output.
  --out FILE            write to FILE (progress is shown on standard error)
  --breakoffs           also export sessions recorded as break-offs
  --lang LANG           language of the labelled columns (default: the instrument's first)
${databaseUsage}`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, breakoffs: { type: 'boolean', default: false }, lang: { type: 'string' }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    const [study, waveCode, ...extra] = positionals;
    if (!study || !waveCode || extra.length > 0) throw new CliError('expected "barometer export STUDY WAVE" (e.g. barometer export migration-perceptions mp-2026)');
    const { handle } = await openDatabase(io.env, { 'database-url': values['database-url'], 'data-dir': values['data-dir'] });
    try {
      const wave = await findWave(handle.db, study, waveCode);
      if (!wave) throw new CliError(`no wave "${waveCode}" in study "${study}" (has the server loaded the definitions?)`);
      const out = values.out === undefined ? undefined : createWriteStream(values.out);
      let lastShown = 0;
      const started = Date.now();
      const write = async (chunk: string) => {
        if (!out) return io.stdout(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      };
      try {
        for await (const chunk of exportResponsesCsv(handle.db, wave.id, {
          includeBreakOffs: values.breakoffs,
          ...(values.lang ? { lang: values.lang } : {}),
          onProgress: (done, total) => {
            if (out && (Date.now() - lastShown > 500 || done === total)) {
              lastShown = Date.now();
              io.stderr(`\rexported ${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows (${total ? Math.floor((100 * done) / total) : 100}%)`);
            }
          },
        })) {
          await write(chunk);
        }
      } catch (err) {
        if (err instanceof AppError) throw new CliError(err.message);
        throw err;
      }
      if (out) {
        out.end();
        await once(out, 'finish');
        io.stderr(`\nwrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      }
      await audit(handle.db, { actor: 'cli', action: 'export.csv', targetType: 'wave', targetId: wave.id, details: { breakoffs: values.breakoffs, out: values.out ?? 'stdout' } });
      return 0;
    } finally {
      await handle.close();
    }
  },
};
