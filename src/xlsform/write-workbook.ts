/** XLSForm sheets → the bytes of an .xlsx workbook (exceljs). */
import ExcelJS from 'exceljs';
import type { XlsFormSheets } from './export-options.ts';

export async function writeWorkbook(sheets: XlsFormSheets): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRows(rows);
    sheet.getRow(1).font = { bold: true };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
