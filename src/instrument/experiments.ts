/**
 * Message experiments: a block whose questions are split into arms, one arm per respondent.
 *
 * ```ts
 * { id: 'message', experiment: {
 *     code: 'MSG_ARM', label: t('Message test', …), control: 'control', stratifyBy: 'COUNTRY', seed: 'mp-message-2026',
 *     arms: [{ code: 'story', label: …, questions: ['MSG_STORY'] }, { code: 'fact', label: …, questions: ['MSG_FACT'] },
 *            { code: 'control', label: …, questions: [] }] },
 *   questions: [MSG_STORY, MSG_FACT] }
 * ```
 *
 * The assigned arm is recorded as the respondent's value of the experiment's `code` (like an
 * answer the respondent cannot give), so it is in the response, the export and the codebook;
 * a question listed in an arm is shown only to respondents in that arm. A question of the block
 * in no arm is shown to everyone. Outcome questions follow in later blocks.
 *
 * Assignment is **permuted blocks within strata** (Friedman, Furberg & DeMets, *Fundamentals of
 * Clinical Trials*, ch. 6): within each answer to `stratifyBy` (e.g. each country) of a wave, the
 * k-th respondent to reach the experiment gets position k of a sequence made of blocks of
 * `blockSize` slots (by default two per arm), each block holding every arm equally often in an
 * order drawn from `seed | wave | experiment | stratum | block number`. After every complete
 * block the arms are exactly balanced in the stratum, and every assignment can be recomputed from
 * the seed, the wave, the stratum and the recorded position.
 */
import { isMissing, type Answers } from './codes.ts';
import type { DefinitionIssue } from './errors.ts';
import type { Block, Instrument } from './instrument.ts';
import type { Experiment } from './experiment-schema.ts';
import { seededRandom, shuffleWithAnchors } from './random.ts';
import type { Text } from './text.ts';

export { Experiment, ExperimentArm } from './experiment-schema.ts';

/** The stratum of respondents whose stratifying answer is missing, or of an unstratified experiment. */
export const ALL_STRATUM = '_all';

/** Where an experiment sits in an instrument. */
export interface ExperimentPlace {
  readonly experiment: Experiment;
  readonly block: Block;
  readonly blockIndex: number;
}

const placesCache = new WeakMap<Instrument, readonly ExperimentPlace[]>();

/** Every experiment of an instrument, in block order (found once per frozen instrument). */
export function experimentsOf(instrument: Instrument): readonly ExperimentPlace[] {
  const known = placesCache.get(instrument);
  if (known) return known;
  const places = instrument.blocks.flatMap((block, blockIndex) =>
    block.experiment ? [{ experiment: block.experiment, block, blockIndex }] : [],
  );
  if (Object.isFrozen(instrument)) placesCache.set(instrument, places);
  return places;
}

/** The arm whose respondents alone see question `code` of `block`, or undefined (shown to every arm). */
export function armOfQuestion(block: Block, code: string): string | undefined {
  return block.experiment?.arms.find((a) => a.questions.includes(code))?.code;
}

/** The assigned arms (experiment code → arm) among `answers`, for experiments of this instrument only. */
export function assignedArms(instrument: Instrument, answers: Readonly<Record<string, unknown>>): Answers {
  const out: Answers = {};
  for (const { experiment } of experimentsOf(instrument)) {
    const value = answers[experiment.code];
    if (typeof value === 'string' && experiment.arms.some((a) => a.code === value)) out[experiment.code] = value;
  }
  return out;
}

/** Slots in one permuted block of the experiment. */
export function blockSizeOf(experiment: Experiment): number {
  return experiment.blockSize ?? 2 * experiment.arms.length;
}

/** The stratum a respondent belongs to: their answer to `stratifyBy`, or `_all`. */
export function stratumOf(experiment: Experiment, answers: Readonly<Answers>): string {
  if (experiment.stratifyBy === undefined) return ALL_STRATUM;
  const value = answers[experiment.stratifyBy];
  return typeof value === 'string' && !isMissing(value) ? value : ALL_STRATUM;
}

