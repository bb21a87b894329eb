/**
 * Problems found in a definition (instrument, indicator, wave, study).
 *
 * Each issue names the place: the question code and language when there is one, and a
 * readable `path` built from ids and codes (`blocks[attitudes].questions[MIG_JOBS].text.fr`).
 */
import { AppError } from '../errors.ts';

export const DEFINITION_ISSUE_CODES = [
  'invalid_shape',
  'missing_translation',
  'unknown_language',
  'duplicate_code',
  'duplicate_option_code',
  'reserved_option_code',
  'unknown_question',
  'unknown_option',
  'forward_reference',
  'cycle',
  'operator_not_applicable',
  'invalid_range',
  'invalid_piping',
  'duplicate_id',
  'unknown_instrument',
  'fingerprint_mismatch',
  'invalid_indicator',
  'invalid_wave',
  'invalid_experiment',
  'invalid_campaign',
  'unknown_reference',
  'undeclared_series_break',
  'missing_respondent_information',
  'untranslated_label',
] as const;
export type DefinitionIssueCode = (typeof DEFINITION_ISSUE_CODES)[number];

export interface DefinitionIssue {
  readonly code: DefinitionIssueCode;
  /** Where: ids and codes joined by dots, e.g. `instrument(mp@2).blocks[intro].questions[AGE].max`. */
  readonly path: string;
  /** The question concerned, when there is one. */
  readonly question?: string;
  /** The language concerned, for translation problems. */
  readonly lang?: string;
  /** What is wrong, in words a researcher can act on. */
  readonly message: string;
}

/**
 * Thrown by `defineInstrument`/`defineStudy`/… when a definition has problems; lists them all
 * (its details): unprocessable input.
 */
export class DefinitionError extends AppError {
  constructor(
    readonly subject: string,
    readonly issues: readonly DefinitionIssue[],
  ) {
    super(
      'unprocessable',
      `${subject} has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  ${formatIssue(i)}`).join('\n'),
      issues,
    );
    this.name = 'DefinitionError';
  }
}

/** `CODE [lang]: message (issue_code at path)` — the part of a lint line after the file name. */
export function formatIssue(issue: Omit<DefinitionIssue, 'code'> & { readonly code: string }): string {
  const where = `${issue.question ?? '-'}${issue.lang ? ` [${issue.lang}]` : ''}`;
  return `${where}: ${issue.message} (${issue.code} at ${issue.path})`;
}

/** Zod issues → definition issues (shape problems found before any semantic check). */
export function fromZodIssues(
  prefix: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): DefinitionIssue[] {
  return issues.map((i) => ({
    code: 'invalid_shape',
    path: [prefix, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
      .join('.')
      .replace(/\.\[/g, '['),
    message: i.message,
  }));
}
