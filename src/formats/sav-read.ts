/**
 * Reads SPSS system files (`.sav`, as written by SPSS, PSPP and `sav.ts`): the dictionary
 * (variables, labels, value labels, user-missing values, measurement levels, long names, very
 * long strings, character encoding) and the cases, uncompressed or bytecode-compressed, into
 * columns. ZLIB-compressed files ($FL3) are refused with a message.
 */
import { FormatError } from './dataset.ts';
import { SYSMIS } from './sav.ts';

export interface SavVariable {
  readonly name: string;
  readonly label: string;
  /** 0 = numeric, else the string width in bytes. */
  readonly width: number;
  readonly valueLabels: ReadonlyMap<number | string, string>;
  /** User-missing discrete values, and an optional range [low, high]. */
  readonly missing: { readonly values: readonly (number | string)[]; readonly range?: readonly [number, number] };
  readonly measure: 'unknown' | 'nominal' | 'ordinal' | 'scale';
}

export interface SavFile {
  readonly label: string;
  readonly n: number;
  readonly variables: readonly SavVariable[];
  /** One column per variable: numbers (system-missing as NaN) or strings (trailing spaces removed). */
  readonly columns: readonly (Float64Array | string[])[];
  readonly weight: string | null;
}

interface RawVar {
  shortName: string;
  name: string;
  width: number;
  label: string;
  index: number;
  elements: number;
  missing: { values: (number | string)[]; range?: [number, number] };
  valueLabels: Map<number | string, string>;
  measure: SavVariable['measure'];
  segments: number;
}

class Cursor {
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
}

const MEASURES = ['unknown', 'nominal', 'ordinal', 'scale'] as const;

/** Parses a whole .sav file. Throws FormatError naming the record where it went wrong. */
export function readSav(buf: Uint8Array): SavFile {
  const magic = new TextDecoder('latin1').decode(buf.subarray(0, 4));
  if (magic === '$FL3')
    throw new FormatError(
      'ZLIB-compressed system files ($FL3) are not supported; save it uncompressed or bytecode-compressed',
    );
  if (magic !== '$FL2') throw new FormatError('not an SPSS system file (it does not start with "$FL2")');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const c = new Cursor(buf, view, true);
  c.pos = 64;
  c.need(4);
  if (view.getInt32(64, true) !== 2 && view.getInt32(64, false) === 2) c.le = false;
  const layout = c.i32();
  if (layout !== 2 && layout !== 3) throw new FormatError(`unknown layout code ${layout} in the file header`);
  c.i32(); // nominal case size
  const compression = c.i32();
  if (compression !== 0 && compression !== 1)
    throw new FormatError(`unknown compression ${compression} in the file header`);
  const weightIndex = c.i32();
  const ncases = c.i32();
  const bias = c.f64();
  c.bytes(17);
  const rawLabel = c.bytes(64);
  c.bytes(3);
  let decoder = new TextDecoder('utf-8');
  const vars: RawVar[] = [];
  let elements = 0;
  const pendingLabels: Uint8Array[] = [];
  let record = 0;
  for (;;) {
    record++;
    c.context = `record ${record} of the dictionary`;
    const type = c.i32();
    if (type === 999) {
      c.i32();
      break;
    }
    if (type === 2) {
      const width = c.i32();
      const hasLabel = c.i32();
      const nMissing = c.i32();
      c.i32();
      c.i32();
      const shortName = new TextDecoder('latin1').decode(c.bytes(8)).trimEnd();
      const label = hasLabel ? c.bytes(Math.ceil(c.i32() / 4) * 4) : new Uint8Array(0);
      const missing: RawVar['missing'] = { values: [] };
      const count = Math.abs(nMissing);
      if (count > 3) throw new FormatError(`variable ${shortName}: ${nMissing} missing values in ${c.context}`);
      const raw = Array.from({ length: count }, () => c.bytes(8));
      const num = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, c.le);
      if (width === -1) {
        const last = vars.at(-1);
        if (!last) throw new FormatError(`continuation record without a variable in ${c.context}`);
        last.elements++;
        elements++;
        continue;
      }
      if (nMissing < 0) {
        missing.range = [num(raw[0] ?? new Uint8Array(8)), num(raw[1] ?? new Uint8Array(8))];
        if (nMissing === -3 && raw[2]) missing.values.push(num(raw[2]));
      } else {
        for (const b of raw) missing.values.push(width === 0 ? num(b) : new TextDecoder().decode(b).trimEnd());
      }
      pendingLabels.push(label);
      elements++;
      vars.push({
        shortName,
        name: shortName,
        width,
        label: '',
        index: elements,
        elements: 1,
        missing,
        valueLabels: new Map(),
        measure: 'unknown',
        segments: 1,
      });
    } else if (type === 3) {
      const count = c.i32();
      const labels: [Uint8Array, Uint8Array][] = [];
      for (let k = 0; k < count; k++) {
        const value = c.bytes(8);
        const len = c.bytes(1)[0] ?? 0;
        labels.push([value, c.bytes(Math.ceil((len + 1) / 8) * 8 - 1).subarray(0, len)]);
      }
      c.context = `record ${record} (value label variables) of the dictionary`;
      if (c.i32() !== 4) throw new FormatError(`value labels not followed by their variables in ${c.context}`);
      const nvars = c.i32();
      for (let k = 0; k < nvars; k++) {
        const index = c.i32();
        const v = vars.find((x) => x.index === index);
        if (!v) throw new FormatError(`value labels for unknown variable index ${index} in ${c.context}`);
        for (const [value, label] of labels) {
          const key =
            v.width === 0
              ? new DataView(value.buffer, value.byteOffset, 8).getFloat64(0, c.le)
              : new TextDecoder().decode(value).trimEnd();
          v.valueLabels.set(key, new TextDecoder().decode(label));
        }
      }
    } else if (type === 6) {
      c.bytes(80 * c.i32());
    } else if (type === 7) {
      const subtype = c.i32();
      const size = c.i32();
      const count = c.i32();
      const data = c.bytes(size * count);
      extension(subtype, data, count, vars, c, (d) => (decoder = d));
    } else {
      throw new FormatError(`unknown record type ${type} in ${c.context} (byte ${c.pos - 4})`);
    }
  }
  vars.forEach((v, k) => {
    v.label = decoder.decode(pendingLabels[k]).replace(/\0+$/, '').trimEnd();
  });
  const merged = mergeVeryLong(vars);
  c.context = 'the cases';
  const { columns, n } = readCases(c, vars, merged, compression === 1, bias, ncases, elements, decoder);
  const weightVar = weightIndex > 0 ? vars.find((v) => v.index === weightIndex) : undefined;
  return {
    label: decoder.decode(rawLabel).trimEnd(),
    n,
    variables: merged.map((v) => ({
      name: v.name,
      label: v.label,
      width: v.width,
      valueLabels: v.valueLabels,
      missing: v.missing,
      measure: v.measure,
    })),
    columns,
    weight: weightVar?.name ?? null,
  };
}

