import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildStaticSite } from '../../../dashboards/build.ts';
import type { DashboardSource } from '../../../dashboards/source.ts';
import { publishedSeriesAndCampaigns } from '../../indicators/campaign/stored.ts';
import { loadStudies } from '../../instrument/index.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';

export const command: CliCommand = {
  usage: `barometer dashboards build [--out DIR] [--definitions DIR]

Writes a self-contained static site of every study's dashboards: the default view of each
page in each language, the charts as inline SVG, the data of each chart as CSV, the full
series as CSV with a metadata JSON. Serve DIR from the root of any web host.
  --out DIR             output folder (default ./dashboards-site)
  --definitions DIR     study definitions [BAROMETER_DEFINITIONS] (default ./survey-definitions)
The series are the database's materialised series (public view: estimates below a study's
minimumN withheld); run "barometer weight" first, or the pages say there is no data.
${databaseUsage}`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, definitions: { type: 'string' }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'build')
      throw new CliError('expected "barometer dashboards build [--out DIR]"');
    const dir = resolve(io.cwd, values.definitions ?? io.env.BAROMETER_DEFINITIONS ?? 'survey-definitions');
    if (!existsSync(dir)) throw new CliError(`--definitions: no folder ${dir}`);
    const loaded = await loadStudies(dir);
    if (loaded.problems.length)
      throw new CliError(
        `--definitions: ${loaded.problems.length} problem(s) in the definitions; run "barometer lint"`,
      );
    const out = resolve(io.cwd, values.out ?? 'dashboards-site');
    const started = performance.now();
    io.stderr(
      `Building the dashboards of ${loaded.studies.length} stud${loaded.studies.length === 1 ? 'y' : 'ies'} into ${out}…\n`,
    );
    const { handle } = await openDatabase(io.env, values, io.stderr);
    let result: Awaited<ReturnType<typeof buildStaticSite>>;
    try {
      const source: DashboardSource = publishedSeriesAndCampaigns(
        handle.db,
        loaded.studies.map((s) => s.study),
      );
      // A line every two seconds on stderr: a full world takes tens of seconds.
      let shown = performance.now();
      result = await buildStaticSite(source, out, {
        onProgress: (written, left) => {
          const now = performance.now();
          if (now - shown < 2000) return;
          shown = now;
          io.stderr(
            `… ${written} files written, ${left} found still to write (${((now - started) / 1000).toFixed(0)} s)\n`,
          );
        },
      });
    } finally {
      await handle.close();
    }
    io.stdout(
      `Wrote ${result.files} files (${result.pages} pages, ${(result.bytes / 1e6).toFixed(1)} MB) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  },
};
