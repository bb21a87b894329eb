import { parseArgs } from 'node:util';
import { runWeighting, type RunProgress } from '../../indicators/index.ts';
import { AppError } from '../../errors.ts';
import { syncStudies } from '../../collection/definitions.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';
import { definedStudy } from '../study.ts';
import { weightingWarningSummary } from '../weight-warnings.ts';

const USAGE = `barometer weight STUDY WAVE [--definitions DIR] [options]

Weights every country of WAVE as the study definition states (base weights, sparse margin
cells merged into their neighbours, then bounded calibration, raking or post-stratification to
the margins), stores the run with its diagnostics and warnings, makes it the wave's current run,
and materialises the indicator series. Per country it prints the merges, how far the worst
margin cell is from its target, and a flag (not converged, margins not met) that the country's
published estimates carry. It ends with a summary of the warnings by kind and country; each
warning (naming the country and cell) is printed with --verbose and stored with the run.
Impossible input (a margin that does not sum, an unknown level) stops with one line and stores
nothing.
  --definitions DIR     study definitions [BAROMETER_DEFINITIONS] (default ./survey-definitions)
  --verbose             also print every warning on its own line
${databaseUsage}`;

const fmt = (x: number, digits = 2) => x.toFixed(digits);

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { definitions: { type: 'string' }, verbose: { type: 'boolean', default: false }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    const [studyId, waveCode, ...extra] = positionals;
    if (!studyId || !waveCode || extra.length > 0)
      throw new CliError(
        'expected "barometer weight STUDY WAVE" (e.g. barometer weight migration-perceptions mp-2024)',
      );
    const study = await definedStudy(io, values.definitions, studyId);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      await syncStudies(handle.db, [study], { actor: 'cli' });
      let last = 0;
      const onProgress = (p: RunProgress) => {
        if (Date.now() - last < 200 && p.done !== p.total) return;
        last = Date.now();
        const width = 30;
        const filled = p.total > 0 ? Math.round((width * p.done) / p.total) : width;
        io.stderr(
          `\r${p.phase.padEnd(11)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${p.country ? ` ${p.country}` : ''}   ${p.done === p.total ? '\n' : ''}`,
        );
      };
      const run = await runWeighting(handle.db, { study, wave: waveCode, actor: 'cli', onProgress }).catch(
        (err: unknown) => {
          if (err instanceof AppError) throw new CliError(err.message);
          throw err;
        },
      );
      io.stdout(
        `weighting run ${run.id} of ${run.study}/${run.wave}: ${run.input.weighted} of ${run.input.responses} responses weighted (${run.parameters.weighting.method})\n`,
      );
      io.stdout(
        `country  n      eff.n   deff  converged  merged  margin off  flag             weights (relative: min q1 median q3 max)\n`,
      );
      for (const c of run.countries) {
        const relative = c.relativeWeights;
        const off = Math.max(0, ...c.marginFit.map((f) => f.relativeDeviation));
        io.stdout(
          `${c.iso3.padEnd(8)} ${String(c.weighted).padEnd(6)} ${fmt(c.effectiveN, 1).padEnd(7)} ${fmt(c.kishDeff).padEnd(5)} ${(c.converged ? 'yes' : 'NO').padEnd(10)} ${String(c.collapsed.length).padEnd(7)} ${off.toExponential(1).padEnd(10)} ${(c.flag ?? '-').padEnd(16)} ${[relative.min, relative.q1, relative.median, relative.q3, relative.max].map((x) => fmt(x)).join(' ')}\n`,
        );
      }
      for (const c of run.countries)
        for (const m of c.collapsed)
          io.stdout(`merged  ${c.iso3}: ${m.margin} cells ${m.cells.join(', ')} (${m.respondents} respondents)\n`);
      const flagged = run.countries.filter((c) => c.flag !== null);
      io.stdout(
        `${flagged.length} of ${run.countries.length} countries flagged${flagged.length > 0 ? `: ${flagged.map((c) => `${c.iso3} (${c.flag})`).join(', ')}` : ''}\n`,
      );
      if (values.verbose)
        for (const warning of run.warnings) io.stdout(`warning [${warning.code}]: ${warning.message}\n`);
      io.stdout(`weights hash ${run.weightsHash}; ${run.warnings.length} warning(s); series materialised\n`);
      const check = run.publication;
      if (check) {
        const by = Object.entries(check.byInvariant).map(([k, v]) => `${k} ${v}`);
        io.stdout(
          `publication invariants: ${check.failed} of ${check.checked} values failed${by.length ? ` (${by.join(', ')})` : ''}; withheld with their reason\n`,
        );
        for (const e of check.examples) io.stdout(`  failed: ${e}\n`);
      }
      for (const line of weightingWarningSummary(run.warnings)) io.stdout(`${line}\n`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
