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
  values[i] = at(values, i) + amount;
}
