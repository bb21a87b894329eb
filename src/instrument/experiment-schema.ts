/** The shape of a block's message experiment (its behaviour and checks are in experiments.ts). */
import { z } from 'zod';
import { OptionCode, QuestionCode } from './codes.ts';
import { Text } from './text.ts';

export const ExperimentArm = z
  .object({
    code: OptionCode,
    label: Text,
    /** Questions of the block shown only in this arm (none for a "no message" control). */
    questions: z.array(QuestionCode),
  })
  .strict();
export type ExperimentArm = z.output<typeof ExperimentArm>;

export const Experiment = z
  .object({
    /** The variable that records the arm (export column and codebook variable). */
    code: QuestionCode,
    /** What the experiment tests, for the codebook and reports. */
    label: Text,
    arms: z.array(ExperimentArm).min(2),
    /** The arm every other arm is compared with. */
    control: OptionCode,
    /** Balance the arms within each answer to this single-choice question of an earlier page (e.g. COUNTRY). */
    stratifyBy: QuestionCode.optional(),
    /** Slots per permuted block, a multiple of the number of arms (default: two per arm). */
    blockSize: z.number().int().positive().optional(),
    /** Fixes every permutation: the same seed, wave, stratum and position give the same arm. */
    seed: z.string().min(1),
  })
  .strict();
export type Experiment = z.output<typeof Experiment>;
