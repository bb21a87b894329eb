/**
 * The CSV reader's numbers are the doubles the text denotes, correctly rounded (as R's read.csv
 * and JavaScript's Number() read them), through both its fast path (up to 15 significant digits)
 * and the path for longer texts; anything that is not a decimal number is not one.
 */
import { describe, expect, it } from 'vitest';
import { parseNumber, readCsv } from '../../src/analysis/csv.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const parse = (text: string) => parseNumber(bytes(text), 0, text.length);

describe('parseNumber', () => {
  it('reads every double written in full (shortest round-trip form, up to 17 digits) back exactly', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 20_000; k++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      const text = String(x);
      expect(parse(text), text).toBe(x);
    }
  });

  it('reads short decimals, exponents and spaces around a number', () => {
    expect(parse('0')).toBe(0);
    expect(parse('-0.5')).toBe(-0.5);
    expect(parse('+12.25')).toBe(12.25);
    expect(parse('1e3')).toBe(1000);
    expect(parse('2.5E-3')).toBe(0.0025);
    expect(parse(' 7 ')).toBe(7);
    expect(parse('57.384719238475613')).toBe(57.38471923847561);
  });

  it('is NaN for what is not a decimal number, however long', () => {
    for (const text of [
      '',
      '.',
      '-',
      '1e',
      'e5',
      '0x10',
      'Infinity',
      'NaN',
      '1_000',
      '12a',
      '1.2.3',
      '0x123456789abcdef01',
    ])
      expect(parse(text), text).toBeNaN();
  });
});

describe('readCsv numbers', () => {
  it('reads a column of 17-digit doubles exactly, and names the row of a value that is not a number', () => {
    const values = [57.38471923847561, 0.1 + 0.2, 1 / 3, 123456789.12345679];
    const table = readCsv(`w\n${values.map(String).join('\n')}\n`, 'w.csv', []);
    expect(Array.from(table.numeric('w', 'weights'))).toEqual(values);
    const bad = readCsv('w\n1.5\n0.30000000000000004x\n', 'bad.csv', []);
    expect(() => bad.numeric('w', 'weights')).toThrow(/row 3/);
  });
});
