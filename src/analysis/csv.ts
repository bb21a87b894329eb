/**
 * A CSV reader for large microdata files (RFC 4180: quoted fields, doubled quotes, CRLF or LF,
 * an optional UTF-8 BOM, empty lines skipped). One pass over the bytes records where each
 * field of the wanted columns starts and ends — no string or object per row — and each column
 * is then converted once into the view asked of it: numbers straight into a Float64Array,
 * categories interned from the bytes. See bench/stats.ts for the measurements behind it.
 */
import { AnalysisError } from './spec.ts';
import { columnTable, type ColumnSource, type DataTable } from './table.ts';

export type { DataTable } from './table.ts';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Where each field of the scanned columns lies: byte offsets, one pair per data row. */
interface Scan {
  readonly rows: number;
  readonly starts: Uint32Array[];
  readonly ends: Uint32Array[];
}

/** Parses one record starting at `pos`; returns the field texts and where the next record starts. */
function headerRecord(buf: Uint8Array, pos: number, file: string): { fields: string[]; next: number } {
  const fields: string[] = [];
  const decoder = new TextDecoder();
  for (;;) {
    const end = fieldEnd(buf, pos, file, 1);
    fields.push(fieldText(buf, pos, end, decoder));
    const c = buf[end];
    if (c === COMMA) {
      pos = end + 1;
      continue;
    }
    return { fields, next: lineAfter(buf, end) };
  }
}

/** The offset just past the field that starts at `pos` (at a comma, a line end or the end). */
function fieldEnd(buf: Uint8Array, pos: number, file: string, row: number): number {
  const len = buf.length;
  if (buf[pos] === QUOTE) {
    let p = pos + 1;
    for (;;) {
      if (p >= len) throw new AnalysisError(`${file}: row ${row} has a quoted field that never closes`);
      if (buf[p] === QUOTE) {
        if (buf[p + 1] === QUOTE) {
          p += 2;
          continue;
        }
        p++;
        const c = buf[p];
        if (p < len && c !== COMMA && c !== LF && c !== CR) {
          throw new AnalysisError(`${file}: row ${row} has a character after the closing quote of a field`);
        }
        return p;
      }
      p++;
    }
  }
  let p = pos;
  while (p < len) {
    const c = buf[p];
    if (c === COMMA || c === LF || c === CR) break;
    p++;
  }
  return p;
}

/** The start of the line after a line end at `pos` (CRLF, LF or CR). */
function lineAfter(buf: Uint8Array, pos: number): number {
  if (buf[pos] === CR && buf[pos + 1] === LF) return pos + 2;
  return pos + 1;
}

function fieldText(buf: Uint8Array, start: number, end: number, decoder: TextDecoder): string {
  if (buf[start] === QUOTE) return decoder.decode(buf.subarray(start + 1, end - 1)).replaceAll('""', '"');
  return decoder.decode(buf.subarray(start, end));
}

