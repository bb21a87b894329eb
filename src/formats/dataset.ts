/**
 * A format-neutral description of a rectangular data file with labels, written by the SPSS
 * (`sav.ts`) and Stata (`dta.ts`) encoders. This folder knows nothing of surveys: the
 * collection layer maps an instrument and its responses onto these shapes.
 */

/** SPSS's measurement level. */
export type Measure = 'nominal' | 'ordinal' | 'scale';

export interface ValueLabel {
  readonly value: number;
  readonly label: string;
}

/** A kind of missing value that stays distinct (don't know, refused, …): at most 26 (Stata's .a–.z). */
export interface MissingKind {
  readonly name: string;
  readonly label: string;
}

export type Variable =
  | {
      readonly type: 'numeric';
      readonly name: string;
      readonly label: string;
      readonly measure: Measure;
      /** `integer` (F8.0, Stata long/%8.0g), `decimal` (F12.4, double), `datetime` (seconds since the Unix epoch). */
      readonly format: 'integer' | 'decimal' | 'datetime';
      /** Labels of the valid values (the missing kinds carry their own labels). */
      readonly valueLabels: readonly ValueLabel[];
      /**
       * The SPSS code of each missing kind (same order as `Dataset.missing`), declared as
       * user-missing values; absent when the variable has no missing kinds.
       */
      readonly missingCodes?: readonly number[];
    }
  | {
      readonly type: 'string';
      readonly name: string;
      readonly label: string;
      /** Width in UTF-8 bytes (at least 1). */
      readonly width: number;
    };

/** A missing value of a kind: the index into `Dataset.missing`. */
export interface MissingCell {
  readonly missing: number;
}

/** One cell: a number, a string, null (system missing / empty) or a missing kind. */
export type Cell = number | string | null | MissingCell;

export interface Dataset {
  /** The file label (SPSS) or data label (Stata). */
  readonly label: string;
  /** Free-text lines kept with the file (SPSS documents, Stata notes). */
  readonly documents: readonly string[];
  readonly missing: readonly MissingKind[];
  readonly variables: readonly Variable[];
  /** Name of the variable holding the case weights, if any. */
  readonly weight?: string;
  readonly created: Date;
}

/** A streaming encoder: the header (with the number of rows), batches of rows, then the end. */
export interface FileEncoder {
  header(rows: number): Uint8Array;
  rows(batch: readonly (readonly Cell[])[]): Uint8Array;
  end(): Uint8Array;
}

/** An input the encoder cannot represent (a bad name, a value of the wrong type): a programming error upstream. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

/** UTF-8 bytes of `text`, cut at a character boundary to at most `max` bytes. */
export function utf8Prefix(text: string, max: number): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** A growable little-endian byte buffer. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v;
    return this;
  }
  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }
  i32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
    return this;
  }
  u64(v: number): this {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt(v), true);
    this.length += 8;
    return this;
  }
  f64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  /** ASCII/UTF-8 text. */
  text(s: string): this {
    return this.bytes(new TextEncoder().encode(s));
  }
  /** `b` then `pad` bytes up to `width` (b must fit). */
  fixed(b: Uint8Array, width: number, pad = 0): this {
    this.ensure(width);
    this.buf.set(b.subarray(0, width), this.length);
    this.buf.fill(pad, this.length + Math.min(b.length, width), this.length + width);
    this.length += width;
    return this;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
