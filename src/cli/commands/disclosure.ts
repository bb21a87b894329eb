import { parseArgs } from 'node:util';
import { syncStudies } from '../../collection/definitions.ts';
import { auditStudy } from '../../indicators/index.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';
import { definedStudy } from '../study.ts';

const USAGE = `barometer disclosure audit STUDY [--definitions DIR] [--all] [options]

Collects everything the study publishes (every point, subgroup, distribution and the weighted
totals relating them) and, for each withheld cell, solves the linear program an attacker would:
the smallest and largest value consistent with every published equation and the scale (HiGHS).
Prints each withheld cell with its feasible interval and the protection interval the study's
disclosure rule requires; exits 1 when any interval is narrower (docs/disclosure.md).
  --all                 print every withheld cell (default: the failures and a summary per wave)
  --definitions DIR     study definitions [BAROMETER_DEFINITIONS] (default ./survey-definitions)
${databaseUsage}`;

const f = (x: number) => x.toFixed(4);

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { definitions: { type: 'string' }, all: { type: 'boolean' }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    const [action, studyId, ...extra] = positionals;
    if (action !== 'audit' || !studyId || extra.length > 0)
      throw new CliError(
        'expected "barometer disclosure audit STUDY" (e.g. barometer disclosure audit migration-perceptions)',
      );
    const study = await definedStudy(io, values.definitions, studyId);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      await syncStudies(handle.db, [study], { actor: 'cli' });
      const waves = await auditStudy(handle.db, study);
      const { halfWidth, minWidth } = study.disclosure.protection;
      io.stdout(
        `disclosure audit of ${study.id}: protection interval ±${halfWidth} and at least ${minWidth} wide (fractions of each scale)\n`,
      );
      let failures = 0;
      for (const w of waves) {
        const bad = w.intervals.filter((i) => !i.protected);
        failures += bad.length;
        io.stdout(`${w.wave}: ${w.intervals.length} withheld cell value(s), ${bad.length} narrower than required\n`);
        for (const i of values.all ? w.intervals : bad)
          io.stdout(
            `  ${i.protected ? 'ok  ' : 'FAIL'} ${i.table} ${i.label} ${i.column} (${i.primary ? 'primary' : 'complementary'}): feasible [${f(i.feasible[0])}, ${f(i.feasible[1])}], ${i.required ? `required [${f(i.required[0])}, ${f(i.required[1])}]` : 'no interval required'}\n`,
          );
      }
      if (waves.length === 0) io.stdout('no materialised series: nothing published, nothing to audit\n');
      if (failures === 0) return 0;
      io.stderr(`${failures} withheld cell value(s) can be narrowed below the protection interval\n`);
      return 1;
    } finally {
      await handle.close();
    }
  },
};
