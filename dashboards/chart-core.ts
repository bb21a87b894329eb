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
    width: options.width ?? 640,
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

/** A legend drawn inside the SVG (downloaded SVGs keep it), as a row of swatches at the top. */
/**
 * `text` as a first-strong isolate (U+2068 … U+2069): inside a left-to-right chart an Arabic label
 * keeps its own order ("الأشرطة المظللة: فترات ثقة 95%." instead of its end and its number
 * swapped around), and a Latin one is unchanged. Unicode bidi controls work in SVG text, where
 * `<bdi>` does not exist.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

/** URLs and hashtags as left-to-right isolates (U+2066 … U+2069) within right-to-left text. */
export function isolateLatinRuns(text: string): string {
  return text.replace(/(https?:\/\/\S+|#[\p{L}\p{N}_]+)/gu, '\u2066$1\u2069');
}

export function legendMark(
  items: readonly LegendItem[],
  options: { y?: number; x?: number } = {},
): Plot.RenderFunction {
  return (_index, _scales, _values, dimensions, context) => {
    const doc = context.document;
    const ns = 'http://www.w3.org/2000/svg';
    const g = doc.createElementNS(ns, 'g');
    g.setAttribute('aria-label', 'legend');
    g.setAttribute('class', 'legend');
    g.setAttribute('font-size', '11');
    g.setAttribute('text-anchor', 'start');
    let x = options.x ?? dimensions.marginLeft;
    let y = options.y ?? 12;
    for (const item of items) {
      const width = (item.symbol === 'none' ? 0 : 22) + item.label.length * 6.2;
      if (x + width > dimensions.width - 4) {
        x = options.x ?? dimensions.marginLeft;
        y += 16;
      }
      if (item.symbol === 'none') {
        const note = doc.createElementNS(ns, 'text');
        note.setAttribute('x', String(x));
        note.setAttribute('y', String(y));
        note.setAttribute('dy', '0.32em');
        note.textContent = isolated(item.label);
        g.appendChild(note);
        x += width;
        continue;
      }
      const swatch = doc.createElementNS(
        ns,
        item.symbol === 'line' || item.symbol === 'dash' ? 'line' : item.symbol === 'times' ? 'path' : 'rect',
      );
      if (item.symbol === 'line' || item.symbol === 'dash') {
        swatch.setAttribute('x1', String(x));
        swatch.setAttribute('x2', String(x + 14));
        swatch.setAttribute('y1', String(y));
        swatch.setAttribute('y2', String(y));
        swatch.setAttribute('stroke', item.stroke ?? item.fill);
        swatch.setAttribute('stroke-width', '2');
        if (item.symbol === 'dash') swatch.setAttribute('stroke-dasharray', '3,2');
      } else if (item.symbol === 'times') {
        swatch.setAttribute('d', `M${x + 3},${y - 4}L${x + 11},${y + 4}M${x + 3},${y + 4}L${x + 11},${y - 4}`);
        swatch.setAttribute('stroke', item.stroke ?? item.fill);
        swatch.setAttribute('stroke-width', '1.5');
      } else {
        swatch.setAttribute('x', String(x));
        swatch.setAttribute('y', String(y - 6));
        swatch.setAttribute('width', '14');
        swatch.setAttribute('height', '12');
        swatch.setAttribute('fill', item.fill);
        swatch.setAttribute('stroke', item.stroke ?? '#555');
      }
      g.appendChild(swatch);
      const text = doc.createElementNS(ns, 'text');
      text.setAttribute('x', String(x + 18));
      text.setAttribute('y', String(y));
      text.setAttribute('dy', '0.32em');
      text.textContent = isolated(item.label);
      g.appendChild(text);
      x += width;
    }
    return g as unknown as SVGElement;
  };
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

/** The widest label column, in px, and the characters it holds at Plot's 10 px font (about 5.6 px a character). */
const LABEL_MAX_PX = 260;
export const LABEL_MAX_CHARS = Math.floor((LABEL_MAX_PX - 12) / 5.6);

/** Room for the longest of `labels` at Plot's 10 px font (about 5.6 px a character), within [min, 260]. */
export function labelMargin(labels: readonly string[], min = 60): number {
  return Math.min(LABEL_MAX_PX, Math.max(min, 12 + Math.max(0, ...labels.map((l) => l.length)) * 5.6));
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
  return `${label.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The y axis of a chart's row labels: Plot's own when every label fits the label column;
 * otherwise each label shortened (`fitLabel`, keeping its end after `separator`) with its full
 * text as the tick's tooltip (the table next to the chart has it too). Spread `y` into the
 * chart's y scale options and `marks` into its marks.
 */
export function rowLabelAxis(
  labels: readonly string[],
  separator = ' — ',
): { y: { axis?: null }; marks: Plot.Markish[] } {
  if (labels.every((l) => l.length <= LABEL_MAX_CHARS)) return { y: {}, marks: [] };
  const tickFormat = (l: string) => fitLabel(l, LABEL_MAX_CHARS, separator);
  return { y: { axis: null }, marks: [Plot.axisY({ tickSize: 0, label: null, tickFormat, title: (l: string) => l })] };
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
