/**
 * How the dashboards print numbers and dates, per language: one cached `Intl` formatter per
 * language and options, and a guard that refuses to print a value no reader should see.
 */
import { direction, type UiLanguage } from './i18n.ts';

const formats = new Map<string, Intl.NumberFormat>();
/** One `Intl.NumberFormat` per language and options (building one costs far more than using it). */
function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    formats.set(key, f);
  }
  return f;
}

/**
 * A value no formatter prints: non-finite, or outside what the quantity can be (a share outside
 * [0, 1], a change of a share beyond ±1). The publication layer withholds such values before
 * they reach a page; meeting one here is a defect, so it throws rather than print "∞%" or
 * "596,910,715,…%".
 */
export class UnpublishableValueError extends RangeError {
  constructor(what: string, value: number) {
    super(`refusing to print ${what} ${value}: not a publishable number`);
  }
}

const SLACK = 1e-9;

function guard(what: string, value: number, min = -Infinity, max = Infinity): number {
  if (!Number.isFinite(value) || value < min - SLACK || value > max + SLACK)
    throw new UnpublishableValueError(what, value);
  return value;
}

/** A ratio (design effects) with up to two decimals. */
export function formatRatio(lang: UiLanguage, value: number): string {
  return numberFormat(lang, { maximumFractionDigits: 2 }).format(guard('a ratio', value, 0));
}

/** How values of one indicator read: shares as percentages, others as plain numbers. */
export type ValueKind = 'share' | 'number';

/**
 * Formats an estimate (or a margin of error) for `lang`: a share as a percentage with one
 * decimal, otherwise two decimals. Throws `UnpublishableValueError` for a non-finite value, a
 * share outside [0, 1], or a value outside `range` when given.
 */
export function formatValue(
  lang: UiLanguage,
  kind: ValueKind,
  value: number,
  range?: { readonly min: number; readonly max: number },
): string {
  const r = range ?? (kind === 'share' ? { min: 0, max: 1 } : { min: -Infinity, max: Infinity });
  guard(kind === 'share' ? 'a share' : 'a value', value, r.min, r.max);
  return kind === 'share'
    ? numberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
    : numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A change: shares in percentage points with a sign (within ±100 points), other values with a sign. */
export function formatChange(lang: UiLanguage, kind: ValueKind, value: number): string {
  guard('a change', value, kind === 'share' ? -1 : -Infinity, kind === 'share' ? 1 : Infinity);
  const digits = kind === 'share' ? 1 : 2;
  const n = numberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  });
  return kind === 'share' ? `${n.format(value * 100)} ${lang === 'ar' ? 'نقطة' : 'pp'}` : n.format(value);
}

/** A whole number (sample sizes) for `lang`. */
export function formatCount(lang: UiLanguage, value: number): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(guard('a count', value, 0));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A calendar date (`YYYY-MM-DD`) as `lang` writes it in full (`Intl.DateTimeFormat`, the date itself: no time zone shift). */
export function formatDate(lang: UiLanguage, isoDate: string): string {
  let f = dateFormats.get(lang);
  if (!f) dateFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' })));
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new UnpublishableValueError('a date', Number.NaN);
  return f.format(date);
}

/** Axis tick format for `lang`: percentages without decimals for shares. */
export function tickFormat(lang: UiLanguage, kind: ValueKind): (v: number) => string {
  const f =
    kind === 'share'
      ? numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 })
      : numberFormat(lang, { maximumFractionDigits: 1 });
  return (v: number) => f.format(v);
}

/**
 * `text` (a number with its sign, unit or range) as one left-to-right isolate (U+2066 … U+2069)
 * in a right-to-left language, so a neighbouring "±", "/" or "–" keeps its side; unchanged otherwise.
 */
export function ltrRun(lang: UiLanguage, text: string): string {
  return direction(lang) === 'rtl' ? `\u2066${text}\u2069` : text;
}

/** A p-value as written in `lang`: "< 0.001" below 0.001, else three decimals; `expression` prefixes "p = " / "p ". */
function pText(lang: UiLanguage, value: number, expression: boolean): string {
  const three = numberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const below = value < 0.001;
  const number = three.format(below ? 0.001 : guard('a p-value', value, 0, 1));
  const text = below ? `< ${number}` : number;
  const written = expression ? `p ${below ? '' : '= '}${text}` : text;
  // In a right-to-left language the expression is a left-to-right isolate (U+2066 … U+2069), so
  // "<" is not mirrored into ">" and "p" stays before its value.
  return ltrRun(lang, written);
}

/** "p = 0.123" or "p < 0.001": a p-value in a sentence, never "p = 0.000". */
export function pInSentence(lang: UiLanguage, value: number): string {
  return pText(lang, value, true);
}

/** "0.123" or "< 0.001": a p-value in a table cell, never "0.000". */
export function pInTable(lang: UiLanguage, value: number): string {
  return pText(lang, value, false);
}