function extension(
  subtype: number,
  data: Uint8Array,
  count: number,
  vars: RawVar[],
  c: Cursor,
  setDecoder: (d: TextDecoder) => void,
): void {
  const text = () => new TextDecoder().decode(data);
  if (subtype === 11) {
    const per = count / Math.max(1, vars.length);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (per === 2 || per === 3)
      vars.forEach((v, k) => (v.measure = MEASURES[view.getInt32(k * per * 4, c.le)] ?? 'unknown'));
  } else if (subtype === 13) {
    for (const pair of text().split('\t')) {
      const [short, long] = pair.split('=');
      const v = vars.find((x) => x.shortName === short);
      if (v && long) v.name = long;
    }
  } else if (subtype === 14) {
    for (const pair of text().split('\t')) {
      const [short, width] = pair.replace(/\0/g, '').split('=');
      const v = vars.find((x) => x.shortName === short);
      if (v && width) {
        v.width = Number(width);
        v.segments = Math.ceil(v.width / 252);
      }
    }
  } else if (subtype === 20) {
    try {
      setDecoder(new TextDecoder(text().trim().toLowerCase()));
    } catch {
      throw new FormatError(`unknown character encoding "${text()}" in ${c.context}`);
    }
  }
}

/** The variables as the user sees them: each very long string's segments merged into one. */
function mergeVeryLong(vars: RawVar[]): RawVar[] {
  const out: RawVar[] = [];
  let skip = 0;
  for (const v of vars) {
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(v);
    skip = v.segments - 1;
  }
  return out;
}

function readCases(
  c: Cursor,
  vars: readonly RawVar[],
  merged: readonly RawVar[],
  compressed: boolean,
  bias: number,
  ncases: number,
  elements: number,
  decoder: TextDecoder,
): { columns: (Float64Array | string[])[]; n: number } {
  const capacity = ncases >= 0 ? ncases : Math.floor((c.buf.length - c.pos) / (compressed ? 1 : 8 * elements));
  const numbers = merged.map((v) => (v.width === 0 ? new Float64Array(capacity) : null));
  const strings = merged.map((v) => (v.width === 0 ? null : new Array<string>()));
  const element = new Uint8Array(8);
  const elView = new DataView(element.buffer);
  let commands: Uint8Array = new Uint8Array(0);
  let ci = 8;
  let eof = false;
  /** Next 8-byte element into `element`; false at the end of the data. */
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
        commands = c.bytes(8);
        ci = 0;
      }
      const code = commands[ci++] ?? 0;
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
  let n = 0;
  const stringBuf = new Uint8Array(Math.max(8, ...vars.map((v) => Math.ceil(v.width / 8) * 8 + 256 * v.segments)));
  for (; ncases < 0 || n < ncases; n++) {
    c.context = `case ${n + 1}`;
    for (const [m, v] of merged.entries()) {
      if (v.width === 0) {
        if (!next()) {
          if (m === 0 && ncases < 0) return finish(numbers, strings, n);
          throw new FormatError(`truncated in case ${n + 1} (variable ${v.name})`);
        }
        const x = elView.getFloat64(0, c.le);
        const column = numbers[m];
        if (column) column[n] = x === SYSMIS ? Number.NaN : x;
        continue;
      }
      let len = 0;
      for (let s = 0; s < v.segments; s++) {
        const seg = vars[vars.indexOf(v) + s];
        if (!seg) throw new FormatError(`variable ${v.name}: segment ${s + 1} missing from the dictionary`);
        for (let e = 0; e < seg.elements; e++) {
          if (!next()) {
            if (m === 0 && s === 0 && e === 0 && ncases < 0) return finish(numbers, strings, n);
            throw new FormatError(`truncated in case ${n + 1} (variable ${v.name})`);
          }
          // Segment data are 255 bytes each; the 256th byte of a full segment is padding.
          const take = v.segments === 1 ? 8 : Math.min(8, 255 - e * 8);
          stringBuf.set(element.subarray(0, Math.max(0, take)), len);
          len += Math.max(0, take);
        }
      }
      strings[m]?.push(decoder.decode(stringBuf.subarray(0, Math.min(len, v.width))).replace(/ +$/, ''));
    }
  }
  return finish(numbers, strings, n);
}

function finish(
  numbers: (Float64Array | null)[],
  strings: (string[] | null)[],
  n: number,
): { columns: (Float64Array | string[])[]; n: number } {
  return { columns: numbers.map((x, k) => (x ? x.subarray(0, n) : (strings[k] ?? []))), n };
}
