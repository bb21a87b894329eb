import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLintProblem, lintStudies } from '../../instrument/index.ts';
import { CliError, type CliCommand } from '../io.ts';

const USAGE = `barometer lint [path]

Validates every study definition under path (default: survey-definitions): shapes, translations,
codes, logic, piping, indicators, waves — of every instrument version in one run. Prints one
line per problem, at the file and line to edit (the question's literal, the wave's id…):
  file:line: QUESTION [lang]: what is wrong (issue_code at path)
and exits 1 when there is any. Checks what respondents read too: the study's respondentInformation
(who is asking and why) and answer labels left untranslated; a version a wave has opened with is
reported as "exempt: …" instead (it cannot change). A warning (a new version that changes the
wording or the answer options of an indicator's question without the indicator declaring the
series break) is printed as "warning: file:line: …" and does not fail the run. See
docs/instruments.md.`;

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseArgs({ args: [...argv], allowPositionals: true, options: {} });
    if (parsed.positionals.length > 1)
      throw new CliError(`expected at most one path, got ${parsed.positionals.length}\n${USAGE}`);
    const target = resolve(io.cwd, parsed.positionals[0] ?? 'survey-definitions');
    if (!existsSync(target)) throw new CliError(`no such file or folder: ${target}`);
    const { studies, problems, warnings = [], exemptions } = await lintStudies(target);
    for (const problem of problems) io.stdout(`${formatLintProblem(problem, io.cwd)}\n`);
    for (const warning of warnings) io.stdout(`warning: ${formatLintProblem(warning, io.cwd)}\n`);
    for (const e of exemptions) io.stdout(`exempt: ${relative(io.cwd, e.file) || e.file}: ${e.message}\n`);
    if (warnings.length > 0)
      io.stderr(`${warnings.length} warning${warnings.length === 1 ? '' : 's'} (undeclared series breaks)\n`);
    if (problems.length > 0) {
      io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`);
      return 1;
    }
    const summary = studies.map(
      ({ study }) =>
        `${study.id} (${study.instruments.length} instrument version${study.instruments.length === 1 ? '' : 's'}, ${study.waves.length} waves, ${study.indicators.length} indicators, ${study.campaigns.length} campaigns)`,
    );
    io.stdout(`ok: ${summary.join('; ')}\n`);
    return 0;
  },
};
