import { FormatError } from '../formats/dataset.ts';
import { readSav, type SavVariable } from '../formats/sav-read.ts';
import { parseNumber } from './csv.ts';
import { AnalysisError } from './spec.ts';
import { columnTable, type ColumnSource, type DataTable } from './table.ts';

/** Whether bytes look like an SPSS system file. */
export function isSav(bytes: Uint8Array): boolean {
  return bytes[0] === 0x24 && bytes[1] === 0x46 && bytes[2] === 0x4c && (bytes[3] === 0x32 || bytes[3] === 0x33);
}

/** Whether a numeric value is one of the variable's user-missing values. */
function userMissing(v: SavVariable, x: number): boolean {
  const range = v.missing.range;
  return v.missing.values.includes(x) || (range !== undefined && x >= range[0] && x <= range[1]);
}

/**
 * An SPSS file as analysis data: user-missing and system-missing values are missing; a numeric
 * variable with value labels on valid values is categorical, its categories the labels (R's
 * `haven::as_factor`); strings are categories, with the spec's `missing` strings missing.
 */
export function readSavTable(bytes: Uint8Array, file: string, missing: readonly string[]): DataTable {
  let sav;
  try {
    sav = readSav(bytes);
  } catch (err) {
    if (err instanceof FormatError) throw new AnalysisError(`${file}: ${err.message}`);
    throw err;
  }
  if (sav.n === 0) throw new AnalysisError(`${file}: no cases`);
  const missingSet = new Set(missing);
  const source = (k: number): ColumnSource => {
    const v = sav.variables[k];
    const column = sav.columns[k];
    if (!v || !column) throw new AnalysisError(`${file}: no column ${k}`);
    if (column instanceof Float64Array) {
      const values = column.map((x) => (userMissing(v, x) ? Number.NaN : x));
      const labelled = [...v.valueLabels.keys()].some((key) => typeof key === 'number' && !userMissing(v, key));
      return {
        labelled,
        numeric: () => ({ values, bad: -1, badText: '' }),
        categories() {
          // Values sharing a label are one category.
          const texts: string[] = [];
          const byText = new Map<string, number>();
          const byValue = new Map<number, number>();
          const codes = new Int32Array(values.length);
          values.forEach((x, i) => {
            if (Number.isNaN(x)) {
              codes[i] = -1;
              return;
            }
            let code = byValue.get(x);
            if (code === undefined) {
              const text = v.valueLabels.get(x) ?? String(x);
              code = byText.get(text);
              if (code === undefined) {
                code = texts.length;
                texts.push(text);
                byText.set(text, code);
              }
              byValue.set(x, code);
            }
            codes[i] = code;
          });
          return { codes, values: texts };
        },
      };
    }
    const strings = column instanceof Array ? column : [];
    const absent = (s: string) => missingSet.has(s) || v.missing.values.includes(s);
    return {
      labelled: false,
      numeric() {
        const enc = new TextEncoder();
        let bad = -1;
        const values = Float64Array.from(strings, (s, i) => {
          if (absent(s)) return Number.NaN;
          const b = enc.encode(s);
          const x = parseNumber(b, 0, b.length);
          if (Number.isNaN(x) && bad < 0) bad = i;
          return x;
        });
        return { values, bad, badText: bad < 0 ? '' : (strings[bad] ?? '') };
      },
      categories() {
        const texts: string[] = [];
        const index = new Map<string, number>();
        const codes = Int32Array.from(strings, (s) => {
          if (absent(s)) return -1;
          let code = index.get(s);
          if (code === undefined) {
            code = texts.length;
            texts.push(v.valueLabels.get(s) ?? s);
            index.set(s, code);
          }
          return code;
        });
        return { codes, values: texts };
      },
    };
  };
  return columnTable(
    file,
    sav.n,
    sav.variables.map((v) => v.name),
    source,
    (i) => `case ${i + 1}`,
  );
}
