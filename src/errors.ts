/**
 * The errors of the domain, below every layer: services throw them, and each surface says them
 * in its own way — the JSON API maps a code to an HTTP status and an error body (api/error-body.ts),
 * the web pages choose a page (web/respond.ts), the CLI prints one line. Nothing here knows HTTP.
 */

/** What went wrong, as a surface needs to know it to answer. */
export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'gone',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** A configuration (environment, flags) that cannot be used: every problem, each naming the variable or flag. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** One offending field: a dotted path (`body.invitation`) and why it was refused. */
export interface FieldProblem {
  readonly path: string;
  readonly code?: string | undefined;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field problems or other structured detail a surface may show. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Why a request conflicts with the state: lets a surface explain it without parsing messages. */
export type ConflictReason =
  'already_submitted' | 'wave_not_open' | 'session_ended' | 'invitation_used' | 'in_progress' | 'replay_refused';

/** A conflict with the current state that carries its reason. */
export class ConflictError extends AppError {
  constructor(
    readonly reason: ConflictReason,
    message: string,
    details?: unknown,
  ) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}

/** One refused answer: the question, the grid item when there is one, why (an answer error code), in words. */
export interface AnswerProblem {
  readonly question: string;
  readonly item?: string | undefined;
  readonly code: string;
  readonly message: string;
}

/** Answers that the instrument refuses, one problem per question. */
export class AnswersRefused extends AppError {
  constructor(readonly problems: readonly AnswerProblem[]) {
    const first = problems[0];
    super(
      'validation_failed',
      first ? `${answerPath(first)}: ${first.message}${more(problems.length)}` : 'invalid answers',
    );
    this.name = 'AnswersRefused';
  }
}

/** `CODE` or `CODE.ITEM`: how a problem names the answer it is about. */
export function answerPath(p: AnswerProblem): string {
  return p.item === undefined ? p.question : `${p.question}.${p.item}`;
}

/** ` (and N more)` after the first of several problems. */
export function more(count: number): string {
  return count > 1 ? ` (and ${count - 1} more)` : '';
}
