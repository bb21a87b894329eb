/**
 * Reading an .xlsx workbook (an untrusted file) with exceljs into plain sheets of cell texts.
 * An old binary .xls workbook (an OLE2 file) is refused with how to convert it.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RawSheet } from './sheet.ts';

/** A workbook that cannot be read, with a message a person can act on. */
export class WorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookError';
  }
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** The text of a cell value as exceljs gives it (string, number, rich text, formula result…). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText
        .map((part: unknown) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : ''))
        .join('');
    if ('result' in value && value.result !== undefined) return cellText(value.result);
    if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
    if ('sharedFormula' in value && typeof value.sharedFormula === 'string') return `=${value.sharedFormula}`;
    if ('text' in value) return cellText(value.text);
  }
  return String(value);
}

/** The sheets of an .xlsx workbook as rows of cell texts; throws `WorkbookError` for other files. */
export async function readWorkbook(bytes: Uint8Array): Promise<RawSheet[]> {
  if (startsWith(bytes, OLE2))
    throw new WorkbookError(
      'this is an old binary .xls workbook; open it in a spreadsheet program and save it as .xlsx (Excel Workbook), then import the .xlsx',
    );
  if (!startsWith(bytes, ZIP)) throw new WorkbookError('not an .xlsx workbook (an .xlsx file is a zip archive)');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.read(Readable.from([Buffer.from(bytes)]));
  } catch (err) {
    throw new WorkbookError(`cannot read the workbook: ${err instanceof Error ? err.message : String(err)}`);
  }
  return workbook.worksheets.map((sheet) => {
    const rows: { row: number; values: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        values[column - 1] = cellText(cell.value);
      });
      rows.push({ row: number, values: Array.from(values, (v) => v ?? '') });
    });
    return { name: sheet.name, rows };
  });
}
