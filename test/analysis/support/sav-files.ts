/**
 * SPSS files for the hostile-file tests: a valid export written by the project's encoder (with
 * string values that must never appear in an error message), and builders of hostile files that
 * aim at a reader's weak points (an endless case loop, allocations sized by a stated count, reads
 * past a record, recursion or argument spreads over the variables, an error echoing the file),
 * written byte by byte after PSPP's developer guide ("System File Format": a 176-byte header,
 * then records; the header's case count at byte 80).
 */
import type { Cell, Dataset } from '../../../src/formats/dataset.ts';
import { savEncoder } from '../../../src/formats/sav.ts';

/** Text in the valid file's cases that a reader's error must never print. */
export const SECRET = 'secret-session';

const dataset: Dataset = {
  label: 'Fuzz base file',
  documents: ['A document line.'],
  missing: [
    { name: 'dont_know', label: "Don't know" },
    { name: 'refused', label: 'Refused' },
  ],
  weight: 'weight',
  created: new Date('2026-11-30T02:30:00Z'),
  variables: [
    {
      type: 'numeric',
      name: 'response_id',
      label: 'Response id',
      measure: 'scale',
      format: 'integer',
      valueLabels: [],
    },
    { type: 'string', name: 'session_id', label: 'Session', width: 36 },
    {
      type: 'numeric',
      name: 'MIG_LEVEL',
      label: 'Immigration level',
      measure: 'nominal',
      format: 'integer',
      valueLabels: [
        { value: 1, label: 'Increased' },
        { value: 2, label: 'Present level' },
        { value: 3, label: 'Decreased' },
      ],
      missingCodes: [-1, -2],
    },
    { type: 'numeric', name: 'AGE', label: 'Age', measure: 'scale', format: 'decimal', valueLabels: [] },
    { type: 'string', name: 'COMMENT', label: 'Comment', width: 300 },
    { type: 'numeric', name: 'weight', label: 'Weight', measure: 'scale', format: 'decimal', valueLabels: [] },
  ],
};

/** A valid bytecode-compressed export of `rows` cases. */
export function validSav(rows = 12): Uint8Array {
  const cells: Cell[][] = Array.from({ length: rows }, (_, i) => [
    i + 1,
    `${SECRET}-${String(i).padStart(4, '0')}`,
    i % 4 === 3 ? { missing: i % 2 } : (i % 3) + 1,
    18 + ((i * 7) % 60) + 0.5,
    i % 2 ? `${SECRET} comment ${'x'.repeat(i * 20)}` : '',
    1 + (i % 3) / 2,
  ]);
  const enc = savEncoder(dataset);
  return concat([enc.header(rows), enc.rows(cells), enc.end()]);
}

/** Byte chunks (an encoder's, a response body's) as one array. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((t, c) => t + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Byte offset of the end-of-dictionary record (type 999, then 0) in a file the encoder wrote
 * (records with 1-byte items leave it at any offset).
 */
export function dictionaryEnd(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 176; at + 8 <= bytes.length; at++)
    if (view.getInt32(at, true) === 999 && view.getInt32(at + 4, true) === 0) return at;
  throw new Error('no end-of-dictionary record');
}

/** A little-endian writer of the pieces of a hand-made file. */
class Bytes {
  private readonly parts: number[] = [];
  i32(...xs: number[]): this {
    for (const x of xs) {
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, x, true);
      this.parts.push(...new Uint8Array(b.buffer));
    }
    return this;
  }
  f64(x: number): this {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, x, true);
    this.parts.push(...new Uint8Array(b.buffer));
    return this;
  }
  text(s: string, width: number): this {
    const b = new TextEncoder().encode(s);
    for (let k = 0; k < width; k++) this.parts.push(b[k] ?? 32);
    return this;
  }
  raw(b: ArrayLike<number>): this {
    for (let k = 0; k < b.length; k++) this.parts.push(b[k] ?? 0);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** The 176-byte file header. */
function header(b: Bytes, ncases: number, compression = 1): Bytes {
  return b
    .text('$FL2@(#) hostile', 64)
    .i32(2, 1, compression, 0, ncases)
    .f64(100)
    .text('01 Jan 26', 9)
    .text('00:00:00', 8)
    .text('hostile', 64)
    .raw([0, 0, 0]);
}

/** A numeric variable record (type 2) named `name`. */
function numericVar(b: Bytes, name: string): Bytes {
  return b.i32(2, 0, 0, 0, 0x050800, 0x050800).text(name, 8);
}

/** Hostile files, by what they hold. */
export function hostileFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  // No variables, case count −1, then bytes: a reader that loops per case never ends.
  files['no variables, 248 bytes'] = header(new Bytes(), -1).i32(999, 0).raw(new Uint8Array(64).fill(1)).done();
  // A case count the file cannot hold, over 20 variables: a reader that sizes its columns by it
  // asks for gigabytes before reading a case.
  for (const ncases of [100_000_000, 2 ** 31 - 1]) {
    const b = header(new Bytes(), ncases);
    for (let k = 0; k < 20; k++) numericVar(b, `X${k}`);
    files[`case count ${ncases}`] = b.i32(999, 0).raw(new Uint8Array(24).fill(101)).done();
  }
  for (const size of [0, 1])
    files[`display record with item size ${size}`] = numericVar(header(new Bytes(), 1), 'X')
      .i32(7, 11, size, 3)
      .raw(new Uint8Array(size * 3))
      .i32(999, 0)
      .raw([101, 252, 0, 0, 0, 0, 0, 0])
      .done();
  const many = header(new Bytes(), 1);
  for (let k = 0; k < 150_000; k++) numericVar(many, `V${k}`);
  many.i32(999, 0);
  for (let k = 0; k < 150_000 / 8; k++) many.raw([101, 101, 101, 101, 101, 101, 101, 101]);
  files['150,000 variables'] = many.done();
  const session = `${SECRET}-0001\n`.repeat(700);
  files['unknown encoding holding session ids'] = numericVar(header(new Bytes(), 1), 'X')
    .i32(7, 20, 1, session.length)
    .text(session, session.length)
    .i32(999, 0)
    .raw([101, 252, 0, 0, 0, 0, 0, 0])
    .done();
  // A long name (record 7.13) with a line break, on a file cut short inside a case.
  const longName = 'Y=LONG\nNAME';
  files['a long variable name with a line break'] = numericVar(numericVar(header(new Bytes(), 2), 'X'), 'Y')
    .i32(7, 13, 1, longName.length)
    .text(longName, longName.length)
    .i32(999, 0)
    .raw([101, 101, 101, 0, 0, 0, 0, 0])
    .done();
  // A valid file whose very long string holds a long run of inner spaces: trimming the trailing
  // spaces with the regular expression / +$/ takes time quadratic in the run (seconds a value).
  const spaced = savEncoder({
    label: 'spaces',
    documents: [],
    missing: [],
    created: new Date('2026-11-30T02:30:00Z'),
    variables: [{ type: 'string', name: 'TEXT', label: 'Text', width: 32767 }],
  });
  const value = `a${' '.repeat(32000)}b`;
  files['inner spaces in a 32,767-byte string'] = concat([
    spaced.header(5),
    spaced.rows(Array.from({ length: 5 }, () => [value])),
    spaced.end(),
  ]);
  return files;
}
