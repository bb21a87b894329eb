import { expect, it } from 'vitest';
import { addAt, at } from '../../src/stats/checked.ts';

it('at reads inside an array and throws outside it, never a zero', () => {
  const values = Float64Array.of(0, 2.5, -1);
  expect(at(values, 0)).toBe(0);
  expect(at(values, 2)).toBe(-1);
  expect(() => at(values, 3)).toThrow(new RangeError('index 3 is outside an array of length 3'));
  expect(() => at(values, -1)).toThrow(RangeError);
  expect(() => at(values, 0.5)).toThrow(RangeError);
  expect(at(['a', 'b'], 1)).toBe('b');
});

it('addAt accumulates in place and refuses an index outside the array', () => {
  const sums = new Float64Array(2);
  addAt(sums, 1, 3);
  addAt(sums, 1, 0.5);
  expect([...sums]).toEqual([0, 3.5]);
  expect(() => addAt(sums, 2, 1)).toThrow(RangeError);
  expect(sums.length).toBe(2);
});
