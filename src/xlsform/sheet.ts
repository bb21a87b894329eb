/**
 * Sheets as they come out of a workbook → tables keyed by normalised column names. Real forms
 * are messy: headers in any case (`LABEL::EN`), with spaces (`list name`), the old single-colon
 * language form (`label:English`); blank rows between questions; trailing spaces and newlines
 * in cells. Sheet names are matched in any case; other sheets are ignored.
 */

/** A sheet read from a workbook: each row's cell texts by column (0-based), with its 1-based row number. */
export interface RawSheet {
  readonly name: string;
  readonly rows: readonly { readonly row: number; readonly values: readonly string[] }[];
}

/** A data row: its 1-based row number in the sheet and its non-empty cells by column key. */
export interface SheetRow {
  readonly row: number;
  readonly cells: ReadonlyMap<string, string>;
}

export interface SheetTable {
  readonly name: string;
  /** Column keys in sheet order (`type`, `name`, `label::English (en)`…). */
  readonly columns: readonly string[];
  readonly rows: readonly SheetRow[];
}

/** Columns that take a language (`label::French`); the single-colon form is accepted for them. */
const TRANSLATABLE = new Set([
  'label',
  'hint',
  'guidance_hint',
  'constraint_message',
  'required_message',
  'image',
  'audio',
  'video',
  'big-image',
  'media::image',
  'media::audio',
  'media::video',
]);

const ALIASES: Readonly<Record<string, string>> = {
  list: 'list_name',
  listname: 'list_name',
  constraint_msg: 'constraint_message',
  requiredmsg: 'required_message',
  required_msg: 'required_message',
  caption: 'label',
};

function normaliseBase(base: string): string {
  const key = base.trim().toLowerCase().replace(/\s+/g, '_');
  return ALIASES[key] ?? key;
}

/** The key of a header cell: `label::English (en)`, `list_name`, `required`. */
export function columnKey(header: string): string {
  const text = header.trim().replace(/\s+/g, ' ');
  const media = /^media::(image|audio|video)::(.+)$/i.exec(text);
  if (media?.[1] && media[2]) return `media::${media[1].toLowerCase()}::${media[2].trim()}`;
  const doubled = text.indexOf('::');
  if (doubled > 0) {
    const base = normaliseBase(text.slice(0, doubled));
    const rest = text.slice(doubled + 2).trim();
    return base === 'media' ? `media::${rest.toLowerCase()}` : `${base}::${rest}`;
  }
  const single = text.indexOf(':');
  if (single > 0) {
    const base = normaliseBase(text.slice(0, single));
    if (TRANSLATABLE.has(base)) return `${base}::${text.slice(single + 1).trim()}`;
  }
  return normaliseBase(text);
}

/** The cell text with surrounding white space (spaces, tabs, newlines) removed. */
export function cleanCell(value: string): string {
  return value.replace(/^\s+|\s+$/g, '');
}

/** A raw sheet as a table: the first non-blank row is the header; blank rows are skipped. */
export function sheetTable(raw: RawSheet): SheetTable {
  const nonBlank = raw.rows.filter((r) => r.values.some((v) => cleanCell(v) !== ''));
  const [header, ...data] = nonBlank;
  if (!header) return { name: raw.name, columns: [], rows: [] };
  const keys = header.values.map((v) => (cleanCell(v) === '' ? '' : columnKey(v)));
  const rows = data.map((r) => {
    const cells = new Map<string, string>();
    r.values.forEach((v, i) => {
      const key = keys[i];
      const text = cleanCell(v);
      if (key && text !== '' && !cells.has(key)) cells.set(key, text);
    });
    return { row: r.row, cells };
  });
  return { name: raw.name, columns: keys.filter((k) => k !== ''), rows };
}

/** The sheet named `name` in any case (`SURVEY`, `Survey`), or undefined. */
export function findSheet(sheets: readonly RawSheet[], name: string): RawSheet | undefined {
  return sheets.find((s) => s.name.trim().toLowerCase() === name);
}
