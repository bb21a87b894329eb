/**
 * The thresholds of the data-quality checks a study runs on its responses (`quality` in the study
 * definition; every field has a default, documented in docs/quality.md):
 *
 * - `speeders`: an interview shorter than `fraction` (default 1/3) of the wave's median interview
 *   length is a speeder, once the wave has `minResponses` (default 10) responses to take a median of;
 * - `straightLining`: every item of a grid with at least `minItems` (default 4) items answered with
 *   the same scale point (missing codes aside);
 * - `duplicates`: a second response from the same device (`device`, default on) or with the very
 *   same answers as an earlier one (`answers`, default on);
 * - `itemNonResponse`: more than `maxShare` (default 0.5) of the questions asked answered
 *   "don't know" or "refused", once at least `minQuestions` (default 4) were asked.
 */
import { z } from 'zod';

export const QualityThresholds = z
  .object({
    speeders: z
      .object({
        fraction: z
          .number()
          .gt(0)
          .lt(1)
          .default(1 / 3),
        minResponses: z.number().int().min(2).max(100_000).default(10),
      })
      .strict()
      .default({ fraction: 1 / 3, minResponses: 10 }),
    straightLining: z
      .object({ minItems: z.number().int().min(2).max(1000).default(4) })
      .strict()
      .default({ minItems: 4 }),
    duplicates: z
      .object({ device: z.boolean().default(true), answers: z.boolean().default(true) })
      .strict()
      .default({ device: true, answers: true }),
    itemNonResponse: z
      .object({
        maxShare: z.number().gt(0).lt(1).default(0.5),
        minQuestions: z.number().int().min(1).max(10_000).default(4),
      })
      .strict()
      .default({ maxShare: 0.5, minQuestions: 4 }),
  })
  .strict();
export type QualityThresholds = z.output<typeof QualityThresholds>;
export type QualityThresholdsInput = z.input<typeof QualityThresholds>;

/** The checks, as flags name them. */
export const qualityChecks = [
  'speeder',
  'straight_lining',
  'duplicate_device',
  'duplicate_answers',
  'item_nonresponse',
] as const;
export type QualityCheck = (typeof qualityChecks)[number];
