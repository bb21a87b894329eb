import { parseArgs } from 'node:util';
import { bootstrapDefinitions } from '../../collection/bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { buildDemoWorld, compareWithTruth, DemoError, type DemoEvent } from '../../demo/index.ts';
import { honestReport } from '../../demo/report.ts';
import { isScenario, SCENARIOS } from '../../demo/scenario.ts';
import { WITH_PLANNED_WAVES } from '../../demo/targets.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, processIo, type CliCommand, type CliIo } from '../io.ts';

const usage = `barometer demo [--scenario textbook|realistic] [--completes N] [--countries ISO3,...] [--through-service] [--planned] [options]

Builds the demo world of the flagship study (migration perceptions) in the configured database:
simulated adults of its 51 countries answer the 2022, 2024 and 2026 waves (about 1,000 completes
per country per wave by default; written in bulk, or through the collection service), each wave is
weighted, its indicator series and the campaign reports materialised; then prints, per region and
for the world, the simulation's true share wanting immigration decreased beside the unweighted and
the weighted estimate (95% interval), and what the run shows: the bias left after weighting,
interval coverage and campaign-effect recovery (docs/demo.md).
The flagship's waves must not have opened yet (use an empty database).
  --scenario S          textbook (non-response only through the weighting variables) or realistic
                        (also through what weighting cannot see); default realistic
  --completes N         completes per country per wave (default 1000, the Gallup design)
  --countries LIST      only these countries (ISO3, comma-separated)
  --through-service     every respondent through the collection service (slow: for small worlds)
  --planned             also field the planned 2028 wave (instrument v4, the perception question),
                        simulated as a preview: the perception indicators and the fact arm get data
  --concurrency N       with --through-service: respondent flows at once (default 128)
  --seed S              seed of the simulated respondents (default barometer-demo)
  --definitions DIR     study definitions to load [BAROMETER_DEFINITIONS] (default ./survey-definitions)
${databaseUsage}`;

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${flag} must be a positive whole number, got "${value}"`);
  return n;
}

/** A progress line on standard error: redrawn in place on a terminal, every 10% otherwise. */
export function progressReporter(io: CliIo, tty: boolean): (e: DemoEvent) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  const bar = (done: number, total: number) => {
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * 30);
    return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
  };
  return (e) => {
    if (e.phase === 'collect') {
      const tenth = Math.floor((10 * e.done) / Math.max(1, e.total));
      const now = Date.now();
      if (tty ? now - lastDraw > 200 || e.done === e.total : tenth !== lastTenth) {
        lastDraw = now;
        lastTenth = tenth;
        io.stderr(
          `${tty ? '\r' : ''}${e.wave} answering ${bar(e.done, e.total)} ${e.done.toLocaleString('en')}/${e.total.toLocaleString('en')}${tty ? '' : '\n'}`,
        );
      }
    } else if (e.phase === 'collected') {
      lastTenth = -1;
      io.stderr(
        `${tty ? '\n' : ''}${e.wave}: ${e.submitted.toLocaleString('en')} responses, ${e.breakOffs.toLocaleString('en')} break-offs; wave ${e.status}\n`,
      );
    } else if (e.phase === 'weight') {
      const now = Date.now();
      if (tty && (now - lastDraw > 200 || e.progress.done === e.progress.total)) {
        lastDraw = now;
        io.stderr(`\r${e.wave} ${e.progress.phase.padEnd(11)} ${bar(e.progress.done, e.progress.total)}`);
      }
    } else if (e.phase === 'weighted') {
      io.stderr(
        `${tty ? '\n' : ''}${e.wave}: weighted and series materialised (${e.warnings} warning${e.warnings === 1 ? '' : 's'})\n`,
      );
    } else io.stderr(`campaign reports materialised (${e.campaigns})\n`);
  };
}

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        completes: { type: 'string' },
        countries: { type: 'string' },
        concurrency: { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        'through-service': { type: 'boolean' },
        planned: { type: 'boolean' },
        definitions: { type: 'string' },
        ...databaseOptions,
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`);
    const completes = positiveInt(values.completes, 'completes', 1000);
    const concurrency = positiveInt(values.concurrency, 'concurrency', 128);
    const scenario = values.scenario ?? 'realistic';
    if (!isScenario(scenario))
      throw new CliError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
    const countries = values.countries
      ?.split(',')
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c.length > 0);
    if (countries?.some((c) => !/^[A-Z]{3}$/.test(c)))
      throw new CliError(`--countries must list ISO3 codes like ZAF,DEU, got "${values.countries}"`);
    const definitionsDir = loadConfig(io.env, { definitions: values.definitions }).definitionsDir;
    const { handle } = await openDatabase(io.env, values, io.stderr);
    const started = Date.now();
    try {
      await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
      let result;
      try {
        result = await buildDemoWorld(handle.db, {
          size: { scale: completes / 1000, countries, ...(values.planned ? { waves: WITH_PLANNED_WAVES } : {}) },
          concurrency,
          scenario,
          through: values['through-service'] === true ? 'service' : 'bulk',
          ...(values.seed ? { seed: values.seed } : {}),
          onProgress: progressReporter(io, io === processIo && process.stderr.isTTY === true),
        });
      } catch (err) {
        if (err instanceof DemoError) throw new CliError(err.message);
        throw err;
      }
      const comparison = await compareWithTruth(handle.db, result);
      io.stdout(
        `Demo world built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${completes.toLocaleString('en')} completes per country per wave, ${countries ? countries.length : result.world.countries.length} countries.\n`,
      );
      io.stdout(
        'Share wanting immigration decreased: truth (the simulated adults of the countries with respondents), unweighted sample share, weighted estimate [95% CI], n, population coverage.\n\n',
      );
      io.stdout(`${comparison.tables.join('\n\n')}\n\n`);
      io.stdout(`${honestReport(scenario, comparison.countries, comparison.campaigns)}\n`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
