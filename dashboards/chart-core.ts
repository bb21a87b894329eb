/**
 * What every chart shares: the server-side DOM Plot draws into (linkedom), the result type (a
 * Plot figure with its text alternative and a table of the same numbers), colour-blind-safe
 * palettes, an in-SVG legend, and the serialisation to inline SVG.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { UiLanguage } from './i18n.ts';
import type { ValueKind } from './format.ts';

/** One column of a chart's table: how its values read (formatted per language in HTML, raw in CSV). */
export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly type: 'text' | 'value' | 'change' | 'count' | 'ratio' | 'p';
}

export type Cell = string | number | null;

/** The numbers a chart draws, one row per mark, in the order a reader should see them. */
export interface ChartTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** The ISO 3166 alpha-3 code of each row's country (null for a row that is not a country's): the page links it. */
  readonly rowCountries?: readonly (string | null)[];
}

/** A chart: the Plot figure, its one-paragraph text alternative, its data as a table. */
export interface Chart {
  readonly figure: Element;
  readonly alt: string;
  readonly table: ChartTable;
  /** How the table's `value`/`change` columns read (shares as percentages). */
  readonly kind: ValueKind;
}

export interface ChartOptions {
  readonly lang: UiLanguage;
  /** Width in px of the SVG's coordinate system (it scales down with CSS). Default 640. */
  readonly width?: number;
  /** The DOM to draw into: a browser's document, or by default a shared server-side one. */
  readonly document?: Document;
  /** The address of a country's page: countries drawn become links to it (none when absent). */
  readonly countryHref?: (iso3: string) => string;
}

let serverDocument: Document | undefined;
/** The document Plot draws into on the server (linkedom: no layout, no canvas). */
export function chartDocument(options: { readonly document?: Document | undefined }): Document {
  if (options.document) return options.document;
  serverDocument ??= parseHTML('<!doctype html><html><body></body></html>').document;
  return serverDocument;
}

/**
 * Okabe & Ito (2008), "Color Universal Design": eight colours told apart by readers with any
 * common colour-vision deficiency. Black first, then the seven hues.
 */
export const OKABE_ITO = [
  '#000000',
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#D55E00',
  '#0072B2',
  '#CC79A7',
  '#F0E442',
] as const;
/** Series colours: Okabe–Ito without yellow (too light on white for lines). */
export const SERIES_COLOURS = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
/** Not estimated: two greys a reader can tell apart, each labelled in the legend. */
export const NO_DATA_FILL = '#ffffff';
export const SUPPRESSED_FILL = '#bdbdbd';
/** Withheld to protect another cell (complementary suppression): a lighter grey than too few respondents. */
export const COMPLEMENTARY_FILL = '#e0e0e0';

/** Common Plot options: the language's tick formats are set per chart; no inline style (the CSP allows none). */
export function baseOptions(options: ChartOptions, alt: string): Plot.PlotOptions {
  return {
    document: chartDocument(options),
    width: options.width ?? WIDE,
    className: 'bplot',
    ariaLabel: alt,
    style: null,
  };
}

export interface LegendItem {
  readonly label: string;
  readonly fill: string;
  readonly stroke?: string;
  /** Draw a symbol instead of a square swatch. */
  readonly symbol?: 'times' | 'line' | 'dash' | 'none';
}

/**
 * `text` as a first-strong isolate (U+2068 … U+2069): inside a left-to-right chart an Arabic label
 * keeps its own order ("الأشرطة المظللة: فترات ثقة 95%." instead of its end and its number
 * swapped around), and a Latin one is unchanged. Unicode bidi controls work in SVG text, where
 * `<bdi>` does not exist.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/**
 * A label for SVG text: unchanged when it holds no right-to-left letter; otherwise a first-strong
 * isolate whose Latin and numeric runs ("65+", "15-29", "+2.1", "mp-2024→mp-2026") are left-to-right isolates,
 * so "العمر: 65+" reads as written instead of with its "+" thrown to the far end.
 */
export function svgLabel(text: string): string {
  if (!RTL.test(text)) return text;
  // A Latin or numeric run, hyphens and arrows inside it ("mp-2024→mp-2026", "15-29"), a sign
  // before it only where no letter precedes (a hyphen is not a sign).
  return isolated(text.replace(/[+\-\u2212]?[A-Za-z0-9]+(?:[-.,\u2013\u2192][A-Za-z0-9]+)*\+?%?/g, '\u2066$&\u2069'));
}

