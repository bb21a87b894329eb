/**
 * Respondent sessions: start (with consent, optionally an invitation), save answers page by
 * page, resume, submit. Validation is the instrument's own.
 *
 * How a write reaches the database: the service checks and validates the request against the
 * session as it last saw it (kept in memory per process, or read when it is not), then hands one
 * row to the batch statement of its kind (writes.ts, batch.ts). The statement applies it only if
 * the wave is open, the idempotency key unused and the session still at the version that was
 * read; it is acknowledged only after its batch has committed. When a row is not written the
 * service reads the committed state and answers from it: the stored result for a retried key, a
 * conflict for a closed wave or an ended session, or — when the session merely moved on (another
 * device, another process) — it validates again against the fresh state and retries.
 */
export { openWaveInstrument } from './session-cache.ts';
export { getSession, submittedAnswersGraceMinutes } from './session-state.ts';
export { rotateSessionSecret } from './session-resume.ts';
export { startSession, type StartInput } from './session-start.ts';
export { savePage, submitSession, type SavePageInput } from './session-write.ts';
