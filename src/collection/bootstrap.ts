/**
 * Start-up: load the study definitions from survey-definitions/, store them,
 * and on a database where no wave has ever opened, open the demo wave so a
 * newcomer can take the flagship survey at once.
 */
import { isNotNull } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { formatLintProblem, loadStudies } from '../instrument/loader.ts';
import type { Study } from '../instrument/study.ts';
import { findWave, openWave, syncStudies, type SyncSummary } from './definitions.ts';
import { closeWavesAsDefined } from './wave-status.ts';

export class DefinitionsInvalidError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(`survey definitions have ${lines.length} problem(s):\n${lines.join('\n')}`);
    this.name = 'DefinitionsInvalidError';
  }
}

/** The wave to open for a demo: the latest wave planned as fielding, else the latest wave. */
export function demoWave(studies: readonly Study[]): { study: string; wave: string } | undefined {
  const candidates = studies.flatMap((s) =>
    s.waves.map((w) => ({ study: s.id, wave: w.id, year: w.year, fielding: w.status === 'fielding' })),
  );
  candidates.sort((a, b) => Number(b.fielding) - Number(a.fielding) || b.year - a.year);
  const first = candidates[0];
  return first ? { study: first.study, wave: first.wave } : undefined;
}

export interface BootstrapResult {
  readonly summary: SyncSummary;
  /** The study definitions loaded. */
  readonly studies: readonly Study[];
  /** The wave opened for the demo, if this start opened one. */
  readonly openedDemo?: { readonly study: string; readonly wave: string; readonly id: string };
}

/** Whether no wave of any study has ever opened in this database (a fresh start). */
export async function noWaveEverOpened(db: Database): Promise<boolean> {
  const everOpened = await db
    .select({ id: schema.waves.id })
    .from(schema.waves)
    .where(isNotNull(schema.waves.openedAt))
    .limit(1);
  return everOpened.length === 0;
}

export async function bootstrapDefinitions(
  db: Database,
  dir: string,
  options: {
    openDemo: boolean;
    /** Close the stored waves the definitions call closed (not while a demo world is still to be built on them). */
    closeAsDefined?: boolean;
  },
): Promise<BootstrapResult> {
  const loaded = await loadStudies(dir);
  if (loaded.problems.length > 0)
    throw new DefinitionsInvalidError(loaded.problems.map((p) => formatLintProblem(p, process.cwd())));
  const studies = loaded.studies.map((s) => s.study);
  const summary = await syncStudies(db, studies, { actor: 'system' });
  if (options.closeAsDefined === true) await closeWavesAsDefined(db, studies, { actor: 'system' });
  if (!options.openDemo) return { summary, studies };
  if (!(await noWaveEverOpened(db))) return { summary, studies };
  const demo = demoWave(studies);
  if (!demo) return { summary, studies };
  const row = await findWave(db, demo.study, demo.wave);
  if (!row) throw new Error(`demo wave ${demo.study}/${demo.wave} was not stored`);
  await openWave(db, row.id, { actor: 'system' });
  return { summary, studies, openedDemo: { ...demo, id: row.id } };
}