/** One pass over the data rows, recording the fields of `wanted` (column indexes). */
function scan(buf: Uint8Array, from: number, width: number, wanted: readonly number[], file: string): Scan {
  let capacity = 1;
  for (let p = buf.indexOf(LF, from); p >= 0; p = buf.indexOf(LF, p + 1)) capacity++;
  const slot = new Int32Array(width).fill(-1);
  wanted.forEach((k, j) => {
    slot[k] = j;
  });
  const starts = wanted.map(() => new Uint32Array(capacity));
  const ends = wanted.map(() => new Uint32Array(capacity));
  const len = buf.length;
  let rows = 0;
  let pos = from;
  while (pos < len) {
    const c0 = buf[pos];
    if (c0 === LF || c0 === CR) {
      pos = lineAfter(buf, pos); // empty line
      continue;
    }
    if (rows === capacity) throw new AnalysisError(`${file}: more rows than line ends (internal)`);
    let field = 0;
    for (;;) {
      const end = fieldEnd(buf, pos, file, rows + 2);
      if (field < width) {
        const j = slot[field] ?? -1;
        const s = starts[j];
        const e = ends[j];
        if (s && e) {
          s[rows] = pos;
          e[rows] = end;
        }
      }
      field++;
      if (buf[end] === COMMA) {
        pos = end + 1;
        continue;
      }
      pos = end >= len ? len : lineAfter(buf, end);
      break;
    }
    if (field !== width) {
      throw new AnalysisError(
        `${file}: row ${rows + 2} has ${field} field${field === 1 ? '' : 's'} where the header has ${width}`,
      );
    }
    rows++;
  }
  return { rows, starts: starts.map((s) => s.subarray(0, rows)), ends: ends.map((e) => e.subarray(0, rows)) };
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The bytes of a file as one Latin-1 string, made once per buffer (and let go with it): slicing it gives Number() the
 * text of a field (a double written in full, 17 digits, is read that way) about twice as fast as
 * decoding each field on its own. Only fields of digits, sign, point and exponent reach it.
 */
const latin1Texts = new WeakMap<Uint8Array, string>();
function latin1Of(buf: Uint8Array): string {
  let text = latin1Texts.get(buf);
  if (text === undefined) {
    text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
    latin1Texts.set(buf, text);
  }
  return text;
}

/**
 * The number in bytes [s, e) (spaces and tabs around it allowed), NaN when it is not one of
 * `[+-]digits[.digits][e[+-]digits]`. Up to 15 significant digits and a power of ten up to 22
 * are exact doubles, so one multiplication or division is correctly rounded (Clinger's fast
 * path); anything else goes through Number().
 */
export function parseNumber(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  let p = s;
  let negative = false;
  if (buf[p] === 43 || buf[p] === 45) negative = buf[p++] === 45;
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  let c = buf[p] ?? 0;
  while (p < e && c >= 48 && c <= 57) {
    if (mantissa !== 0 || c !== 48) significant++;
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = buf[++p] ?? 0;
  }
  if (p < e && c === 46) {
    c = buf[++p] ?? 0;
    while (p < e && c >= 48 && c <= 57) {
      if (mantissa !== 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale--;
      c = buf[++p] ?? 0;
    }
  }
  if (digits === 0) return Number.NaN;
  if (p < e && (c === 101 || c === 69)) {
    p++;
    let expNegative = false;
    if (buf[p] === 43 || buf[p] === 45) expNegative = buf[p++] === 45;
    let exp = 0;
    let expDigits = 0;
    while (p < e && (buf[p] ?? 0) >= 48 && (buf[p] ?? 0) <= 57) {
      exp = exp * 10 + ((buf[p] ?? 0) - 48);
      expDigits++;
      p++;
    }
    if (expDigits === 0) return Number.NaN;
    scale += expNegative ? -exp : exp;
  }
  if (p !== e) return Number.NaN;
  if (significant > 15 || scale < -22 || scale > 22) return Number(latin1Of(buf).slice(s, e));
  const value = scale < 0 ? mantissa / (POW10[-scale] ?? 1) : mantissa * (POW10[scale] ?? 1);
  return negative ? -value : value;
}

/** A CSV column over the scanned offsets. */
function csvColumn(buf: Uint8Array, starts: Uint32Array, ends: Uint32Array, missing: readonly string[]): ColumnSource {
  const decoder = new TextDecoder();
  const missingSet = new Set(missing);
  const missingBytes = missing.map((m) => new TextEncoder().encode(m));
  const isMissing = (s: number, e: number): boolean => {
    if (buf[s] === QUOTE) return missingSet.has(fieldText(buf, s, e, decoder));
    const len = e - s;
    outer: for (const m of missingBytes) {
      if (m.length !== len) continue;
      for (let k = 0; k < len; k++) if (buf[s + k] !== m[k]) continue outer;
      return true;
    }
    return false;
  };
  let numeric: ReturnType<ColumnSource['numeric']> | undefined;
  let categories: ReturnType<ColumnSource['categories']> | undefined;
  return {
    labelled: false,
    numeric() {
      if (numeric) return numeric;
      const n = starts.length;
      const values = new Float64Array(n);
      let bad = -1;
      for (let i = 0; i < n; i++) {
        const s = starts[i] ?? 0;
        const e = ends[i] ?? 0;
        if (isMissing(s, e)) {
          values[i] = Number.NaN;
          continue;
        }
        const v = buf[s] === QUOTE ? parseNumber(buf, s + 1, e - 1) : parseNumber(buf, s, e);
        if (Number.isNaN(v) && bad < 0) bad = i;
        values[i] = v;
      }
      numeric = { values, bad, badText: bad < 0 ? '' : fieldText(buf, starts[bad] ?? 0, ends[bad] ?? 0, decoder) };
      return numeric;
    },
    categories() {
      if (categories) return categories;
      categories = intern(buf, starts, ends, isMissing, decoder);
      return categories;
    },
  };
}

/** Distinct field texts of a column and each row's index into them (−1 = missing). */
function intern(
  buf: Uint8Array,
  starts: Uint32Array,
  ends: Uint32Array,
  isMissing: (s: number, e: number) => boolean,
  decoder: TextDecoder,
): { codes: Int32Array; values: string[] } {
  const n = starts.length;
  const codes = new Int32Array(n);
  const values: string[] = [];
  const byText = new Map<string, number>();
  const byByte = new Int32Array(257).fill(-2); // one-byte fields; index 256: the empty field
  const byShort = new Map<number, number>(); // fields of 2–6 bytes, packed into an exact integer
  const add = (text: string): number => {
    let code = byText.get(text);
    if (code === undefined) {
      code = values.length;
      values.push(text);
      byText.set(text, code);
    }
    return code;
  };
  for (let i = 0; i < n; i++) {
    const s = starts[i] ?? 0;
    const e = ends[i] ?? 0;
    const len = e - s;
    if (len <= 1 && buf[s] !== QUOTE) {
      const key = len === 0 ? 256 : (buf[s] ?? 0);
      let code = byByte[key] ?? -2;
      if (code === -2) {
        code = isMissing(s, e) ? -1 : add(fieldText(buf, s, e, decoder));
        byByte[key] = code;
      }
      codes[i] = code;
    } else if (len <= 6 && buf[s] !== QUOTE) {
      let key = len;
      for (let k = 0; k < len; k++) key = key * 256 + (buf[s + k] ?? 0);
      let code = byShort.get(key);
      if (code === undefined) {
        code = isMissing(s, e) ? -1 : add(fieldText(buf, s, e, decoder));
        byShort.set(key, code);
      }
      codes[i] = code;
    } else {
      codes[i] = isMissing(s, e) ? -1 : add(fieldText(buf, s, e, decoder));
    }
  }
  return { codes, values };
}

/**
 * Reads CSV bytes (or text) with a header row. `missing` lists the field texts that mean "no
 * value"; `wanted`, when given, the columns to read in the first pass (others are read by a
 * further pass if asked for). Errors name the file and the row.
 */
export function readCsv(
  content: Uint8Array | string,
  file: string,
  missing: readonly string[],
  wanted?: Iterable<string>,
): DataTable {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (buf[pos] === LF || buf[pos] === CR) pos++;
  if (pos >= buf.length) throw new AnalysisError(`${file}: empty file (a header row is needed)`);
  const { fields: header, next } = headerRecord(buf, pos, file);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new AnalysisError(`${file}: column "${name}" appears twice in the header`);
    seen.add(name);
  }
  const width = header.length;
  const first = wanted
    ? [...new Set(wanted)].map((c) => header.indexOf(c)).filter((k) => k >= 0)
    : header.map((_, k) => k);
  // Always scan at least one column: the pass also checks every row's field count.
  const initial = scan(buf, next, width, first.length > 0 ? first : [0], file);
  if (initial.rows === 0) throw new AnalysisError(`${file}: no data rows`);
  const scanned = new Map<number, { starts: Uint32Array; ends: Uint32Array }>();
  (first.length > 0 ? first : [0]).forEach((k, j) =>
    scanned.set(k, { starts: initial.starts[j] ?? new Uint32Array(), ends: initial.ends[j] ?? new Uint32Array() }),
  );
  return columnTable(
    file,
    initial.rows,
    header,
    (k) => {
      let offsets = scanned.get(k);
      if (!offsets) {
        const again = scan(buf, next, width, [k], file);
        offsets = { starts: again.starts[0] ?? new Uint32Array(), ends: again.ends[0] ?? new Uint32Array() };
      }
      return csvColumn(buf, offsets.starts, offsets.ends, missing);
    },
    (i) => `row ${i + 2}`,
  );
}
