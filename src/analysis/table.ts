import type { Factor } from '../stats/index.ts';
import { AnalysisError } from './spec.ts';
import { at } from '../stats/checked.ts';

/** One column of a data file as its reader stores it; the table derives every view from it. */
export interface ColumnSource {
  /** Numeric values (NaN = missing) and the first row whose value is not a number (−1: none). */
  numeric(): { readonly values: Float64Array; readonly bad: number; readonly badText: string };
  /** Categories: per row an index into `values` (−1 = missing); `values` in any order, distinct. */
  categories(): { readonly codes: Int32Array; readonly values: readonly string[] };
  /** Categorical although its values are numbers (an SPSS variable with value labels). */
  readonly labelled: boolean;
}

/** Microdata read from a file (CSV or SPSS), column by column, missing values already marked. */
export interface DataTable {
  readonly file: string;
  readonly n: number;
  readonly columns: readonly string[];
  /** The column as categories: level per row (−1 = missing), levels sorted by code point as R sorts text. */
  factor(column: string, usedAs: string): Factor;
  /** Text values of a column (null = missing); throws naming the column when it is absent. */
  text(column: string, usedAs: string): readonly (string | null)[];
  /** Numeric values (NaN = missing); throws on a value that is not a number. */
  numeric(column: string, usedAs: string): Float64Array;
  /** Whether the column is numeric: every value is a number and it is not labelled as categories. */
  isNumeric(column: string, usedAs: string): boolean;
  /** How messages name row `i` (0-based): "row 17" of a CSV, "case 16" of a .sav. */
  row(i: number): string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts the categories of a source into a factor (levels by code point; −1 stays missing). */
export function sortedFactor(codes: Int32Array, values: readonly string[]): Factor {
  const order = values.map((_, k) => k).sort((a, b) => compareText(values[a] ?? '', values[b] ?? ''));
  const rank = new Int32Array(values.length);
  order.forEach((original, sorted) => {
    rank[original] = sorted;
  });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    out[i] = c < 0 ? -1 : at(rank, c);
  }
  return { codes: out, levels: order.map((k) => values[k] ?? '') };
}

/** A DataTable over column sources, each read at most once and cached. */
export function columnTable(
  file: string,
  n: number,
  columns: readonly string[],
  source: (index: number) => ColumnSource,
  row: (i: number) => string,
): DataTable {
  const index = new Map(columns.map((c, k) => [c, k]));
  const sources = new Map<number, ColumnSource>();
  const factors = new Map<number, Factor>();
  const get = (column: string, usedAs: string): ColumnSource => {
    const k = index.get(column);
    if (k === undefined) throw new AnalysisError(`${usedAs}: column "${column}" not found in ${file}`);
    let s = sources.get(k);
    if (!s) {
      s = source(k);
      sources.set(k, s);
    }
    return s;
  };
  const factor = (column: string, usedAs: string): Factor => {
    const s = get(column, usedAs);
    const k = index.get(column) ?? -1;
    let f = factors.get(k);
    if (!f) {
      const { codes, values } = s.categories();
      f = sortedFactor(codes, values);
      factors.set(k, f);
    }
    return f;
  };
  return {
    file,
    n,
    columns,
    row,
    factor,
    text(column, usedAs) {
      const f = factor(column, usedAs);
      return Array.from(f.codes, (c) => (c < 0 ? null : (f.levels[c] ?? null)));
    },
    numeric(column, usedAs) {
      const { values, bad, badText } = get(column, usedAs).numeric();
      if (bad >= 0)
        throw new AnalysisError(`${usedAs}: column "${column}" ${row(bad)} of ${file} is "${badText}", not a number`);
      return values;
    },
    isNumeric(column, usedAs) {
      const s = get(column, usedAs);
      return !s.labelled && s.numeric().bad < 0;
    },
  };
}
