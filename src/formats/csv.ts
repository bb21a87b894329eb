/**
 * The one CSV writer (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * quote, a comma, a line break or edge spaces, its quotes doubled), used by the dataset export,
 * the indicator API and the dashboards' downloads. Free text a respondent typed is defused when
 * it starts like a spreadsheet formula (OWASP, "CSV Injection").
 */

/**
 * Characters a spreadsheet may read as the start of a formula: = + - @, their full-width and
 * small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ and the minus sign −), tab and carriage return, reached after any
 * run of invisible format characters (Unicode category Cf: U+200B, U+2060, U+00AD, U+202E, …),
 * U+180E or whitespace, which spreadsheets skip or render as nothing.
 * Reference: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection).
 */
const FORMULA_START = /^[\p{Cf}\p{Z}\u180E\s]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\u2212]/u;

/** Whether a free-text value would start a formula in a spreadsheet (see FORMULA_START). */
function startsLikeFormula(s: string): boolean {
  return FORMULA_START.test(s);
}

/** A value as CSV text: nothing for null or undefined, numbers and booleans as `String` writes them, other objects as JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * One CSV field, quoted when needed; free text that starts like a formula is defused with a
 * leading ' (OWASP's advice), so a spreadsheet shows it as text. Numbers are never defused
 * (a negative number is a number).
 */
export function csvField(value: unknown, isFreeText = false): string {
  let s = text(value);
  if (isFreeText && startsLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line of fields already written by `csvField`, ended by CRLF. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** A whole CSV table: the header, then the rows (no value free text). */
export function csvTable(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => csvLine(row.map((v) => csvField(v)))).join('');
}
