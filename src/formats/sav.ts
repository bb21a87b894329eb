/**
 * SPSS system files (`.sav`), written record by record as PSPP's developer guide ("System File
 * Format") describes them: file header, variable records (long strings with continuation
 * records, very long strings as 255-byte segments), value labels (records 3 and 4), documents
 * (record 6), machine integer and floating-point info (7.3, 7.4), variable display parameters
 * with the measurement level (7.11), long variable names (7.13), very long strings (7.14), the
 * UTF-8 character encoding (7.20), then bytecode-compressed cases.
 */
import {
  ByteWriter,
  FormatError,
  utf8Prefix,
  type Cell,
  type Dataset,
  type FileEncoder,
  type Variable,
} from './dataset.ts';

/** SPSS's system-missing value (−DBL_MAX), and the largest and smallest other values. */
export const SYSMIS = -Number.MAX_VALUE;
const HIGHEST = Number.MAX_VALUE;
const LOWEST = -1.7976931348623155e308; // nextafter(−DBL_MAX, 0)
/** Seconds from SPSS's epoch (14 Oct 1582) to the Unix epoch. */
export const SPSS_EPOCH_OFFSET = 12219379200;
const BIAS = 100;

const FORMAT = { F: 5, A: 1, DATETIME: 22 } as const;
const format = (type: number, width: number, decimals: number): number => (type << 16) | (width << 8) | decimals;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);

/** Segment widths of a string of `width` bytes: one up to 255, a very long string one per 252 bytes. */
export function segmentWidths(width: number): number[] {
  if (width <= 255) return [width];
  const n = Math.ceil(width / 252);
  return Array.from({ length: n }, (_, k) => (k < n - 1 ? 255 : width - (n - 1) * 252));
}

/** One variable record that starts a segment (continuation records follow it). */
interface Segment {
  readonly variable: number;
  readonly v: Variable;
  readonly index: number;
  readonly shortName: string;
  /** 0 for numeric, else the segment's string width. */
  readonly width: number;
  /** 8-byte elements the segment occupies. */
  readonly elements: number;
}

