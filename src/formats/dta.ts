/**
 * Stata `.dta` files, format 118 (Stata 14 and later, UTF-8), as Stata's "dta file format"
 * document describes them: `<header>` (release, byte order, K, N, data label, timestamp), the
 * `<map>` of section offsets, variable types, names, sort list, display formats, value-label
 * names, variable labels, characteristics (the documents as notes), fixed-width `<data>`, no
 * strLs, then `<value_labels>`. Missing kinds become Stata's extended missing values
 * `.a`, `.b`, … in the order of `Dataset.missing`, each with its value label.
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

const TYPE = { double: 65526, long: 65528 } as const;
/** Stata's `.` for long and, `.a` being one more, the base of the extended missing values. */
const LONG_MISSING = 2147483621;
const LONG_MAX = 2147483620;
/** Milliseconds from Stata's epoch (1 Jan 1960) to the Unix epoch. */
export const STATA_EPOCH_OFFSET_MS = 315619200000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RESERVED = new Set([
  '_all',
  '_b',
  'byte',
  '_coef',
  '_cons',
  'double',
  'float',
  'if',
  'in',
  'int',
  'long',
  '_n',
  '_N',
  '_pi',
  '_pred',
  '_rc',
  '_skip',
  'strL',
  'using',
  'with',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
/** The longest fixed-width string (str2045); longer text would need strLs, which this writer does not write. */
export const MAX_STR = 2045;

/** The 8 bytes of Stata's double missing value `.` (k = 0) or extended `.a`, `.b`, … (k = 1, 2, …). */
export function doubleMissing(k: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, 0x7fe0000000000000n + BigInt(k) * 0x0000010000000000n, true);
  return view.getFloat64(0, true);
}

/** At most `chars` characters and `bytes` UTF-8 bytes of `text`. */
function limited(text: string, chars: number, bytes: number): Uint8Array {
  return utf8Prefix([...text].slice(0, chars).join(''), bytes);
}

interface Column {
  readonly v: Variable;
  readonly type: number;
  readonly bytes: number;
  readonly format: string;
}

function columns(ds: Dataset): Column[] {
  if (ds.missing.length > 26) throw new FormatError('Stata has 26 extended missing values (.a–.z)');
  const seen = new Set<string>();
  return ds.variables.map((v) => {
    if (!NAME.test(v.name) || RESERVED.has(v.name) || /^str\d+$/.test(v.name))
      throw new FormatError(`"${v.name}" is not a valid Stata variable name`);
    if (seen.has(v.name)) throw new FormatError(`variable name "${v.name}" appears twice`);
    seen.add(v.name);
    if (v.type === 'string') {
      if (v.width > MAX_STR)
        throw new FormatError(
          `variable ${v.name}: text of ${v.width} bytes is longer than Stata's str${MAX_STR} (export it as .sav or CSV)`,
        );
      return { v, type: v.width, bytes: v.width, format: `%-${Math.min(v.width, 244)}s` };
    }
    if (v.format === 'integer') {
      for (const l of v.valueLabels) {
        if (!Number.isInteger(l.value) || Math.abs(l.value) > LONG_MAX)
          throw new FormatError(`variable ${v.name}: value label on ${l.value}, not a Stata long`);
      }
      return { v, type: TYPE.long, bytes: 4, format: '%8.0g' };
    }
    return { v, type: TYPE.double, bytes: 8, format: v.format === 'datetime' ? '%tc' : '%10.0g' };
  });
}

const tag = (w: ByteWriter, name: string): ByteWriter => w.text(`<${name}>`);
const untag = (w: ByteWriter, name: string): ByteWriter => w.text(`</${name}>`);

/** The `<value_labels>` section: one table per labelled numeric variable, named after it. */
function valueLabels(ds: Dataset, cols: readonly Column[]): Uint8Array {
  const w = new ByteWriter();
  const enc = new TextEncoder();
  tag(w, 'value_labels');
  for (const { v } of cols) {
    if (!hasLabels(v, ds)) continue;
    const entries: { value: number; text: Uint8Array }[] =
      v.type === 'numeric' ? v.valueLabels.map((l) => ({ value: l.value, text: limited(l.label, 32000, 32000) })) : [];
    if (v.type === 'numeric' && v.missingCodes)
      ds.missing.forEach((m, k) => entries.push({ value: LONG_MISSING + 1 + k, text: limited(m.label, 32000, 32000) }));
    entries.sort((a, b) => a.value - b.value);
    const txtlen = entries.reduce((s, e) => s + e.text.length + 1, 0);
    tag(w, 'lbl').i32(8 + 8 * entries.length + txtlen);
    w.fixed(enc.encode(v.name), 129).fixed(new Uint8Array(0), 3);
    w.i32(entries.length).i32(txtlen);
    let off = 0;
    for (const e of entries) {
      w.i32(off);
      off += e.text.length + 1;
    }
    for (const e of entries) w.i32(e.value);
    for (const e of entries) w.bytes(e.text).u8(0);
    untag(w, 'lbl');
  }
  untag(w, 'value_labels');
  return w.done();
}

function hasLabels(v: Variable, ds: Dataset): boolean {
  return (
    v.type === 'numeric' &&
    v.format !== 'datetime' &&
    (v.valueLabels.length > 0 || (v.missingCodes !== undefined && ds.missing.length > 0))
  );
}

/** Notes as characteristics `_dta[note0]` (their count) and `_dta[note1]`, …, as Stata's `notes` stores them. */
function characteristics(ds: Dataset): Uint8Array {
  const w = new ByteWriter();
  const enc = new TextEncoder();
  const notes: [string, string][] =
    ds.documents.length === 0
      ? []
      : [['note0', String(ds.documents.length)], ...ds.documents.map((d, k): [string, string] => [`note${k + 1}`, d])];
  for (const [name, text] of notes) {
    const contents = enc.encode(text);
    tag(w, 'ch').u32(129 + 129 + contents.length + 1);
    w.fixed(enc.encode('_dta'), 129).fixed(enc.encode(name), 129).bytes(contents).u8(0);
    untag(w, 'ch');
  }
  return w.done();
}

/** An encoder of `ds` as a Stata 118 file. */
export function dtaEncoder(ds: Dataset): FileEncoder {
  const cols = columns(ds);
  const rowBytes = cols.reduce((s, c) => s + c.bytes, 0);
  const labels = valueLabels(ds, cols);
  const enc = new TextEncoder();
  let rowCount = 0;
  let written = 0;
  const row = new Uint8Array(rowBytes);
  const view = new DataView(row.buffer);
  return {
    header(rows) {
      rowCount = rows;
      const w = new ByteWriter();
      const d = ds.created;
      const two = (n: number) => String(n).padStart(2, '0');
      tag(w, 'stata_dta');
      tag(w, 'header');
      tag(w, 'release').text('118');
      untag(w, 'release');
      tag(w, 'byteorder').text('LSF');
      untag(w, 'byteorder');
      tag(w, 'K').u16(cols.length);
      untag(w, 'K');
      tag(w, 'N').u64(rows);
      untag(w, 'N');
      const label = limited(ds.label, 80, 320);
      tag(w, 'label').u16(label.length).bytes(label);
      untag(w, 'label');
      const stamp = `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
      tag(w, 'timestamp').u8(stamp.length).text(stamp);
      untag(w, 'timestamp');
      untag(w, 'header');
      const offsets: number[] = [0, w.length];
      const mapAt = w.length;
      tag(w, 'map');
      for (let k = 0; k < 14; k++) w.u64(0);
      untag(w, 'map');
      offsets.push(w.length);
      tag(w, 'variable_types');
      for (const c of cols) w.u16(c.type);
      untag(w, 'variable_types');
      offsets.push(w.length);
      tag(w, 'varnames');
      for (const c of cols) w.fixed(enc.encode(c.v.name), 129);
      untag(w, 'varnames');
      offsets.push(w.length);
      tag(w, 'sortlist').fixed(new Uint8Array(0), 2 * (cols.length + 1));
      untag(w, 'sortlist');
      offsets.push(w.length);
      tag(w, 'formats');
      for (const c of cols) w.fixed(enc.encode(c.format), 57);
      untag(w, 'formats');
      offsets.push(w.length);
      tag(w, 'value_label_names');
      for (const c of cols) w.fixed(hasLabels(c.v, ds) ? enc.encode(c.v.name) : new Uint8Array(0), 129);
      untag(w, 'value_label_names');
      offsets.push(w.length);
      tag(w, 'variable_labels');
      for (const c of cols) w.fixed(limited(c.v.label, 80, 320), 321);
      untag(w, 'variable_labels');
      offsets.push(w.length);
      tag(w, 'characteristics').bytes(characteristics(ds));
      untag(w, 'characteristics');
      offsets.push(w.length);
      const dataAt = w.length;
      tag(w, 'data');
      const strlsAt = dataAt + '<data>'.length + rows * rowBytes + '</data>'.length;
      const labelsAt = strlsAt + '<strls></strls>'.length;
      const endAt = labelsAt + labels.length;
      offsets.push(strlsAt, labelsAt, endAt, endAt + '</stata_dta>'.length);
      const bytes = w.done();
      const mapView = new DataView(bytes.buffer);
      offsets.forEach((o, k) => mapView.setBigUint64(mapAt + '<map>'.length + 8 * k, BigInt(o), true));
      return bytes;
    },
    rows(batch) {
      const out = new Uint8Array(batch.length * rowBytes);
      batch.forEach((cells, r) => {
        let at = 0;
        cols.forEach((c, k) => {
          writeCell(c, cells[k] ?? null, view, row, at, ds);
          at += c.bytes;
        });
        out.set(row, r * rowBytes);
      });
      written += batch.length;
      if (written > rowCount) throw new FormatError(`more rows than the ${rowCount} announced in the header`);
      return out;
    },
    end() {
      if (written !== rowCount) throw new FormatError(`${written} rows written, ${rowCount} announced in the header`);
      const w = new ByteWriter();
      untag(w, 'data');
      tag(w, 'strls');
      untag(w, 'strls');
      w.bytes(labels);
      untag(w, 'stata_dta');
      return w.done();
    },
  };
}

function writeCell(c: Column, cell: Cell, view: DataView, row: Uint8Array, at: number, ds: Dataset): void {
  const v = c.v;
  if (v.type === 'string') {
    const text =
      cell === null
        ? ''
        : typeof cell === 'string'
          ? cell
          : typeof cell === 'number'
            ? String(cell)
            : (ds.missing[cell.missing]?.name ?? '');
    const b = new TextEncoder().encode(text);
    if (b.length > c.bytes)
      throw new FormatError(`variable ${v.name}: value of ${b.length} bytes is wider than ${c.bytes}`);
    row.fill(0, at, at + c.bytes);
    row.set(b, at);
    return;
  }
  if (typeof cell === 'string') throw new FormatError(`variable ${v.name}: text "${cell}" in a numeric variable`);
  if (typeof cell === 'number') {
    if (c.type === TYPE.double)
      view.setFloat64(at, v.format === 'datetime' ? cell * 1000 + STATA_EPOCH_OFFSET_MS : cell, true);
    else if (Number.isInteger(cell) && Math.abs(cell) <= LONG_MAX) view.setInt32(at, cell, true);
    else throw new FormatError(`variable ${v.name}: ${cell} is not a Stata long`);
    return;
  }
  const k = cell === null ? 0 : cell.missing + 1;
  if (c.type === TYPE.double) view.setFloat64(at, doubleMissing(k), true);
  else view.setInt32(at, LONG_MISSING + k, true);
}
