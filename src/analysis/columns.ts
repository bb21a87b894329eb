import { crossFactors, type Factor, type Variable } from '../stats/index.ts';
import type { DataTable } from './csv.ts';
import { AnalysisError } from './spec.ts';
import { at } from '../stats/checked.ts';

/**
 * A categorical column as a factor (levels are the sorted values); rows with a missing value
 * get code −1 unless `required`, in which case they are an error naming the row.
 */
export function factorColumn(data: DataTable, column: string, usedAs: string, required: boolean): Factor {
  const f = data.factor(column, usedAs);
  if (required) {
    const i = f.codes.indexOf(-1);
    if (i >= 0) throw new AnalysisError(`${usedAs}: column "${column}" is missing in ${data.row(i)} of ${data.file}`);
  }
  return f;
}

/** Cross-classification of several categorical columns; a row missing any of them gets −1. */
export function jointFactor(
  data: DataTable,
  columns: readonly string[],
  usedAs: string,
  required: boolean,
): {
  readonly factor: Factor;
  /** Per joint level, the value of each column. */
  readonly parts: readonly (readonly string[])[];
} {
  const singles = columns.map((c) => factorColumn(data, c, usedAs, required));
  const [only] = singles;
  if (only && singles.length === 1) {
    // One column: its own factor already has −1 for missing rows and only the observed levels.
    return {
      factor: { codes: only.codes, levels: only.levels.map((v) => `${columns[0]}=${v}`) },
      parts: only.levels.map((v) => [v]),
    };
  }
  const n = data.n;
  const complete = new Uint8Array(n).fill(1);
  let completeCount = n;
  for (const f of singles) {
    const codes = f.codes;
    for (let i = 0; i < n; i++) {
      if ((codes[i] ?? -1) < 0 && complete[i] === 1) {
        complete[i] = 0;
        completeCount--;
      }
    }
  }
  // Cross only the complete rows so that cells seen only in incomplete rows do not appear.
  const sub = singles.map((f) => {
    const codes = new Int32Array(completeCount);
    let k = 0;
    for (let i = 0; i < n; i++) if (complete[i] === 1) codes[k++] = at(f.codes, i);
    return { codes, levels: f.levels };
  });
  const SEP = '\u001f';
  const crossed = crossFactors(sub, SEP);
  const codes = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) if (complete[i] === 1) codes[i] = at(crossed.codes, k++);
  const parts = crossed.levels.map((l) => (columns.length === 1 ? [l] : l.split(SEP)));
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
