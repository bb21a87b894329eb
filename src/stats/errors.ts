import { AppError } from '../errors.ts';

/**
 * A statistical input problem the caller can act on (a lonely PSU, a population cell with no
 * sample, margins whose totals disagree…): unprocessable input, whose `reason` is stable (and is
 * the `code` of its details); the message names the cell.
 */
export class SurveyError extends AppError {
  constructor(
    readonly reason:
      | 'invalid_design'
      | 'lonely_psu'
      | 'empty_cell'
      | 'unknown_cell'
      | 'inconsistent_margins'
      | 'empty_domain'
      | 'invalid_argument'
      | 'singular'
      | 'calibration_failed',
    message: string,
  ) {
    super('unprocessable', message, { code: reason });
    this.name = 'SurveyError';
  }
}
