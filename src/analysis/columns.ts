import { crossFactors, encodeFactor, type Factor, type Variable } from '../stats/index.ts';
import type { DataTable } from './csv.ts';
import { AnalysisError } from './spec.ts';

/**
 * A categorical column as a factor (levels are the sorted values); rows with a missing value
 * get code −1 unless `required`, in which case they are an error naming the row.
 */
export function factorColumn(data: DataTable, column: string, usedAs: string, required: boolean): Factor {
  const text = data.text(column, usedAs);
  const present: string[] = [];
  text.forEach((v, i) => {
    if (v === null) {
      if (required) throw new AnalysisError(`${usedAs}: column "${column}" is missing in row ${i + 2} of ${data.file}`);
    } else present.push(v);
  });
  const labels = encodeFactor(present);
  const codes = new Int32Array(text.length).fill(-1);
  let k = 0;
  text.forEach((v, i) => {
    if (v !== null) codes[i] = labels.codes[k++] ?? 0;
  });
  return { codes, levels: labels.levels };
}

/** Cross-classification of several categorical columns; a row missing any of them gets −1. */
export function jointFactor(data: DataTable, columns: readonly string[], usedAs: string, required: boolean): {
  readonly factor: Factor;
  /** Per joint level, the value of each column. */
  readonly parts: readonly (readonly string[])[];
} {
  const singles = columns.map((c) => factorColumn(data, c, usedAs, required));
  const missing = new Uint8Array(data.n);
  for (const f of singles) for (let i = 0; i < data.n; i++) if ((f.codes[i] ?? -1) < 0) missing[i] = 1;
  const safe = singles.map((f) => ({ codes: f.codes.map((c) => (c < 0 ? 0 : c)), levels: f.levels }));
  // Cross only the complete rows so that cells seen only in incomplete rows do not appear.
  const completeRows: number[] = [];
  for (let i = 0; i < data.n; i++) if (!missing[i]) completeRows.push(i);
  const sub = safe.map((f) => ({ codes: Int32Array.from(completeRows, (i) => f.codes[i] ?? 0), levels: f.levels }));
  const SEP = '\u001f';
  const crossed = crossFactors(sub, SEP);
  const codes = new Int32Array(data.n).fill(-1);
  completeRows.forEach((row, k) => {
    codes[row] = crossed.codes[k] ?? 0;
  });
  const parts = crossed.levels.map((l) => l.split(SEP));
  const levels = parts.map((p) => p.map((v, j) => `${columns[j]}=${v}`).join(', '));
  return { factor: { codes, levels }, parts };
}

/** The label jointFactor gives the cell with these column values. */
export function jointLabel(columns: readonly string[], values: Readonly<Record<string, string | number>>): string {
  return columns.map((c) => `${c}=${String(values[c])}`).join(', ');
}

/**
 * The numeric variables an estimate of `column` stands for: the column itself when it is numeric,
 * otherwise one 0/1 indicator per category (NaN where the value is missing), as R expands factors.
 */
export function expandVariable(
  data: DataTable,
  column: string,
  usedAs: string,
): { readonly variable: string; readonly category?: string; readonly values: Variable }[] {
  if (data.isNumeric(column, usedAs)) {
    return [{ variable: column, values: { name: column, values: data.numeric(column, usedAs) } }];
  }
  const f = factorColumn(data, column, usedAs, false);
  return f.levels.map((level, k) => {
    const values = new Float64Array(data.n);
    for (let i = 0; i < data.n; i++) {
      const c = f.codes[i] ?? -1;
      values[i] = c < 0 ? Number.NaN : c === k ? 1 : 0;
    }
    return { variable: column, category: level, values: { name: `${column}${level}`, values } };
  });
}
