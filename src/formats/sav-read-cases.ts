/**
 * The cases of an SPSS system file, after its dictionary: uncompressed 8-byte elements, or
 * bytecode-compressed ones (blocks of eight command bytes: 1–251 the value minus the bias, 253
 * an 8-byte element that follows, 254 eight spaces, 255 system-missing, 252 the end, 0 nothing;
 * PSPP developer guide, "System File Format", "Data Record"). Every count the file states is
 * checked against the bytes it has left before anything is allocated or looped over, columns
 * grow as cases are read, and every case consumes at least one byte, so time and memory stay
 * proportional to the file's size whatever it claims.
 */
import { FormatError } from './dataset.ts';
import { SYSMIS } from './sav.ts';

/** A variable's measurement level in the file (record 7.11). */
export type SavMeasure = 'unknown' | 'nominal' | 'ordinal' | 'scale';

/** One variable record of the dictionary (a very long string has one per segment). */
export interface RawVar {
  shortName: string;
  name: string;
  width: number;
  label: string;
  index: number;
  elements: number;
  missing: { values: (number | string)[]; range?: [number, number] };
  valueLabels: Map<number | string, string>;
  measure: SavMeasure;
  segments: number;
}

/** A bounds-checked reader of the file's bytes, naming where it is for its errors. */
export class Cursor {
  pos = 0;
  context = 'file header';
  constructor(
    readonly buf: Uint8Array,
    readonly view: DataView,
    public le: boolean,
  ) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length)
      throw new FormatError(`truncated in ${this.context} (byte ${this.pos} of ${this.buf.length})`);
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, this.le);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, this.le);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (n < 0) throw new FormatError(`negative length in ${this.context} (byte ${this.pos})`);
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  /**
   * A count of items of at least `each` bytes that follow: refused when negative or when that
   * many items cannot fit in the rest of the file, so no loop or allocation trusts a count.
   */
  count(what: string, each: number): number {
    const at = this.pos;
    const n = this.i32();
    if (n < 0 || n * each > this.buf.length - this.pos)
      throw new FormatError(`${what} count ${n} in ${this.context} (byte ${at}) does not fit in the file`);
    return n;
  }
}

/**
 * A variable name as an error message shows it: printable ASCII only (anything else as ?), at most
 * 64 characters, so a damaged dictionary cannot put line breaks or pages of text into a message.
 */
export function shown(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

/**
 * `text` without the trailing run of `ch` (a loop: the regular expression / +$/ takes time
 * quadratic in the length of a text full of inner spaces).
 */
export function trimEnd(text: string, ch: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ch) end--;
  return text.slice(0, end);
}

const EMPTY = new Float64Array(0);

/** A numeric column that doubles its storage as cases arrive. */
class NumberColumn {
  values: Float64Array;
  /** `expected`: the case count the header states (checked against the file's size), or −1. */
  constructor(expected: number) {
    this.values = expected > 0 ? new Float64Array(expected) : EMPTY;
  }
  push(n: number, x: number): void {
    if (n === this.values.length) {
      const grown = new Float64Array(Math.max(16, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[n] = x;
  }
}

/** The smallest number of bytes a case takes: one command byte per element compressed, else 8. */
function checkCaseCount(c: Cursor, ncases: number, elements: number, compressed: boolean): void {
  const room = Math.floor((c.buf.length - c.pos) / (compressed ? elements : 8 * elements));
  if (ncases > room)
    throw new FormatError(
      `the header says ${ncases} cases but the rest of the file holds at most ${room} (${elements} elements each)`,
    );
}

/** Next 8-byte element of the data into `element`; false at the end of the data. */
function elementReader(c: Cursor, compressed: boolean, bias: number): { element: Uint8Array; next: () => boolean } {
  const element = new Uint8Array(8);
  const elView = new DataView(element.buffer);
  let commands: Uint8Array = new Uint8Array(0);
  let ci = 8;
  let eof = false;
  const next = (): boolean => {
    if (!compressed) {
      if (c.pos + 8 > c.buf.length) return false;
      element.set(c.bytes(8));
      return true;
    }
    for (;;) {
      if (eof) return false;
      if (ci === 8) {
        if (c.pos >= c.buf.length) return false;
        commands = c.bytes(Math.min(8, c.buf.length - c.pos));
        ci = 0;
      }
      const code = commands[ci++];
      if (code === undefined) {
        ci = 8;
        continue;
      }
      if (code === 0) continue;
      if (code === 252) {
        eof = true;
        return false;
      }
      if (code === 253) element.set(c.bytes(8));
      else if (code === 254) element.fill(32);
      else if (code === 255) elView.setFloat64(0, SYSMIS, c.le);
      else elView.setFloat64(0, code - bias, c.le);
      return true;
    }
  };
  return { element, next };
}

/**
 * Reads the cases into one column per variable as the user sees it (`merged`: very long strings
 * joined). `ncases` −1 means "unknown": read to the end of the data.
 */
export function readCases(
  c: Cursor,
  vars: readonly RawVar[],
  merged: readonly RawVar[],
  compressed: boolean,
  bias: number,
  ncases: number,
  elements: number,
  decoder: TextDecoder,
): { columns: (Float64Array | string[])[]; n: number } {
  checkCaseCount(c, ncases, elements, compressed);
  const position = new Map(vars.map((v, k) => [v, k]));
  const segmentsOf = merged.map((v) => {
    const at = position.get(v) ?? 0;
    return vars.slice(at, at + v.segments);
  });
  const numbers = merged.map((v) => (v.width === 0 ? new NumberColumn(ncases) : null));
  const strings = merged.map((v) => (v.width === 0 ? null : new Array<string>()));
  let longest = 8;
  for (const segs of segmentsOf)
    longest = Math.max(
      longest,
      segs.reduce((t, seg) => t + 8 * seg.elements, 0),
    );
  const stringBuf = new Uint8Array(longest);
  const { element, next } = elementReader(c, compressed, bias);
  const elView = new DataView(element.buffer);
  const done = (n: number) => ({
    columns: merged.map((_, k) => numbers[k]?.values.subarray(0, n) ?? strings[k] ?? []),
    n,
  });
  let n = 0;
  for (; ncases < 0 || n < ncases; n++) {
    c.context = `case ${n + 1}`;
    for (const [m, v] of merged.entries()) {
      const first = m === 0;
      let len = 0;
      for (const [s, seg] of (segmentsOf[m] ?? []).entries()) {
        for (let e = 0; e < seg.elements; e++) {
          if (!next()) {
            if (first && s === 0 && e === 0 && ncases < 0) return done(n);
            throw new FormatError(`truncated in case ${n + 1} (variable ${shown(v.name)})`);
          }
          if (v.width === 0) {
            const x = elView.getFloat64(0, c.le);
            numbers[m]?.push(n, x === SYSMIS ? Number.NaN : x);
            continue;
          }
          // Segment data are 255 bytes each; the 256th byte of a full segment is padding.
          const take = Math.max(0, v.segments === 1 ? 8 : Math.min(8, 255 - e * 8));
          stringBuf.set(element.subarray(0, take), len);
          len += take;
        }
      }
      if (v.width !== 0) strings[m]?.push(trimEnd(decoder.decode(stringBuf.subarray(0, Math.min(len, v.width))), ' '));
    }
  }
  return done(n);
}
