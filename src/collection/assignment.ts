/**
 * Assigning respondents to the arms of an instrument's message experiments (experiments.ts in
 * src/instrument), as they reach them.
 *
 * When a respondent leaves a page and the next page shown would be an unassigned experiment's
 * block or a later one, they take the next position of their stratum (wave × experiment × answer
 * to `stratifyBy`) and get the arm the permuted-block sequence holds there. The arm is recorded as
 * the value of the experiment's code beside the answers (so logic, export and codebook see it),
 * and `{ arm, stratum, position, at }` in the session's paradata, which the response keeps: any
 * assignment can be recomputed with `permutedBlockArm(experiment, { wave, stratum, position })`.
 *
 * Positions are counted per process, starting after the highest position already stored for the
 * wave (read once per process and wave). One process therefore hands out every position once, in
 * arrival order. Two processes writing to one wave at the same moment could hand out the same
 * position twice, and a write lost to a concurrent change skips one: each costs at most one slot of
 * balance and is visible in the recorded positions (`experimentBalance` in the report counts arms).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database } from '../../db/index.ts';
import type { Answers } from '../instrument/codes.ts';
import { experimentsOf, permutedBlockArm, stratumOf } from '../instrument/experiments.ts';
import type { Instrument } from '../instrument/instrument.ts';
import { nextPage, type PresentationOrder } from '../instrument/presentation.ts';
import { isBlockVisible } from '../instrument/visibility.ts';

/** One recorded assignment (paradata `assignments[code]`). */
export const Assignment = z
  .object({ arm: z.string(), stratum: z.string(), position: z.number().int().nonnegative(), at: z.string() })
  .strict();
export type Assignment = z.infer<typeof Assignment>;

export interface WavePositions {
  readonly code: string;
  /** `${experiment}\n${stratum}` → next free position. */
  readonly next: Map<string, number>;
}

const byDatabase = new WeakMap<Database, Map<string, Promise<WavePositions>>>();

export async function readStoredPositions(db: Database, waveId: string): Promise<WavePositions> {
  const result = await db.execute(sql`
    select w.code as wave_code, a.key as experiment, a.value->>'stratum' as stratum, max((a.value->>'position')::int) as last
    from waves w
    left join sessions s on s.wave_id = w.id and s.paradata ? 'assignments'
    left join lateral jsonb_each(s.paradata->'assignments') a on true
    where w.id = ${waveId}
    group by w.code, a.key, a.value->>'stratum'`);
  const list = rowsOf<{
    wave_code: string;
    experiment: string | null;
    stratum: string | null;
    last: number | string | null;
  }>(result);
  const first = list[0];
  if (!first) throw new Error(`wave ${waveId} not found`);
  const next = new Map<string, number>();
  for (const r of list)
    if (r.experiment !== null && r.stratum !== null && r.last !== null)
      next.set(`${r.experiment}\n${r.stratum}`, Number(r.last) + 1);
  return { code: first.wave_code, next };
}

/**
 * The wave's position counters in this process (read from the stored assignments once).
 * Resolves at once for an instrument without experiments.
 */
export async function wavePositions(
  db: Database,
  waveId: string,
  instrument: Instrument,
): Promise<WavePositions | undefined> {
  if (experimentsOf(instrument).length === 0) return undefined;
  let waves = byDatabase.get(db);
  if (!waves) byDatabase.set(db, (waves = new Map()));
  let loading = waves.get(waveId);
  if (!loading) {
    loading = readStoredPositions(db, waveId);
    waves.set(waveId, loading);
    loading.catch(() => waves?.delete(waveId));
  }
  return loading;
}

/**
 * Assigns the experiments the respondent reaches on leaving `current` for the next page: returns
 * the answers with the arms added, the new assignments, and the next page given them (unchanged
 * when nothing is due).
 */
export function assignReached(
  instrument: Instrument,
  args: {
    order: PresentationOrder;
    answers: Answers;
    current: string;
    positions: WavePositions | undefined;
    at: string;
  },
): { answers: Answers; assignments: Record<string, Assignment>; next: string | null } {
  const { order, current, positions } = args;
  let answers = args.answers;
  let next = nextPage(instrument, order, answers, current);
  const assignments: Record<string, Assignment> = {};
  if (!positions) return { answers, assignments, next };
  const from = order.blocks.indexOf(current);
  const until = next === null ? order.blocks.length : order.blocks.indexOf(next);
  for (const { experiment, block } of experimentsOf(instrument)) {
    const at = order.blocks.indexOf(block.id);
    if (
      answers[experiment.code] !== undefined ||
      at <= from ||
      at > until ||
      !isBlockVisible(instrument, block, answers)
    )
      continue;
    const stratum = stratumOf(experiment, answers);
    const key = `${experiment.code}\n${stratum}`;
    const position = positions.next.get(key) ?? 0;
    positions.next.set(key, position + 1);
    const arm = permutedBlockArm(experiment, { wave: positions.code, stratum, position });
    answers = { ...answers, [experiment.code]: arm };
    assignments[experiment.code] = { arm, stratum, position, at: args.at };
  }
  if (Object.keys(assignments).length > 0) next = nextPage(instrument, order, answers, current);
  return { answers, assignments, next };
}
