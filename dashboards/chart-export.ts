/**
 * A chart as a file that describes itself, as Our World in Data's downloads do: above the chart
 * its title and subtitle (the indicator's definition and base), below it the field periods of the
 * waves it shows, the notes (uncertainty, the minimum n), the source (and the official figure's,
 * with its estimate year and licence, for an indicator compared with one) and the citation — so an SVG
 * pasted into a report still says what it shows and where it comes from. One SVG document: the
 * chart is nested as it is drawn on the page; the texts are SVG text, wrapped to the chart's width,
 * right-aligned and right to left for Arabic (isolates, not `direction`, so resvg's PNG agrees).
 */
import { chartDocument, isolateLatinRuns, wrapText } from './chart-core.ts';
import { localDefinition } from './definitions.ts';
import { countOf, direction, say } from './i18n.ts';
import { formatDate } from './format.ts';
import { studyText } from './model.ts';
import { citation, type PageContext } from './page-layout.ts';
import type { IndicatorData } from './views.ts';
import { referenceOf, referenceSourceLines } from './reference-downloads.ts';

export interface ChartDescription {
  readonly title: string;
  readonly subtitle: string;
  /** "Field period: 2022-03-01 – 2022-05-31 (2022); …" */
  readonly fieldwork: string;
  readonly notes: readonly string[];
  readonly source: string;
  readonly citation: string;
  readonly dir: 'ltr' | 'rtl';
}

const NS = 'http://www.w3.org/2000/svg';
const MARGIN = 12;

/** The width and height a chart's root `<svg>` declares; an error when it declares none. */
function chartSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0) || !(height > 0)) throw new Error('chart-export: the chart declares no width and height');
  return { width, height };
}

/** The chart `svg` (as the page draws it) with its description around it, as one SVG document. */
export function describedSvg(svg: string, d: ChartDescription): string {
  const { width, height } = chartSize(svg);
  const doc = chartDocument({});
  const root = doc.createElementNS(NS, 'svg');
  const texts: SVGTextElement[] = [];
  let y = MARGIN;
  const block = (text: string, size: number, weight: 'bold' | 'normal', colour: string) => {
    // About 0.55 em a character: the lines stay inside the chart's width.
    for (const line of wrapText(text, Math.max(20, Math.floor((width - 2 * MARGIN) / (size * 0.55))))) {
      y += size * 1.3;
      const t = doc.createElementNS(NS, 'text');
      t.setAttribute('x', String(d.dir === 'rtl' ? width - MARGIN : MARGIN));
      t.setAttribute('y', y.toFixed(1));
      t.setAttribute('font-size', String(size));
      t.setAttribute('font-weight', weight);
      t.setAttribute('fill', colour);
      // Right to left: each line a right-to-left isolate (U+2067 … U+2069) anchored at its end,
      // which every SVG renderer reads alike (resvg ignores `direction` for anchoring).
      if (d.dir === 'rtl') t.setAttribute('text-anchor', 'end');
      t.textContent = d.dir === 'rtl' ? `\u2067${isolateLatinRuns(line)}\u2069` : line;
      texts.push(t);
    }
  };
  block(d.title, 16, 'bold', '#111');
  block(d.subtitle, 12, 'normal', '#444');
  y += 8;
  const chartTop = y;
  y += height + 4;
  for (const note of [d.fieldwork, ...d.notes]) block(note, 11, 'normal', '#444');
  block(d.source, 11, 'normal', '#444');
  block(d.citation, 11, 'normal', '#444');
  const total = Math.ceil(y + MARGIN);
  root.setAttribute('xmlns', NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(total));
  root.setAttribute('viewBox', `0 0 ${width} ${total}`);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('text-anchor', 'start');
  const title = doc.createElementNS(NS, 'title');
  title.textContent = d.title;
  root.appendChild(title);
  const background = doc.createElementNS(NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', 'white');
  root.appendChild(background);
  for (const t of texts) root.appendChild(t);
  // The chart keeps its own direction (left to right, as on the page), placed below the header.
  const placed = svg.replace(/^<svg\b/, `<svg x="0" y="${chartTop.toFixed(1)}" direction="ltr"`);
  return root.outerHTML.replace(/<\/svg>$/, `${placed}</svg>`);
}

/** What a view's download says about itself, in the page's language. */
export function viewDescription(
  ctx: PageContext,
  data: IndicatorData,
  viewTitle: string,
  url: string,
): ChartDescription {
  const { lang, study } = ctx;
  const label = studyText(study, data.indicator.label, lang);
  const def = localDefinition(study, data.indicator, lang);
  const shown = new Set(data.waves.map((w) => w.id));
  const periods = study.waves
    .filter((w) => shown.has(w.id))
    .map((w) => `${w.year} (${formatDate(lang, w.fieldPeriod.start)} – ${formatDate(lang, w.fieldPeriod.end)})`);
  const years = `${data.waves[0]?.year ?? ''}–${data.waves[data.waves.length - 1]?.year ?? ''}`;
  const reference = referenceOf(data);
  return {
    title: viewTitle,
    subtitle: `${def.definition}. ${say(lang, 'base')}: ${def.base}.`,
    fieldwork: `${say(lang, 'fieldPeriod')}: ${periods.join('; ')}.`,
    notes: [say(lang, 'suppressionText', { respondents: countOf(lang, 'respondents', study.minimumN) })],
    source: [
      `${say(lang, 'source')}: Barometer, “${studyText(study, study.title, lang)}” (${study.id}).`,
      ...(reference ? referenceSourceLines(lang, study, reference, data.waves) : []),
    ].join(' '),
    citation: `${say(lang, 'cite')}: ${citation(ctx, label, years, url).text}`,
    dir: direction(lang),
  };
}
