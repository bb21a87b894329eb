/**
 * A small CSV reader for files people export from other tools (ODK Central, KoboToolbox): RFC 4180
 * quoting (quoted fields, doubled quotes, line breaks inside quotes), CRLF or LF, an optional UTF-8
 * BOM, and a comma or (Kobo's option) semicolon separator, whichever the header line uses. Lines
 * holding nothing are skipped. Not for large microdata (src/analysis/csv.ts reads those).
 */

export class CsvReadError extends Error {
  override readonly name = 'CsvReadError';
}

/** The separator of a file: `;` when the header line has semicolons outside quotes and no comma. */
function separatorOf(text: string): string {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > 0 && commas === 0 ? ';' : ',';
}

/** The records of a CSV text, each a list of fields; the first is the header. */
export function readCsvRecords(input: string): string[][] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const sep = separatorOf(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !wasQuoted)) records.push(record);
    record = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== '') throw new CsvReadError(`line ${line}: a quote inside an unquoted field`);
      quoted = true;
      wasQuoted = true;
    } else if (ch === sep) {
      record.push(field);
      field = '';
      wasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else field += ch;
  }
  if (quoted) throw new CsvReadError(`line ${line}: a quoted field is not closed before the end of the file`);
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
