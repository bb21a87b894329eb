/**
 * The paradata stored with a session and a response (their `paradata` jsonb columns, which
 * schema.ts types from these): the pages in the order submitted with their timings, the message
 * experiments' assignments, and — on a response — the device class and the session's times.
 */
import { z } from 'zod';

/** One recorded assignment (paradata `assignments[code]`; src/collection/assignment.ts). */
export const Assignment = z
  .object({ arm: z.string(), stratum: z.string(), position: z.number().int().nonnegative(), at: z.string() })
  .strict();
export type Assignment = z.infer<typeof Assignment>;

/** A session's paradata. */
export const Paradata = z.object({
  pages: z.array(
    z.object({
      block: z.string(),
      at: z.string(),
      serverSeconds: z.number(),
      clientSeconds: z.number().optional(),
    }),
  ),
  /**
   * The respondent's language switched mid-interview by an interviewer (src/collection/
   * interviewer-language.ts), in order: when, on which page, from which language to which. The
   * session's (and its response's) `language` is the last one; the first is the first `from`.
   */
  languages: z.array(z.object({ at: z.string(), page: z.string(), from: z.string(), to: z.string() })).optional(),
  /** Experiment code → the arm assigned, the stratum, the position in its permuted-block sequence, and when (assignment.ts). */
  assignments: z.record(z.string(), Assignment).optional(),
});
export type Paradata = z.infer<typeof Paradata>;

/** A response's paradata: its session's, with the device class and when the session started and was submitted. */
export interface ResponseParadata extends Paradata {
  readonly deviceClass: string;
  readonly startedAt: string;
  readonly submittedAt: string;
}
