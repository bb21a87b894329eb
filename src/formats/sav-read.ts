/**
 * Reads SPSS system files (`.sav`, as written by SPSS, PSPP and `sav.ts`): the dictionary
 * (variables, labels, value labels, user-missing values, measurement levels, long names, very
 * long strings, character encoding) and the cases, uncompressed or bytecode-compressed, into
 * columns. ZLIB-compressed files ($FL3) are refused with a message.
 */
import { FormatError } from './dataset.ts';
import { Cursor, readCases, shown, trimEnd, type RawVar, type SavMeasure } from './sav-read-cases.ts';

export interface SavVariable {
  readonly name: string;
  readonly label: string;
  /** 0 = numeric, else the string width in bytes. */
  readonly width: number;
  readonly valueLabels: ReadonlyMap<number | string, string>;
  /** User-missing discrete values, and an optional range [low, high]. */
  readonly missing: { readonly values: readonly (number | string)[]; readonly range?: readonly [number, number] };
  readonly measure: SavMeasure;
}

export interface SavFile {
  readonly label: string;
  readonly n: number;
  readonly variables: readonly SavVariable[];
  /** One column per variable: numbers (system-missing as NaN) or strings (trailing spaces removed). */
  readonly columns: readonly (Float64Array | string[])[];
  readonly weight: string | null;
}

const MEASURES = ['unknown', 'nominal', 'ordinal', 'scale'] as const;
const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

/** The dictionary as it is read: variables (one per record), how to find them, the text decoder. */
interface Dictionary {
  readonly vars: RawVar[];
  readonly labels: Uint8Array[];
  readonly byIndex: Map<number, RawVar>;
  readonly byShortName: Map<string, RawVar>;
  elements: number;
  decoder: TextDecoder;
  /** Value-label assignments made so far (bounded: see MAX_LABEL_ASSIGNMENTS). */
  assignments: number;
}

/**
 * Most value labels the reader attaches (labels × the variables each record names): a real file
 * stays far below (100,000 variables with 100 labels each), and the bound keeps a hostile file
 * whose records pair many labels with many variables from taking time quadratic in its size.
 */
const MAX_LABEL_ASSIGNMENTS = 10_000_000;

