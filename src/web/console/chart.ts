/** The console's small chart: completes by day, an Observable Plot bar chart drawn on the server (no script, no inline style). */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { raw, type Html } from '../../html.ts';

let serverDocument: Document | undefined;

/** An SVG of completes per day, described by `alt`, or nothing without completes. */
export function completesByDayChart(days: readonly { day: string; completes: number }[], alt: string): Html | '' {
  if (days.length === 0) return '';
  serverDocument ??= parseHTML('<!doctype html><html><body></body></html>').document;
  const chart = Plot.plot({
    document: serverDocument,
    width: 480,
    height: 160,
    className: 'console-plot',
    ariaLabel: alt,
    style: null,
    marginLeft: 40,
    x: { type: 'band', label: null, tickFormat: (d: string) => d.slice(5) },
    y: { grid: true, label: null },
    marks: [Plot.barY(days, { x: 'day', y: 'completes', fill: '#0072B2' }), Plot.ruleY([0])],
  });
  chart.setAttribute('role', 'img');
  // The drawing is one image described by its label: the labels Plot gives its groups are prohibited inside it.
  for (const part of Array.from(chart.querySelectorAll('[aria-label]')))
    if (part !== chart) part.removeAttribute('aria-label');
  return raw(chart.outerHTML);
}
