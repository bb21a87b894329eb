import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runAnalysisFile } from '../../analysis/run.ts';
import { AnalysisError } from '../../analysis/spec.ts';
import { CliError, type CliCommand } from '../io.ts';

/** `barometer analyse SPEC.json [--out RESULT.json]`: runs an analysis described as data. */
export const command: CliCommand = {
  usage: `Usage: barometer analyse SPEC.json [--out RESULT.json]

Runs the design-based analysis SPEC.json describes (its data file, design, weighting steps and
estimates) and writes the result JSON to RESULT.json, or to stdout. Every field of the spec, the
weighting steps and the statistics: docs/analyse.md.

A minimal spec (the weighted share answering each level of MIG_LEVEL, with its 95% interval):
  {
    "data": "responses.csv",
    "design": { "weights": "weight" },
    "estimates": [{ "id": "level", "statistic": "proportion", "variable": "MIG_LEVEL" }]
  }
"data" is relative to the spec file; rows without a value of the variable are left out of it.
  --out FILE            write the result to FILE (warnings go to standard error)`,
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