/** Parses a whole .sav file. Throws FormatError naming the record where it went wrong. */
export function readSav(buf: Uint8Array): SavFile {
  const magic = LATIN1.decode(buf.subarray(0, 4));
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
  if (ncases < -1) throw new FormatError(`case count ${ncases} in the file header`);
  const bias = c.f64();
  c.bytes(17);
  const rawLabel = c.bytes(64);
  c.bytes(3);
  const d = readDictionary(c);
  const { vars, decoder } = d;
  vars.forEach((v, k) => {
    v.label = trimEnd(decoder.decode(d.labels[k]), '\0').trimEnd();
  });
  const merged = mergeVeryLong(vars);
  c.context = 'the cases';
  const { columns, n } = readCases(c, vars, merged, compression === 1, bias, ncases, d.elements, decoder);
  const weightVar = weightIndex > 0 ? d.byIndex.get(weightIndex) : undefined;
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

/** The dictionary records, up to the end-of-dictionary record (999). */
function readDictionary(c: Cursor): Dictionary {
  const d: Dictionary = {
    vars: [],
    labels: [],
    byIndex: new Map(),
    byShortName: new Map(),
    elements: 0,
    decoder: new TextDecoder('utf-8'),
    assignments: 0,
  };
  for (let record = 1; ; record++) {
    c.context = `record ${record} of the dictionary`;
    const type = c.i32();
    if (type === 999) {
      c.i32();
      break;
    }
    if (type === 2) readVariable(c, d);
    else if (type === 3) readValueLabels(c, d, record);
    else if (type === 6) c.bytes(80 * c.count('document line', 80));
    else if (type === 7) {
      const subtype = c.i32();
      const size = c.i32();
      if (size < 0 || size > 8) throw new FormatError(`item size ${size} in ${c.context}`);
      const data = c.bytes(size * c.count('item', size));
      extension(subtype, size, data, d, c);
    } else throw new FormatError(`unknown record type ${type} in ${c.context} (byte ${c.pos - 4})`);
  }
  if (d.vars.length === 0) throw new FormatError('the dictionary has no variables');
  return d;
}

/** The number in an 8-byte value of the file (a missing value); 0 when absent. */
function num(c: Cursor, b: Uint8Array | undefined): number {
  return b ? c.view.getFloat64(b.byteOffset - c.buf.byteOffset, c.le) : 0;
}

/** The value labels of every variable without any, shared until a record gives it some. */
const NO_LABELS: Map<number | string, string> = new Map();

/** A variable record (type 2): a variable, or a continuation of the previous long string. */
function readVariable(c: Cursor, d: Dictionary): void {
  const width = c.i32();
  if (width < -1 || width > 255) throw new FormatError(`variable width ${width} in ${c.context}`);
  const hasLabel = c.i32();
  const nMissing = c.i32();
  c.i32();
  c.i32();
  const shortName = LATIN1.decode(c.bytes(8)).trimEnd();
  const label = hasLabel ? c.bytes(Math.ceil(c.i32() / 4) * 4) : EMPTY;
  const missing: RawVar['missing'] = { values: [] };
  const count = Math.abs(nMissing);
  if (count > 3) throw new FormatError(`variable ${shown(shortName)}: ${nMissing} missing values in ${c.context}`);
  const raw: Uint8Array[] = [];
  for (let k = 0; k < count; k++) raw.push(c.bytes(8));
  if (width === -1) {
    const last = d.vars.at(-1);
    if (!last || last.width === 0)
      throw new FormatError(`continuation record without a string variable in ${c.context}`);
    last.elements++;
    d.elements++;
    return;
  }
  if (nMissing < 0) {
    missing.range = [num(c, raw[0]), num(c, raw[1])];
    if (nMissing === -3 && raw[2]) missing.values.push(num(c, raw[2]));
  } else {
    for (const b of raw) missing.values.push(width === 0 ? num(c, b) : new TextDecoder().decode(b).trimEnd());
  }
  if (d.byShortName.has(shortName)) throw new FormatError(`two variables named ${shown(shortName)} in ${c.context}`);
  d.labels.push(label);
  d.elements++;
  const variable: RawVar = {
    shortName,
    name: shortName,
    width,
    label: '',
    index: d.elements,
    elements: 1,
    missing,
    valueLabels: NO_LABELS,
    measure: 'unknown',
    segments: 1,
  };
  d.vars.push(variable);
  d.byIndex.set(d.elements, variable);
  d.byShortName.set(shortName, variable);
}

/** A value label record (type 3) and the record naming its variables (type 4). */
function readValueLabels(c: Cursor, d: Dictionary, record: number): void {
  const count = c.count('value label', 16);
  const labels: [Uint8Array, Uint8Array][] = [];
  for (let k = 0; k < count; k++) {
    const value = c.bytes(8);
    const len = c.bytes(1)[0] ?? 0;
    labels.push([value, c.bytes(Math.ceil((len + 1) / 8) * 8 - 1).subarray(0, len)]);
  }
  c.context = `record ${record} (value label variables) of the dictionary`;
  if (c.i32() !== 4) throw new FormatError(`value labels not followed by their variables in ${c.context}`);
  const nvars = c.count('variable', 4);
  const targets = new Set<RawVar>();
  for (let k = 0; k < nvars; k++) {
    const index = c.i32();
    const v = d.byIndex.get(index);
    if (!v) throw new FormatError(`value labels for unknown variable index ${index} in ${c.context}`);
    targets.add(v);
  }
  d.assignments += targets.size * labels.length;
  if (d.assignments > MAX_LABEL_ASSIGNMENTS)
    throw new FormatError(`more than ${MAX_LABEL_ASSIGNMENTS} value labels in ${c.context}`);
  for (const v of targets) {
    if (v.valueLabels === NO_LABELS) v.valueLabels = new Map();
    for (const [value, label] of labels) {
      const key =
        v.width === 0
          ? new DataView(value.buffer, value.byteOffset, 8).getFloat64(0, c.le)
          : UTF8.decode(value).trimEnd();
      v.valueLabels.set(key, d.decoder.decode(label));
    }
  }
}

function extension(subtype: number, size: number, data: Uint8Array, d: Dictionary, c: Cursor): void {
  const { vars, byShortName } = d;
  const text = () => UTF8.decode(data);
  if (subtype === 11) {
    if (size !== 4) throw new FormatError(`variable display record with item size ${size} in ${c.context}`);
    const per = data.length / 4 / vars.length;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (per === 2 || per === 3)
      vars.forEach((v, k) => (v.measure = MEASURES[view.getInt32(k * per * 4, c.le)] ?? 'unknown'));
  } else if (subtype === 13) {
    for (const pair of text().split('\t')) {
      const [short, long] = pair.split('=');
      const v = byShortName.get(short ?? '');
      if (v && long) v.name = long;
    }
  } else if (subtype === 14) {
    for (const pair of text().split('\t')) {
      const [short, width] = pair.replace(/\0/g, '').split('=');
      const v = byShortName.get(short ?? '');
      if (!v || !width) continue;
      const bytes = Number(width);
      if (!Number.isInteger(bytes) || bytes < 1 || bytes > 32767)
        throw new FormatError(`very long string width out of range (1 to 32767) in ${c.context}`);
      v.width = bytes;
      v.segments = Math.ceil(bytes / 252);
    }
  } else if (subtype === 20) {
    try {
      d.decoder = new TextDecoder(text().trim().toLowerCase());
    } catch {
      // The record's text is not echoed: a damaged file could hold anything there.
      throw new FormatError(`unknown character encoding (a ${data.length}-byte name) in ${c.context}`);
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
  if (skip > 0) throw new FormatError(`the very long string ${shown(out.at(-1)?.name ?? '')} lacks ${skip} segments`);
  return out;
}