/** URLs and hashtags as left-to-right isolates (U+2066 … U+2069) within right-to-left text. */
export function isolateLatinRuns(text: string): string {
  return text.replace(/(https?:\/\/\S+|#[\p{L}\p{N}_]+)/gu, '\u2066$1\u2069');
}

/** About how wide a character of the legend's 11 px text is (digits and "%" run wider than letters). */
const LEGEND_CHAR = 6.6;
const LEGEND_ROW = 16;

/** Lines of at most `chars` characters, broken at spaces (a longer word stays whole). */
export function wrapText(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface PlacedItem {
  readonly item: LegendItem;
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

/**
 * A legend drawn inside the SVG (downloaded SVGs keep it): swatches in rows from the top, each
 * label wrapped to the chart's width, never past its edge. `height` is where the legend ends: a
 * chart's top margin must be at least that.
 */
export function legend(
  items: readonly LegendItem[],
  options: { readonly width?: number | undefined; readonly x?: number; readonly y?: number } = {},
): { mark: Plot.RenderFunction; height: number } {
  const width = options.width ?? WIDE;
  const left = options.x ?? 8;
  const placed: PlacedItem[] = [];
  let x = left;
  let y = options.y ?? 12;
  for (const item of items) {
    const swatch = item.symbol === 'none' ? 0 : 18;
    const room = Math.max(8, Math.floor((width - left - swatch - 4) / LEGEND_CHAR));
    const lines = wrapText(item.label, room);
    const longest = Math.max(...lines.map((l) => l.length));
    const itemWidth = swatch + longest * LEGEND_CHAR + 10;
    if (x > left && x + itemWidth > width - 4) {
      x = left;
      y += LEGEND_ROW;
    }
    placed.push({ item, x, y, lines });
    if (lines.length > 1) {
      // A wrapped label takes its rows alone.
      x = left;
      y += LEGEND_ROW * lines.length;
    } else x += itemWidth;
  }
  // Each row is LEGEND_ROW tall, centred on its y.
  const bottom = Math.max(0, ...placed.map((p) => p.y + LEGEND_ROW * (p.lines.length - 0.5)));
  return { mark: legendMark(placed), height: Math.round(bottom) + 16 };
}

function legendMark(placed: readonly PlacedItem[]): Plot.RenderFunction {
  return (_index, _scales, _values, _dimensions, context) => {
    const doc = context.document;
    const ns = 'http://www.w3.org/2000/svg';
    const g = doc.createElementNS(ns, 'g');
    g.setAttribute('aria-label', 'legend');
    g.setAttribute('class', 'legend');
    g.setAttribute('font-size', '11');
    g.setAttribute('text-anchor', 'start');
    for (const { item, x, y, lines } of placed) {
      if (item.symbol !== 'none') g.appendChild(legendSwatch(doc, item, x, y));
      lines.forEach((line, i) => {
        const text = doc.createElementNS(ns, 'text');
        text.setAttribute('x', String(item.symbol === 'none' ? x : x + 18));
        text.setAttribute('y', String(y + i * LEGEND_ROW));
        text.setAttribute('dy', '0.32em');
        text.textContent = isolated(line);
        g.appendChild(text);
      });
    }
    return g as unknown as SVGElement;
  };
}

/** A legend item's swatch: a square, a line, a dashed line or a cross. */
function legendSwatch(doc: Document, item: LegendItem, x: number, y: number): Element {
  const ns = 'http://www.w3.org/2000/svg';
  const set = (el: Element, attrs: Record<string, string | number>) => {
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  };
  const stroke = item.stroke ?? item.fill;
  if (item.symbol === 'line' || item.symbol === 'dash') {
    const line = set(doc.createElementNS(ns, 'line'), { x1: x, x2: x + 14, y1: y, y2: y, stroke, 'stroke-width': 2 });
    if (item.symbol === 'dash') line.setAttribute('stroke-dasharray', '3,2');
    return line;
  }
  if (item.symbol === 'times') {
    const d = `M${x + 3},${y - 4}L${x + 11},${y + 4}M${x + 3},${y + 4}L${x + 11},${y - 4}`;
    return set(doc.createElementNS(ns, 'path'), { d, stroke, 'stroke-width': 1.5 });
  }
  const square = { x, y: y - 6, width: 14, height: 12, fill: item.fill, stroke: item.stroke ?? '#555' };
  return set(doc.createElementNS(ns, 'rect'), square);
}

/**
 * The chart as inline SVG markup: Plot's `<style>` element removed (the page's stylesheet holds
 * the same rules; the Content-Security-Policy refuses inline styles), `role="img"` (`"figure"`
 * when its marks are links), and a
 * `<title>` carrying the text alternative.
 */
export function toSvg(chart: Chart): string {
  const figure = chart.figure;
  for (const child of Array.from(figure.children)) {
    if (child.tagName.toLowerCase() === 'style') child.remove();
  }
  // The figure is one image (role="img" with a title); labels on its parts would be ARIA on
  // generic elements, which assistive technology ignores and axe reports. Kept as data-label.
  for (const el of Array.from(figure.querySelectorAll('[aria-label]'))) {
    el.setAttribute('data-label', el.getAttribute('aria-label') ?? '');
    el.removeAttribute('aria-label');
  }
  // A chart whose marks link (countries to their pages) is a figure: an image may hold no link.
  figure.setAttribute('role', figure.querySelector('a') ? 'figure' : 'img');
  figure.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const doc = figure.ownerDocument;
  const title = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = chart.alt;
  const existing = figure.firstElementChild;
  if (existing?.tagName.toLowerCase() !== 'title') figure.insertBefore(title, figure.firstChild);
  // Path data to a tenth of a pixel: the map's coordinates otherwise carry ~15 digits each.
  return figure.outerHTML.replace(/ d="([^"]*)"/g, (_m, d: string) => ` d="${d.replace(/(\d+\.\d)\d+/g, '$1')}"`);
}

/** The width of a chart's coordinate system (its SVG scales to the page with CSS). */
export const WIDE = 640;
/**
 * The phone drawing's width: shown about 330 px wide on a 360 px screen, so Plot's 10-unit text
 * renders at 11.9 px (WCAG-sized chart text on phones without sideways scrolling).
 */
export const NARROW = 276;

/** The widest label column at Plot's 10 px font (about 5.6 px a character): 260 units, or 42% of a narrow chart. */
function labelMaxPx(width: number): number {
  return Math.min(260, Math.round(width * 0.42));
}

/** The characters a label column of a chart `width` wide holds. */
export function labelMaxChars(width = WIDE): number {
  return Math.floor((labelMaxPx(width) - 12) / 5.6);
}
export const LABEL_MAX_CHARS = labelMaxChars(WIDE);

/** Room for the longest of `labels` at Plot's 10 px font (about 5.6 px a character), within [min, the widest label column]. */
export function labelMargin(labels: readonly string[], min = 60, width = WIDE): number {
  return Math.min(labelMaxPx(width), Math.max(min, 12 + Math.max(0, ...labels.map((l) => l.length)) * 5.6));
}

/**
 * A row label within the label column: a long one keeps its end after the last `separator`
 * (" — country", ": level") and shortens its start.
 */
export function fitLabel(label: string, max = LABEL_MAX_CHARS, separator = ' — '): string {
  if (label.length <= max) return label;
  const cut = label.lastIndexOf(separator);
  const tail = cut > 0 ? label.slice(cut) : '';
  if (tail && tail.length < max - 8) return `${label.slice(0, max - tail.length - 1).trimEnd()}…${tail}`;
  // No room for both: the part after the separator (the level, the country) tells rows apart.
  const end = cut > 0 ? label.slice(cut + separator.length) : label;
  return end.length <= max ? end : `${end.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The y axis of a chart's row labels and the label column's width: Plot's own axis when every
 * label fits; otherwise each label shortened (`fitLabel`, keeping its end after `separator`)
 * with its full text as the tick's tooltip (the table next to the chart has it too). Spread `y`
 * into the chart's y scale options and `marks` into its marks; `marginLeft` is the column.
 */
export function rowLabelAxis(
  labels: readonly string[],
  options: {
    readonly separator?: string;
    readonly width?: number | undefined;
    /** Each label's link (a country's page), or none. */
    readonly href?: ((label: string) => string | null) | undefined;
  } = {},
): { y: { axis?: null }; marks: Plot.Markish[]; marginLeft: number } {
  const width = options.width ?? WIDE;
  const max = labelMaxChars(width);
  const marginLeft = labelMargin(labels, 60, width);
  const fits = labels.every((l) => l.length <= max);
  const plain = !labels.some((l) => RTL.test(l));
  if (fits && plain && !options.href) return { y: {}, marks: [], marginLeft };
  const separator = options.separator ?? ' — ';
  const axis = Plot.axisY({
    tickSize: 0,
    label: null,
    tickFormat: (l: string) => svgLabel(fitLabel(l, max, separator)),
    ...(fits ? {} : { title: (l: string) => l }),
    ...(options.href ? { href: options.href } : {}),
  });
  return { y: { axis: null }, marks: [axis], marginLeft };
}

/** The lowest and highest value a chart's value axis shows: [0, 1] for shares, the data's padded range otherwise. */
export function valueDomain(
  kind: ValueKind,
  values: readonly number[],
  range?: { min: number; max: number },
): [number, number] {
  if (range) return [range.min, range.max];
  if (kind === 'share') {
    const top = Math.max(0, ...values);
    return [0, Math.min(1, Math.ceil((top + 0.05) * 10) / 10)];
  }
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}
