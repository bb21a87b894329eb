import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runAnalysisFile } from '../../analysis/run.ts';
import { AnalysisError } from '../../analysis/spec.ts';
import { CliError, type CliCommand } from '../io.ts';

/** `barometer analyse SPEC.json [--out RESULT.json]`: runs an analysis described as data. */
export const command: CliCommand = {
  usage:
    'Usage: barometer analyse SPEC.json [--out RESULT.json]\n\nWrites the result JSON to RESULT.json, or to stdout.',
  async run(argv, io) {
    const parsed = parseArgs({
      args: [...argv],
      options: { out: { type: 'string', short: 'o' } },
      allowPositionals: true,
    });
    const [specArg, ...extra] = parsed.positionals;
    if (!specArg || extra.length > 0) throw new CliError('expected exactly one SPEC.json argument');
    const specPath = path.resolve(io.cwd, specArg);
    let result;
    try {
      result = await runAnalysisFile(specPath);
    } catch (err) {
      if (err instanceof AnalysisError) throw new CliError(err.message);
      throw err;
    }
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (parsed.values.out) {
      await writeFile(path.resolve(io.cwd, parsed.values.out), json);
      for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    } else io.stdout(json);
    return 0;
  },
};
