/**
 * The study a CLI command names, loaded from the definitions folder (`--definitions`, else
 * `BAROMETER_DEFINITIONS`, else `./survey-definitions`): definitions with lint problems, or no study
 * of that id, stop the command with one message naming the folder.
 */
import { resolve } from 'node:path';
import { formatLintProblem, loadStudies, type Study } from '../instrument/index.ts';
import { CliError, type CliIo } from './io.ts';

export async function definedStudy(io: CliIo, definitions: string | undefined, studyId: string): Promise<Study> {
  const dir = resolve(io.cwd, definitions ?? io.env.BAROMETER_DEFINITIONS ?? 'survey-definitions');
  const loaded = await loadStudies(dir);
  if (loaded.problems.length > 0)
    throw new CliError(
      `the definitions in ${dir} have problems:\n${loaded.problems.map((p) => formatLintProblem(p, io.cwd)).join('\n')}`,
    );
  const study = loaded.studies.find((s) => s.study.id === studyId)?.study;
  if (!study)
    throw new CliError(
      `no study "${studyId}" in ${dir} (studies: ${loaded.studies.map((s) => s.study.id).join(', ') || 'none'})`,
    );
  return study;
}
