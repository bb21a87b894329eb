/**
 * The sheets of an XLSForm → its parts, before questions are built: the languages its label and
 * hint columns use, its settings, and its choice lists. Pure; problems are collected as
 * `Unsupported` lines (sheet, row, column, what), never thrown and never dropped.
 */
import type { Language, Text } from '../instrument/index.ts';
import { languageOf } from './languages.ts';
import { findSheet, sheetTable, type RawSheet, type SheetRow, type SheetTable } from './sheet.ts';

/** One line of what the import cannot express: `sheet survey, row 12, column type: …`. */
export interface Unsupported {
  readonly sheet: string;
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export function formatUnsupported(u: Unsupported): string {
  return `sheet ${u.sheet}, row ${u.row}, column ${u.column}: ${u.reason}`;
}

export interface FormChoice {
  readonly row: number;
  readonly name: string;
  readonly cells: ReadonlyMap<string, string>;
}

export interface XlsForm {
  readonly survey: SheetTable;
  readonly settings: ReadonlyMap<string, string>;
  /** Choice lists by list name, rows in sheet order. */
  readonly choices: ReadonlyMap<string, readonly FormChoice[]>;
  /** The form's languages, the default first. */
  readonly languages: readonly Language[];
  /** Column language part (`English (en)`, or '' for a plain `label`) → language code. */
  readonly columnLanguage: ReadonlyMap<string, string>;
  /** Key/value rows of the `barometer` sheet an export writes (JSON values). */
  readonly barometer: ReadonlyMap<string, string>;
  readonly unsupported: readonly Unsupported[];
}

const TEXT_COLUMNS = ['label', 'hint'];

function languageParts(table: SheetTable): string[] {
  const parts: string[] = [];
  for (const column of table.columns) {
    const [base, lang] = column.split('::');
    if (base && TEXT_COLUMNS.includes(base)) parts.push(lang ?? '');
  }
  return parts;
}

function readLanguages(
  tables: readonly SheetTable[],
  settings: ReadonlyMap<string, string>,
  unsupported: Unsupported[],
): Pick<XlsForm, 'languages' | 'columnLanguage'> {
  const defaultSetting = settings.get('default_language');
  const byCode = new Map<string, Language>();
  const columnLanguage = new Map<string, string>();
  const fallback: Language = { code: 'en', name: 'English', dir: 'ltr' };
  let defaultLanguage: Language = fallback;
  if (defaultSetting !== undefined) {
    const parsed = languageOf(defaultSetting);
    if ('unknown' in parsed)
      unsupported.push({ sheet: 'settings', row: 2, column: 'default_language', reason: parsed.unknown });
    else defaultLanguage = parsed;
  }
  const parts = tables.flatMap((t) => languageParts(t).map((part) => ({ part, sheet: t.name })));
  const named = parts.some((p) => p.part !== '');
  const plain = parts.some((p) => p.part === '');
  if (plain || !named) {
    byCode.set(defaultLanguage.code, defaultLanguage);
    columnLanguage.set('', defaultLanguage.code);
  }
  for (const { part, sheet } of parts) {
    if (part === '' || columnLanguage.has(part)) continue;
    const parsed = languageOf(part);
    if ('unknown' in parsed) {
      unsupported.push({ sheet: sheet.toLowerCase(), row: 1, column: `label::${part}`, reason: parsed.unknown });
      continue;
    }
    columnLanguage.set(part, parsed.code);
    if (!byCode.has(parsed.code)) byCode.set(parsed.code, parsed);
  }
  const languages = [...byCode.values()];
  const first = languages.findIndex((l) => l.code === defaultLanguage.code);
  if (first > 0) languages.unshift(...languages.splice(first, 1));
  return { languages, columnLanguage };
}

function readSettings(table: SheetTable | undefined): Map<string, string> {
  const first = table?.rows[0];
  return new Map(first ? first.cells : []);
}

function readChoices(table: SheetTable | undefined, unsupported: Unsupported[]): Map<string, FormChoice[]> {
  const lists = new Map<string, FormChoice[]>();
  for (const row of table?.rows ?? []) {
    const list = row.cells.get('list_name');
    const name = row.cells.get('name');
    if (!list || name === undefined) {
      unsupported.push({
        sheet: 'choices',
        row: row.row,
        column: list ? 'name' : 'list_name',
        reason: `a choice needs a ${list ? 'name' : 'list name'}`,
      });
      continue;
    }
    const choices = lists.get(list) ?? [];
    choices.push({ row: row.row, name, cells: row.cells });
    lists.set(list, choices);
  }
  return lists;
}

function readBarometer(table: SheetTable | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  for (const row of table?.rows ?? []) {
    const key = row.cells.get('key');
    const value = row.cells.get('value');
    if (key && value) entries.set(key, value);
  }
  return entries;
}

/** The parts of a workbook's sheets; a workbook without a `survey` sheet has one unsupported line. */
export function readForm(sheets: readonly RawSheet[]): XlsForm {
  const unsupported: Unsupported[] = [];
  const surveySheet = findSheet(sheets, 'survey');
  const survey = surveySheet ? sheetTable(surveySheet) : { name: 'survey', columns: [], rows: [] };
  if (!surveySheet || survey.rows.length === 0)
    unsupported.push({ sheet: 'survey', row: 1, column: 'type', reason: 'the workbook has no survey sheet with rows' });
  else if (!survey.columns.includes('type'))
    unsupported.push({ sheet: 'survey', row: 1, column: 'type', reason: 'the survey sheet has no type column' });
  const choicesSheet = findSheet(sheets, 'choices');
  const choicesTable = choicesSheet ? sheetTable(choicesSheet) : undefined;
  const settingsSheet = findSheet(sheets, 'settings');
  const settings = readSettings(settingsSheet ? sheetTable(settingsSheet) : undefined);
  const barometerSheet = findSheet(sheets, 'barometer');
  const choices = readChoices(choicesTable, unsupported);
  const languages = readLanguages(choicesTable ? [survey, choicesTable] : [survey], settings, unsupported);
  const barometer = readBarometer(barometerSheet ? sheetTable(barometerSheet) : undefined);
  return { survey, settings, choices, ...languages, barometer, unsupported };
}

/**
 * The text of `column` (`label`, `hint`) of a row in every language: `{ text }` when complete,
 * `{ absent }` when no language has one, else the first language missing.
 */
export function rowText(
  form: Pick<XlsForm, 'languages' | 'columnLanguage'>,
  cells: SheetRow['cells'],
  column: string,
): { text: Text } | { absent: true } | { missing: string; column: string } {
  const text: Record<string, string> = {};
  for (const [key, value] of cells) {
    const [base, part] = key.split('::');
    if (base !== column) continue;
    const lang = form.columnLanguage.get(part ?? '');
    if (lang === undefined || (part === undefined && text[lang] !== undefined)) continue;
    text[lang] = value;
  }
  if (Object.keys(text).length === 0) return { absent: true };
  for (const language of form.languages) {
    if (text[language.code] === undefined) {
      const part = [...form.columnLanguage].find(([, code]) => code === language.code)?.[0] ?? '';
      return { missing: language.code, column: part ? `${column}::${part}` : column };
    }
  }
  return { text };
}