/**
 * The arm at `position` (0-based arrival order in the stratum) of the permuted-block sequence of
 * `experiment` in `wave` and `stratum`. Pure: the same inputs always give the same arm.
 */
export function permutedBlockArm(
  experiment: Experiment,
  args: { wave: string; stratum: string; position: number },
): string {
  if (!Number.isInteger(args.position) || args.position < 0)
    throw new Error(`position must be a non-negative integer, got ${args.position}`);
  const size = blockSizeOf(experiment);
  const per = size / experiment.arms.length;
  const slots = experiment.arms.flatMap((a) => Array.from({ length: per }, () => a.code));
  const block = Math.floor(args.position / size);
  const order = shuffleWithAnchors(
    slots,
    () => false,
    seededRandom(`${experiment.seed}|${args.wave}|${experiment.code}|${args.stratum}|${block}`),
  );
  const arm = order[args.position % size];
  if (arm === undefined) throw new Error(`no slot ${args.position % size} in a block of ${size}`);
  return arm;
}

/** Definition checks of the instrument's experiments (called by `checkInstrument`). */
export function checkExperiments(
  instrument: Instrument,
  root: string,
  checkText: (text: Text, path: string) => void,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const questionBlock = new Map<string, number>();
  instrument.blocks.forEach((b, i) => b.questions.forEach((q) => questionBlock.set(q.code, i)));
  const codes = new Set<string>();
  for (const { experiment: e, block, blockIndex } of experimentsOf(instrument)) {
    const path = `${root}.blocks[${block.id}].experiment`;
    const bad = (message: string, question?: string) =>
      issues.push({ code: 'invalid_experiment', path, ...(question ? { question } : {}), message });
    if (questionBlock.has(e.code) || codes.has(e.code))
      issues.push({
        code: 'duplicate_code',
        path: `${path}.code`,
        question: e.code,
        message: `experiment code ${e.code} is also used by a question or another experiment`,
      });
    codes.add(e.code);
    checkText(e.label, `${path}.label`);
    const armCodes = e.arms.map((a) => a.code);
    for (const c of armCodes.filter((c, i) => armCodes.indexOf(c) !== i)) bad(`arm "${c}" is defined twice`);
    if (!armCodes.includes(e.control))
      bad(`control arm "${e.control}" is not one of the arms (${armCodes.join(', ')})`);
    const inBlock = new Set(block.questions.map((q) => q.code));
    const seen = new Set<string>();
    for (const arm of e.arms) {
      checkText(arm.label, `${path}.arms[${arm.code}].label`);
      for (const q of arm.questions) {
        if (!inBlock.has(q)) bad(`arm "${arm.code}" lists ${q}, which is not a question of block ${block.id}`, q);
        if (seen.has(q)) bad(`${q} is listed in more than one arm`, q);
        seen.add(q);
      }
    }
    if (blockSizeOf(e) % e.arms.length !== 0)
      bad(
        `blockSize ${blockSizeOf(e)} is not a multiple of the ${e.arms.length} arms, so blocks could not balance them`,
      );
    if (blockIndex === 0 || (instrument.randomizeBlocks && !block.anchor)) {
      bad(
        'an experiment block must be an anchored block after the first page: the arm is assigned when the respondent leaves the page before it',
      );
    }
    if (e.stratifyBy !== undefined) {
      const at = questionBlock.get(e.stratifyBy);
      const q = instrument.blocks[at ?? -1]?.questions.find((x) => x.code === e.stratifyBy);
      if (at === undefined || q === undefined)
        issues.push({
          code: 'unknown_question',
          path: `${path}.stratifyBy`,
          question: e.stratifyBy,
          message: `experiment stratifies by ${e.stratifyBy}, which the instrument lacks`,
        });
      else if (q.kind !== 'single')
        bad(`stratifyBy must be a single-choice question; ${e.stratifyBy} is ${q.kind}`, e.stratifyBy);
      else if (at >= blockIndex)
        issues.push({
          code: 'forward_reference',
          path: `${path}.stratifyBy`,
          question: e.stratifyBy,
          message: `experiment stratifies by ${e.stratifyBy}, which is not on an earlier page`,
        });
    }
  }
  return issues;
}
