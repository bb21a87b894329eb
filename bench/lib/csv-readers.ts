/**
 * The CSV reader of `barometer analyse` (`src/analysis/csv.ts`) beside three npm parsers, on the
 * same file in the same run: each turns the file's bytes into numeric columns, its own way —
 * ours reads the bytes and converts the named columns; udsv (`typedCols`, schema inferred),
 * csv-parse (`cast: true`) and papaparse (`dynamicTyping: true`) decode the text and type each
 * cell. Best of `repeats` runs each (the machine is shared: the best is the least disturbed).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse as csvParse } from 'csv-parse/sync';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';
import { readCsv } from '../../src/analysis/csv.ts';

export interface ReaderTime {
  readonly name: string;
  readonly ms: number;
  /** Rows the reader found (all must agree). */
  readonly rows: number;
}

function best(repeats: number, run: () => number): { ms: number; rows: number } {
  let ms = Number.POSITIVE_INFINITY;
  let rows = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    rows = run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, rows };
}

/** Times each reader on `file` (a header row, then numeric columns `columns`). */
export function timeCsvReaders(file: string, columns: readonly string[], repeats = 3): ReaderTime[] {
  const bytes = readFileSync(file);
  const readers: [string, () => number][] = [
    [
      'barometer (src/analysis/csv.ts)',
      () => {
        const table = readCsv(bytes, file, ['', 'NA'], columns);
        for (const c of columns) table.numeric(c, 'bench');
        return table.n;
      },
    ],
    [
      'udsv',
      () => {
        const text = bytes.toString('utf8');
        const cols = initParser(inferSchema(text)).typedCols(text);
        return cols[0]?.length ?? 0;
      },
    ],
    ['csv-parse', () => csvParse(bytes.toString('utf8'), { columns: false, from_line: 2, cast: true }).length],
    [
      'papaparse',
      () =>
        Papa.parse(bytes.toString('utf8'), { header: false, dynamicTyping: true, skipEmptyLines: true }).data.length -
        1,
    ],
  ];
  return readers.map(([name, run]) => ({ name, ...best(repeats, run) }));
}
