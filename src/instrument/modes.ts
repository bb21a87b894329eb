/**
 * Modes of data collection: how one response was collected. `web`: the respondent answered
 * Barometer's pages alone; `phone` and `face_to_face`: an interviewer asked the questions (in
 * Barometer's pages in interviewer mode, or in ODK Collect / KoboToolbox, imported as submissions).
 * Every response records its mode; an indicator names `by: ['mode']` to be estimated per mode.
 */
import { z } from 'zod';

export const RESPONSE_MODES = ['web', 'phone', 'face_to_face'] as const;
export const ResponseMode = z.enum(RESPONSE_MODES);
export type ResponseMode = z.output<typeof ResponseMode>;

/** The subgroup variable an indicator names in `by` to be broken down by response mode. */
export const MODE_SUBGROUP = 'mode';

/** Modes an interviewer administers (the interviewer's id is recorded with them). */
export const INTERVIEWER_MODES = ['phone', 'face_to_face'] as const;
export const InterviewerMode = z.enum(INTERVIEWER_MODES);
export type InterviewerMode = z.output<typeof InterviewerMode>;

export function isResponseMode(value: unknown): value is ResponseMode {
  return ResponseMode.safeParse(value).success;
}
