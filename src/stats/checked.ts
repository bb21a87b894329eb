/**
 * Checked reads of arrays: an index outside an array is a bug in the code that computed it, so it
 * throws rather than reading as a zero that would flow on into an estimate or a standard error.
 * For arrays that hold no `undefined` (numbers, typed arrays, labels).
 */

/** `values[i]`; a `RangeError` when `i` is not an index of `values`. */
export function at<T>(values: ArrayLike<T>, i: number): T {
  const value = values[i];
  if (value === undefined) throw new RangeError(`index ${i} is outside an array of length ${values.length}`);
  return value;
}

/** Adds `amount` to `values[i]` (an accumulator); a `RangeError` when `i` is not an index of `values`. */
export function addAt(values: Float64Array, i: number, amount: number): void {
  values[i] = atF64(values, i) + amount;
}

// V8 keeps one inline cache per function: `at` reads arrays of every kind across the engine, so
// its reads are megamorphic and about four times slower than a plain read in the hot loops of
// variance estimation and weighting. These copies each read one kind only, as fast as `values[i]`.

/** `at` for a Float64Array. */
export function atF64(values: Float64Array, i: number): number {
  const value = values[i];
  if (value === undefined) throw new RangeError(`index ${i} is outside an array of length ${values.length}`);
  return value;
}

/** `at` for an Int32Array (cell and level indices). */
export function atI32(values: Int32Array, i: number): number {
  const value = values[i];
  if (value === undefined) throw new RangeError(`index ${i} is outside an array of length ${values.length}`);
  return value;
}

/** The values as a Float64Array: itself when it is one, else a copy (so hot loops read one kind). */
export function float64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
