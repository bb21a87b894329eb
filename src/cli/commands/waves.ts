/** `barometer waves [STUDY]`: every wave with its status, field period, version and completes per country against target. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { waveOverviews, type WaveOverview } from '../../collection/wave-progress.ts';
import { formatLintProblem, loadStudies } from '../../instrument/index.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand, type CliIo } from '../io.ts';

const USAGE = `barometer waves [STUDY] [--definitions DIR] [options]

Lists every wave (of STUDY when given) as the database holds it: status, field period,
instrument version, completes against the planned total, sessions in progress and break-offs,
then the completes of each country against its targetCompletes. Completes per country need
the study's country question, read from the definitions.
  --definitions DIR     study definitions [BAROMETER_DEFINITIONS] (default ./survey-definitions)
${databaseUsage}`;

/** The country question of each study defined in the definitions folder. */
async function countryQuestions(io: CliIo, definitions: string | undefined): Promise<Map<string, string>> {
  const dir = resolve(io.cwd, definitions ?? io.env.BAROMETER_DEFINITIONS ?? 'survey-definitions');
  if (!existsSync(dir)) throw new CliError(`no definitions folder ${dir} (give --definitions DIR)`);
  const loaded = await loadStudies(dir);
  if (loaded.problems.length > 0)
    throw new CliError(
      `the definitions in ${dir} have problems:\n${loaded.problems.map((p) => formatLintProblem(p, io.cwd)).join('\n')}`,
    );
  return new Map(
    loaded.studies.flatMap(({ study }) =>
      study.countryQuestion === undefined ? [] : [[study.id, study.countryQuestion] as const],
    ),
  );
}

const percent = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : '–');

/** The table lines of `waves`. */
export function wavesTable(waves: readonly WaveOverview[]): string {
  const header = [
    'study',
    'wave',
    'status',
    'field period',
    'version',
    'completes',
    'target',
    'in progress',
    'break-offs',
  ];
  const rows = waves.map((w) => [
    w.study,
    w.code,
    w.status,
    `${w.fieldStart ?? '?'} – ${w.fieldEnd ?? '?'}`,
    w.instrumentVersion,
    String(w.completes),
    `${w.target} (${percent(w.completes, w.target)})`,
    String(w.inProgress),
    String(w.breakOffs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const w of waves) {
    if (w.countries.length === 0) continue;
    out.push('', `${w.study}/${w.code}: completes per country (of targetCompletes)`);
    for (const c of w.countries)
      out.push(
        `  ${c.iso3}  ${String(c.completes).padStart(6)} / ${String(c.target).padEnd(6)} ${percent(c.completes, c.target).padStart(4)}  ${c.name}`,
      );
    if (w.otherCountry > 0) out.push(`  other  ${w.otherCountry} (a country the wave does not cover, or none)`);
  }
  return `${out.join('\n')}\n`;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { definitions: { type: 'string' }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw new CliError('expected "barometer waves [STUDY]"');
    const study = positionals[0];
    const questions = await countryQuestions(io, values.definitions);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      const waves = await waveOverviews(handle.db, questions, study === undefined ? {} : { study });
      if (study !== undefined && waves.length === 0)
        throw new CliError(`no waves of study "${study}" in the database (has the server loaded the definitions?)`);
      io.stdout(
        waves.length === 0 ? 'no waves in the database (has the server loaded the definitions?)\n' : wavesTable(waves),
      );
      return 0;
    } finally {
      await handle.close();
    }
  },
};
