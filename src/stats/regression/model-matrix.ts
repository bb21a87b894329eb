import { SurveyError } from '../errors.ts';
import type { ModelFormula } from './formula.ts';
import { at } from '../checked.ts';

/** A column a model formula may name: numbers (NaN = missing) or categories (null = missing). */
export type ModelColumn =
  | { readonly kind: 'numeric'; readonly values: ArrayLike<number> }
  | { readonly kind: 'categorical'; readonly values: readonly (string | null)[] };

/** Looks up a column by name; throws (naming it) when there is none. */
export type ColumnLookup = (name: string) => ModelColumn;

export interface ModelMatrix {
  /** R's coefficient names: `(Intercept)`, `age55+`, `treated:post`, `stypeH:sch.wideYes`. */
  readonly names: readonly string[];
  /** One column of n rows per coefficient (rows outside `rows` hold 0). */
  readonly columns: readonly Float64Array[];
  readonly response: Float64Array;
  /** 1 for rows with every model variable present and `use` true. */
  readonly complete: Uint8Array;
  /** Levels of each categorical variable (sorted; the first is the reference). */
  readonly levels: Readonly<Record<string, readonly string[]>>;
}

type Coded =
  | { readonly kind: 'numeric'; readonly values: ArrayLike<number> }
  | { readonly kind: 'factor'; readonly codes: Int32Array; readonly levels: readonly string[] };

/** One building block of a term's columns: a label and its values per row. */
interface Piece {
  readonly label: string;
  readonly value: (row: number) => number;
}

/**
 * Builds the model matrix of a formula as R's `model.matrix` does with treatment contrasts:
 * numeric variables enter as they are; a categorical variable becomes indicators of its levels
 * but the first (sorted) level, or of all its levels when the term without it is not already in
 * the model (R's marginality rule, Chambers & Hastie 1992 p. 38), e.g. `x:f` without `f`, or the
 * first factor of a model without intercept. Interaction columns are products, the first
 * variable varying fastest. Rows missing any model variable, or with `use(row)` false, are
 * marked incomplete; factor levels come from the complete rows, sorted (numbers numerically).
 */
export function modelMatrix(
  formula: ModelFormula,
  lookup: ColumnLookup,
  n: number,
  use: (row: number) => boolean,
): ModelMatrix {
  const complete = new Uint8Array(n);
  for (let i = 0; i < n; i++) complete[i] = use(i) ? 1 : 0;
  const responseColumn = lookup(formula.response);
  if (responseColumn.kind !== 'numeric') {
    throw new SurveyError(
      'invalid_argument',
      `the response ${formula.response} must be numeric (code categories as 0/1)`,
    );
  }
  const raw = formula.variables.map((name) => {
    const col = lookup(name);
    if (col.values.length !== n)
      throw new SurveyError('invalid_argument', `column ${name} has ${col.values.length} rows, expected ${n}`);
    return col;
  });
  for (const col of [responseColumn, ...raw]) markMissing(col, complete);
  const coded = raw.map((col, v) => code(col, complete, formula.variables[v] ?? ''));
  const levels: Record<string, readonly string[]> = {};
  coded.forEach((c, v) => {
    if (c.kind === 'factor') levels[formula.variables[v] ?? ''] = c.levels;
  });
  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (formula.intercept) {
    names.push('(Intercept)');
    columns.push(Float64Array.from(complete));
  }
  let firstFactorPending = !formula.intercept;
  formula.terms.forEach((term, t) => {
    const pieceSets = term.map((v) => {
      const c = coded[v];
      const name = formula.variables[v] ?? '';
      if (!c) return [];
      if (c.kind === 'numeric') return [{ label: name, value: (i: number) => at(c.values, i) }];
      let full = !reducedTermPresent(formula, t, v);
      if (firstFactorPending) {
        full = true;
        firstFactorPending = false;
      }
      return c.levels.slice(full ? 0 : 1).map((level, j) => {
        const k = full ? j : j + 1;
        return { label: `${name}${level}`, value: (i: number) => (c.codes[i] === k ? 1 : 0) };
      });
    });
    for (const combo of cartesian(pieceSets)) {
      names.push(combo.map((p) => p.label).join(':'));
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (!complete[i]) continue;
        let x = 1;
        for (const p of combo) x *= p.value(i);
        col[i] = x;
      }
      columns.push(col);
    }
  });
  const response = new Float64Array(n);
  for (let i = 0; i < n; i++) response[i] = complete[i] ? at(responseColumn.values, i) : 0;
  return { names, columns, response, complete, levels };
}

function markMissing(col: ModelColumn, complete: Uint8Array): void {
  if (col.kind === 'numeric') {
    for (let i = 0; i < complete.length; i++) if (!Number.isFinite(col.values[i] ?? Number.NaN)) complete[i] = 0;
  } else {
    for (let i = 0; i < complete.length; i++)
      if (col.values[i] === null || col.values[i] === undefined) complete[i] = 0;
  }
}

function code(col: ModelColumn, complete: Uint8Array, name: string): Coded {
  if (col.kind === 'numeric') return col;
  const distinct = new Set<string>();
  for (let i = 0; i < complete.length; i++) if (complete[i]) distinct.add(col.values[i] ?? '');
  const levels = [...distinct].sort(compareLevels);
  if (levels.length < 2) {
    throw new SurveyError(
      'invalid_argument',
      `${name} has ${levels.length === 0 ? 'no values' : `one category (${levels[0]})`} in the rows used; it cannot enter the model`,
    );
  }
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(complete.length).fill(-1);
  for (let i = 0; i < complete.length; i++) if (complete[i]) codes[i] = index.get(col.values[i] ?? '') ?? -1;
  return { kind: 'factor', codes, levels };
}

/** Numbers in numeric order (R's `factor()` of a number: "9" before "10"), text by code point. */
function compareLevels(a: string, b: string): number {
  const x = a.trim() === '' ? Number.NaN : Number(a);
  const y = b.trim() === '' ? Number.NaN : Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether the term without variable `v` is empty or contained in a preceding term (R's TermCode). */
function reducedTermPresent(formula: ModelFormula, t: number, v: number): boolean {
  const reduced = (formula.terms[t] ?? []).filter((x) => x !== v);
  if (reduced.length === 0) return true;
  for (let s = 0; s < t; s++) {
    const earlier = formula.terms[s] ?? [];
    if (reduced.every((x) => earlier.includes(x))) return true;
  }
  return false;
}

/** All combinations, the first list varying fastest. */
function cartesian(sets: readonly (readonly Piece[])[]): Piece[][] {
  let out: Piece[][] = [[]];
  for (const set of sets) {
    const next: Piece[][] = [];
    for (const piece of set) for (const prefix of out) next.push([...prefix, piece]);
    out = next;
  }
  return out;
}
