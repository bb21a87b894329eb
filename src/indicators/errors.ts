/**
 * Problems the indicator pipeline reports to its caller. `WeightingInputError` is impossible input
 * (a margin that does not sum, an unknown level, a wave that states no weighting): nothing is
 * stored. `IndicatorNotFoundError` names what a reader asked for that does not exist. The API maps
 * them to 422 and 404, the CLI to one line.
 */
import { AppError } from '../errors.ts';

export type WeightingInputCode =
  | 'no_weighting'
  | 'no_country_question'
  | 'margin_total'
  | 'unknown_level'
  | 'duplicate_cell'
  | 'inconsistent_margins'
  | 'unknown_wave'
  | 'wave_not_stored'
  | 'disclosure_risk';

export class WeightingInputError extends AppError {
  constructor(
    readonly reason: WeightingInputCode,
    message: string,
    /** Where: the wave, the country and the margin cell, when they apply. */
    readonly where: { readonly wave?: string; readonly country?: string; readonly cell?: string } = {},
  ) {
    super('unprocessable', message, { code: reason, ...where });
    this.name = 'WeightingInputError';
  }
}

export class IndicatorNotFoundError extends AppError {
  constructor(
    readonly what: 'study' | 'indicator' | 'question' | 'wave' | 'run',
    message: string,
  ) {
    super('not_found', message);
    this.name = 'IndicatorNotFoundError';
  }
}