const ASCII_NAME = /^[A-Za-z@#$][A-Za-z0-9@#$_.]*$/;

function checkName(name: string): void {
  const bytes = new TextEncoder().encode(name).length;
  if (!ASCII_NAME.test(name) || bytes > 64 || name.endsWith('.') || RESERVED.has(name.toUpperCase())) {
    throw new FormatError(`"${name}" is not a valid SPSS variable name`);
  }
}

/** Unique 8-byte upper-case short names: the name's start, else its start with a numeric suffix. */
function shortNames(ds: Dataset): Segment[] {
  const used = new Set<string>();
  const unique = (base: string): string => {
    const stem = base.toUpperCase().slice(0, 8);
    if (!used.has(stem) && !RESERVED.has(stem)) {
      used.add(stem);
      return stem;
    }
    for (let k = 1; ; k++) {
      const suffix = String(k);
      const candidate = stem.slice(0, 8 - suffix.length) + suffix;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const segments: Segment[] = [];
  ds.variables.forEach((v, variable) => {
    checkName(v.name);
    if (v.type === 'numeric') {
      segments.push({ variable, v, index: 0, shortName: unique(v.name), width: 0, elements: 1 });
      return;
    }
    if (v.width < 1 || v.width > 32767)
      throw new FormatError(`string variable ${v.name}: width ${v.width} outside 1–32767`);
    segmentWidths(v.width).forEach((w, index) => {
      segments.push({
        variable,
        v,
        index,
        shortName: unique(index === 0 ? v.name : `${v.name.slice(0, 5)}${index}`),
        width: w,
        elements: Math.ceil(w / 8),
      });
    });
  });
  return segments;
}

function labelBytes(label: string, max: number): Uint8Array {
  return utf8Prefix(label, max);
}

/** The dictionary: every record before the cases. */
function dictionary(ds: Dataset, segments: readonly Segment[], rows: number): Uint8Array {
  const w = new ByteWriter();
  const enc = new TextEncoder();
  const elements = segments.reduce((s, g) => s + g.elements, 0);
  // Dictionary index (1-based, counting continuation records) of each segment.
  const dictIndex: number[] = [];
  let next = 1;
  for (const g of segments) {
    dictIndex.push(next);
    next += g.elements;
  }
  const weightSegment = ds.weight === undefined ? -1 : segments.findIndex((g) => g.v.name === ds.weight);
  if (ds.weight !== undefined && (weightSegment < 0 || segments[weightSegment]?.width !== 0)) {
    throw new FormatError(`weight variable ${ds.weight} is not a numeric variable of the file`);
  }
  const d = ds.created;
  const two = (n: number) => String(n).padStart(2, '0');
  w.text('$FL2');
  w.fixed(enc.encode('@(#) SPSS DATA FILE Barometer'), 60, 32);
  w.i32(2)
    .i32(elements)
    .i32(1)
    .i32(weightSegment < 0 ? 0 : (dictIndex[weightSegment] ?? 0))
    .i32(rows)
    .f64(BIAS);
  w.text(`${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)}`);
  w.text(`${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`);
  w.fixed(labelBytes(ds.label, 64), 64, 32);
  w.fixed(new Uint8Array(0), 3);

  for (const g of segments) {
    const v = g.v;
    const first = g.index === 0;
    const label = first && v.label !== '' ? labelBytes(v.label, 255) : undefined;
    const missing = v.type === 'numeric' ? missingValues(v) : [];
    w.i32(2)
      .i32(g.width === 0 ? 0 : g.width)
      .i32(label ? 1 : 0)
      .i32(missing.length === 0 ? 0 : missing[0] === 'range' ? -2 : missing.length);
    const fmt = v.type === 'string' ? format(FORMAT.A, g.width, 0) : numericFormat(v);
    w.i32(fmt).i32(fmt);
    w.fixed(enc.encode(g.shortName), 8, 32);
    if (label) {
      w.i32(label.length);
      w.fixed(label, Math.ceil(label.length / 4) * 4, 32);
    }
    for (const m of missing) if (m !== 'range') w.f64(m);
    for (let k = 1; k < g.elements; k++) w.i32(2).i32(-1).i32(0).i32(0).i32(0).i32(0).fixed(enc.encode(''), 8, 32);
  }

  ds.variables.forEach((v, k) => {
    if (v.type !== 'numeric') return;
    const labels = [
      ...v.valueLabels,
      ...(v.missingCodes ?? []).map((value, j) => ({ value, label: ds.missing[j]?.label ?? '' })),
    ];
    if (labels.length === 0) return;
    w.i32(3).i32(labels.length);
    for (const { value, label } of labels) {
      const b = labelBytes(label, 120);
      w.f64(value).u8(b.length);
      w.fixed(b, Math.ceil((b.length + 1) / 8) * 8 - 1, 32);
    }
    const g = segments.findIndex((s) => s.variable === k);
    w.i32(4)
      .i32(1)
      .i32(dictIndex[g] ?? 0);
  });

  if (ds.documents.length > 0) {
    const lines = ds.documents.flatMap((l) => wrap(l, 80));
    w.i32(6).i32(lines.length);
    for (const l of lines) w.fixed(l, 80, 32);
  }

  w.i32(7).i32(3).i32(4).i32(8).i32(1).i32(0).i32(0).i32(-1).i32(1).i32(1).i32(2).i32(65001);
  w.i32(7).i32(4).i32(8).i32(3).f64(SYSMIS).f64(HIGHEST).f64(LOWEST);
  w.i32(7)
    .i32(11)
    .i32(4)
    .i32(segments.length * 3);
  for (const g of segments) {
    const v = g.v;
    const measure = v.type === 'string' ? 1 : { nominal: 1, ordinal: 2, scale: 3 }[v.measure];
    w.i32(measure)
      .i32(Math.min(Math.max(v.type === 'string' ? g.width : 8, 8), 40))
      .i32(v.type === 'string' ? 0 : 1);
  }
  const longNames = enc.encode(
    segments
      .filter((g) => g.index === 0)
      .map((g) => `${g.shortName}=${g.v.name}`)
      .join('\t'),
  );
  w.i32(7).i32(13).i32(1).i32(longNames.length).bytes(longNames);
  const veryLong = segments
    .filter((g) => g.index === 0)
    .flatMap((g) =>
      g.v.type === 'string' && g.v.width > 255 ? [`${g.shortName}=${String(g.v.width).padStart(5, '0')}\0\t`] : [],
    )
    .join('');
  if (veryLong !== '') {
    const b = enc.encode(veryLong);
    w.i32(7).i32(14).i32(1).i32(b.length).bytes(b);
  }
  const encoding = enc.encode('UTF-8');
  w.i32(7).i32(20).i32(1).i32(encoding.length).bytes(encoding);
  w.i32(999).i32(0);
  return w.done();
}

function numericFormat(v: Extract<Variable, { type: 'numeric' }>): number {
  if (v.format === 'datetime') return format(FORMAT.DATETIME, 20, 0);
  if (v.format === 'integer') return format(FORMAT.F, 8, 0);
  return format(FORMAT.F, 12, 4);
}

/** The user-missing values of a variable: up to three codes, or 'range' then low, high (and one more code). */
function missingValues(v: Extract<Variable, { type: 'numeric' }>): ('range' | number)[] {
  const codes = [...new Set(v.missingCodes ?? [])].sort((a, b) => a - b);
  if (codes.length <= 3) return codes;
  const low = codes[0] ?? 0;
  const high = codes.at(-1) ?? 0;
  for (const label of v.valueLabels) {
    if (label.value >= low && label.value <= high) {
      throw new FormatError(
        `variable ${v.name}: value ${label.value} lies inside its missing range ${low} THRU ${high}`,
      );
    }
  }
  return ['range', low, high];
}

function wrap(line: string, width: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let rest = new TextEncoder().encode(line);
  do {
    const cut = utf8Prefix(new TextDecoder().decode(rest), width);
    out.push(cut);
    rest = rest.subarray(cut.length);
  } while (rest.length > 0);
  return out;
}

/** Bytecode compression of 8-byte elements: blocks of eight command bytes, each followed by its raw elements. */
class Bytecode {
  private readonly out = new ByteWriter();
  private readonly commands = new Uint8Array(8);
  private count = 0;
  private readonly raw = new ByteWriter();

  private command(code: number): void {
    this.commands[this.count++] = code;
    if (this.count === 8) this.flushBlock();
  }
  private flushBlock(): void {
    this.out.bytes(this.commands);
    this.out.bytes(this.raw.done());
    this.raw.length = 0;
    this.commands.fill(0);
    this.count = 0;
  }
  number(v: number): void {
    if (v === SYSMIS || Number.isNaN(v)) this.command(255);
    else if (Number.isInteger(v) && v >= 1 - BIAS && v <= 251 - BIAS && !Object.is(v, -0)) this.command(v + BIAS);
    else {
      this.raw.f64(v);
      this.command(253);
    }
  }
  /** One 8-byte element of string data (already space-padded). */
  chunk(b: Uint8Array): void {
    if (b.every((c) => c === 32)) this.command(254);
    else {
      this.raw.bytes(b);
      this.command(253);
    }
  }
  take(final: boolean): Uint8Array {
    if (final && this.count > 0) this.flushBlock();
    const bytes = this.out.done();
    this.out.length = 0;
    return bytes;
  }
}

/** An encoder of `ds` as a bytecode-compressed SPSS system file. */
export function savEncoder(ds: Dataset): FileEncoder {
  const segments = shortNames(ds);
  const code = new Bytecode();
  const enc = new TextEncoder();
  const element = new Uint8Array(8);
  const stringBytes = (v: Extract<Variable, { type: 'string' }>, cell: Cell): Uint8Array => {
    const text =
      cell === null
        ? ''
        : typeof cell === 'string'
          ? cell
          : typeof cell === 'number'
            ? String(cell)
            : (ds.missing[cell.missing]?.name ?? '');
    const b = enc.encode(text);
    if (b.length > v.width)
      throw new FormatError(`variable ${v.name}: value of ${b.length} bytes is wider than ${v.width}`);
    return b;
  };
  return {
    header: (rows) => dictionary(ds, segments, rows),
    rows(batch) {
      for (const row of batch) {
        let strBytes: Uint8Array = new Uint8Array(0);
        for (const g of segments) {
          const v = g.v;
          const cell = row[g.variable] ?? null;
          if (v.type === 'numeric') {
            code.number(numericValue(v, cell, ds));
            continue;
          }
          if (g.index === 0) strBytes = stringBytes(v, cell);
          const part = strBytes.subarray(
            Math.min(g.index * 255, strBytes.length),
            Math.min(g.index * 255 + 255, strBytes.length),
          );
          for (let e = 0; e < g.elements; e++) {
            element.fill(32);
            element.set(part.subarray(e * 8, e * 8 + 8));
            code.chunk(element);
          }
        }
      }
      return code.take(false);
    },
    end: () => code.take(true),
  };
}

function numericValue(v: Extract<Variable, { type: 'numeric' }>, cell: Cell, ds: Dataset): number {
  if (cell === null) return SYSMIS;
  if (typeof cell === 'number') {
    if (v.format === 'datetime') return cell + SPSS_EPOCH_OFFSET;
    const codes = v.missingCodes;
    if (codes && cell >= Math.min(...codes) && cell <= Math.max(...codes)) {
      throw new FormatError(`variable ${v.name}: value ${cell} falls among its missing codes ${codes.join(', ')}`);
    }
    return cell;
  }
  if (typeof cell === 'string') throw new FormatError(`variable ${v.name}: text "${cell}" in a numeric variable`);
  const c = v.missingCodes?.[cell.missing];
  if (c === undefined)
    throw new FormatError(
      `variable ${v.name}: no code for missing kind ${ds.missing[cell.missing]?.name ?? cell.missing}`,
    );
  return c;
}
