import { parse } from 'csv-parse/sync';
import { AnalysisError } from './spec.ts';

/** Microdata read from a CSV: raw text per column, with missing markers mapped to null. */
export interface DataTable {
  readonly file: string;
  readonly n: number;
  readonly columns: readonly string[];
  /** Text values of a column (null = missing); throws naming the column when it is absent. */
  text(column: string, usedAs: string): readonly (string | null)[];
  /** Numeric values (NaN = missing); throws on a value that is not a number. */
  numeric(column: string, usedAs: string): Float64Array;
  /** Whether every non-missing value of a column parses as a number. */
  isNumeric(column: string, usedAs: string): boolean;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses CSV text with a header row. `missing` lists the strings that mean "no value". */
export function readCsv(content: string, file: string, missing: readonly string[]): DataTable {
  let records: string[][];
  try {
    records = parse(content, { relax_column_count: false, skip_empty_lines: true, bom: true });
  } catch (err) {
    throw new AnalysisError(`${file}: not valid CSV (${err instanceof Error ? err.message : String(err)})`);
  }
  const header = records[0];
  if (!header || header.length === 0) throw new AnalysisError(`${file}: empty file (a header row is needed)`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new AnalysisError(`${file}: column "${name}" appears twice in the header`);
    seen.add(name);
  }
  const rows = records.slice(1);
  if (rows.length === 0) throw new AnalysisError(`${file}: no data rows`);
  const missingSet = new Set(missing);
  const index = new Map(header.map((h, i) => [h, i]));
  const textCache = new Map<string, (string | null)[]>();
  const columnIndex = (column: string, usedAs: string): number => {
    const k = index.get(column);
    if (k === undefined) throw new AnalysisError(`${usedAs}: column "${column}" not found in ${file}`);
    return k;
  };
  const text = (column: string, usedAs: string): (string | null)[] => {
    const k = columnIndex(column, usedAs);
    const hit = textCache.get(column);
    if (hit) return hit;
    const values = rows.map((r) => {
      const v = r[k] ?? '';
      return missingSet.has(v) ? null : v;
    });
    textCache.set(column, values);
    return values;
  };
  return {
    file,
    n: rows.length,
    columns: header,
    text,
    numeric(column, usedAs) {
      const values = text(column, usedAs);
      const out = new Float64Array(values.length);
      values.forEach((v, i) => {
        if (v === null) {
          out[i] = Number.NaN;
          return;
        }
        const s = v.trim();
        if (!NUMBER.test(s)) {
          throw new AnalysisError(`${usedAs}: column "${column}" row ${i + 2} of ${file} is "${v}", not a number`);
        }
        out[i] = Number(s);
      });
      return out;
    },
    isNumeric(column, usedAs) {
      return text(column, usedAs).every((v) => v === null || NUMBER.test(v.trim()));
    },
  };
}
