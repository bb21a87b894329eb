/**
 * Cells of a survey or choices row: codes from names, the columns Barometer cannot express, and
 * the JSON `barometer` cell an export writes for what XLSForm cannot say.
 */
import { OptionCode } from '../instrument/index.ts';
import type { SheetRow } from './sheet.ts';

export type Draft = Record<string, unknown>;

/** Columns whose meaning Barometer cannot express: a non-empty cell makes the row unsupported. */
const UNSUPPORTED_COLUMNS: Readonly<Record<string, string>> = {
  default: 'default values are not supported',
  read_only: 'read-only questions are not supported',
  calculation: 'calculations are not supported',
  repeat_count: 'repeat groups are not supported',
  trigger: 'triggers are not supported',
  image: 'media labels are not supported',
  audio: 'media labels are not supported',
  video: 'media labels are not supported',
  'big-image': 'media labels are not supported',
  media: 'media labels are not supported',
};

export function questionCode(name: string): string | undefined {
  const code = name.toUpperCase().replace(/[-.]/g, '_');
  return /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

export function optionCode(name: string): string | undefined {
  const code = name.toLowerCase().replace(/[-. ]/g, '_');
  return OptionCode.safeParse(code).success ? code : undefined;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The row's JSON `barometer` cell (what an export carries that XLSForm cannot), or undefined. */
export function barometerExtras(cells: SheetRow['cells'], at: (reason: string) => void): Draft | undefined {
  const cell = cells.get('barometer');
  if (cell === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(cell);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      // An untrusted file: keys that would reach a prototype are not copied.
      return Object.fromEntries(Object.entries(value).filter(([key]) => !UNSAFE_KEYS.has(key)));
  } catch {
    // reported below
  }
  at('the barometer cell must be a JSON object');
  return undefined;
}

export function unsupportedColumns(cells: SheetRow['cells']): { column: string; reason: string }[] {
  return [...cells.keys()].flatMap((key) => {
    const base = key.split('::')[0] ?? key;
    const reason = UNSUPPORTED_COLUMNS[base];
    return reason ? [{ column: key, reason }] : [];
  });
}
