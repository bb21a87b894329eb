/**
 * A statistical input problem the caller can act on (a lonely PSU, a population cell with no
 * sample, margins whose totals disagree…). `code` is stable; the message names the cell.
 */
export class SurveyError extends Error {
  constructor(
    readonly code:
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
    super(message);
    this.name = 'SurveyError';
  }
}
