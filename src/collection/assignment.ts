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
 * Positions come from the database: each stratum's next free position is a row of
 * `experiment_positions`, claimed with one atomic upsert (`claimPosition`). Every process serving
 * the wave, before and after a restart, therefore draws from the same sequence, and the arms stay
 * balanced within each stratum whatever the number of processes. Within one save the claim is made
 * once and reused when the write is retried; a position is skipped only when a claimed write is
 * lost (a crash between the claim and the commit, or two requests saving one session at once), and
 * each such loss costs at most one slot of balance and shows as a gap in the recorded positions.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/index.ts';
import type { Assignment } from '../../db/paradata-shapes.ts';
import type { Answers } from '../instrument/codes.ts';
import { experimentsOf, permutedBlockArm, stratumOf } from '../instrument/experiments.ts';
import type { Instrument } from '../instrument/instrument.ts';
import { nextPage, type PresentationOrder } from '../instrument/presentation.ts';
import { isBlockVisible } from '../instrument/visibility.ts';

/** A claimed position of a stratum's sequence, with the wave's code the sequence is drawn for. */
export interface ClaimedPosition {
  readonly wave: string;
  readonly position: number;
}

/** Where one save takes the positions of the experiments its respondent reaches. */
export interface WavePositions {
  claim(experiment: string, stratum: string): Promise<ClaimedPosition>;
}

/** Takes the next free position of a stratum (atomically: concurrent claims get distinct positions). */
export async function claimPosition(
  db: Database,
  waveId: string,
  experiment: string,
  stratum: string,
): Promise<ClaimedPosition> {
  const result = await db.execute(sql`
    insert into experiment_positions as p (wave_id, experiment, stratum, next)
    values (${waveId}, ${experiment}, ${stratum}, 1)
    on conflict (wave_id, experiment, stratum) do update set next = p.next + 1
    returning p.next - 1 as position, (select code from waves where id = p.wave_id) as wave_code`);
  const [row] = rowsOf<{ position: number | string; wave_code: string }>(result);
  if (!row) throw new Error(`no position claimed for ${experiment} in wave ${waveId}`);
  return { wave: row.wave_code, position: Number(row.position) };
}

/** The next free position of every stratum of the wave's experiments (`${experiment}\n${stratum}` → position). */
export async function readPositions(db: Database, waveId: string): Promise<Map<string, number>> {
  const result = await db.execute(
    sql`select experiment, stratum, next from experiment_positions where wave_id = ${waveId}`,
  );
  const rows = rowsOf<{ experiment: string; stratum: string; next: number | string }>(result);
  return new Map(rows.map((r) => [`${r.experiment}\n${r.stratum}`, Number(r.next)]));
}

/**
 * The positions one save draws from: claimed in the database when first asked for (never for an
 * instrument without experiments), then reused by the retries of the same save.
 */
export function wavePositions(db: Database, waveId: string): WavePositions {
  const claimed = new Map<string, Promise<ClaimedPosition>>();
  return {
    claim(experiment, stratum) {
      const key = `${experiment}\n${stratum}`;
      let position = claimed.get(key);
      if (!position) {
        position = claimPosition(db, waveId, experiment, stratum);
        claimed.set(key, position);
        position.catch(() => claimed.delete(key));
      }
      return position;
    },
  };
}

/**
 * Assigns the experiments the respondent reaches on leaving `current` for the next page: returns
 * the answers with the arms added, the new assignments, and the next page given them (unchanged
 * when nothing is due).
 */
export async function assignReached(
  instrument: Instrument,
  args: {
    order: PresentationOrder;
    answers: Answers;
    current: string;
    positions: WavePositions;
    at: string;
  },
): Promise<{ answers: Answers; assignments: Record<string, Assignment>; next: string | null }> {
  const { order, current, positions } = args;
  let answers = args.answers;
  let next = nextPage(instrument, order, answers, current);
  const assignments: Record<string, Assignment> = {};
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
    const { wave, position } = await positions.claim(experiment.code, stratum);
    const arm = permutedBlockArm(experiment, { wave, stratum, position });
    answers = { ...answers, [experiment.code]: arm };
    assignments[experiment.code] = { arm, stratum, position, at: args.at };
  }
  if (Object.keys(assignments).length > 0) next = nextPage(instrument, order, answers, current);
  return { answers, assignments, next };
}
