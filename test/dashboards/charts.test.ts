/**
 * The charts on hand-built fixtures: SVG snapshots (normalised as Plot's own tests do), and what
 * a reader must be able to rely on — suppressed and missing points drawn as such (a cross and a
 * gap, never a joined line), series breaks splitting the line with a marker, significant changes
 * told apart from noise, the map's classes and its no-data and suppressed classes, and the table
 * next to each chart holding the same numbers.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { changeChart } from '../../dashboards/chart-change.ts';
import { toSvg } from '../../dashboards/chart-core.ts';
import { distributionChart, textOn } from '../../dashboards/chart-distribution.ts';
import { classBreaks, mapChart } from '../../dashboards/chart-map.ts';
import { rankingChart } from '../../dashboards/chart-ranking.ts';
import { subgroupChart } from '../../dashboards/chart-subgroups.ts';
import { trendChart } from '../../dashboards/chart-trend.ts';
import {
  aggregatePoints,
  changeRows,
  countryPoints,
  distributionPoints,
  migLevelOptions,
  normaliseSvg,
  subgroupPoints,
  trendChanges,
  trendPoints,
} from './fixtures.ts';

const parse = (svg: string) => parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;
const group = (doc: Document, label: string) => doc.querySelector(`g.${label}`);

const trend = () =>
  trendChart(trendPoints, trendChanges, { lang: 'en', kind: 'share', label: 'Want immigration decreased' });

describe('trend', () => {
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(trend()))).toMatchFileSnapshot('__snapshots__/trend.svg');
  });

  it('places a dot where the scales put it (checked by hand)', () => {
    // y: [0, 0.7] onto [360 − 30, 56] (the legend's two rows end at 52, and 4 below them);
    // x: [2022, 2026] onto [48 + 12, 640 − 150 − 12].
    const doc = parse(toSvg(trend()));
    const dots = Array.from(doc.querySelectorAll('g[data-label="dot"] circle'));
    const world2022 = dots.find((c) => c.querySelector('title')?.textContent?.startsWith('World 2022'));
    const legendRows = new Set(Array.from(doc.querySelectorAll('g.legend text')).map((t) => t.getAttribute('y')));
    expect([...legendRows]).toEqual(['12', '28']);
    expect(Number(world2022?.getAttribute('cx'))).toBeCloseTo(60, 6);
    expect(Number(world2022?.getAttribute('cy'))).toBeCloseTo(330 - (0.4 / 0.7) * 274, 6);
  });

  it('draws suppressed and missing points as crosses on the axis, never as values', () => {
    const doc = parse(toSvg(trend()));
    const crosses = Array.from(group(doc, 'suppressed-or-missing')?.querySelectorAll('path') ?? []);
    expect(crosses.map((c) => c.querySelector('title')?.textContent)).toEqual([
      'Europe 2024: Suppressed (too few respondents)',
      'Asia 2022: No data',
    ]);
    const titles = Array.from(doc.querySelectorAll('g[data-label="dot"] circle title')).map((t) => t.textContent);
    expect(titles.some((t) => t?.startsWith('Europe 2024'))).toBe(false);
  });

  it('leaves a gap at a suppressed wave: the line does not join the waves either side', () => {
    const doc = parse(toSvg(trend()));
    const lines = Array.from(doc.querySelector('g[data-label="line"]')?.querySelectorAll('path') ?? []);
    // Europe: 2022 and 2026 with 2024 suppressed → two single-point pieces, no segment between them.
    const europe = lines.find((p) => p.getAttribute('stroke') === '#0072B2');
    expect(europe?.getAttribute('d') ?? '').not.toMatch(/L/);
  });

  it('splits the line at a series break and marks it', () => {
    const doc = parse(toSvg(trend()));
    const world = Array.from(doc.querySelector('g[data-label="line"]')?.querySelectorAll('path') ?? []).filter(
      (p) => p.getAttribute('stroke') === '#000000',
    );
    // World 2022–2024 is one line; 2026 starts a new one.
    expect(world.length).toBe(2);
    expect(group(doc, 'series-break')?.querySelectorAll('line').length).toBe(1);
    expect(group(doc, 'series-break-label')?.textContent).toContain('Series break');
    const chart = trend();
    expect(chart.alt).toContain('Series break');
    expect(chart.table.rows.find((r) => r[0] === 'World' && r[1] === '2026')?.[6]).toBe('Series break');
  });

  it('gives a table of the same numbers with the status of each point', () => {
    const { table } = trend();
    expect(table.rows.length).toBe(9);
    expect(table.rows.find((r) => r[0] === 'Europe' && r[1] === '2024')).toEqual([
      'Europe',
      '2024',
      null,
      null,
      null,
      30,
      'Suppressed (too few respondents)',
    ]);
    expect(table.rows.find((r) => r[0] === 'World' && r[1] === '2022')).toEqual([
      'World',
      '2022',
      0.4,
      0.38,
      0.42000000000000004,
      1000,
      '',
    ]);
  });
});

describe('change', () => {
  const chart = () =>
    changeChart(changeRows, {
      lang: 'en',
      kind: 'share',
      label: 'Want immigration decreased',
      fromLabel: '2024',
      toLabel: '2026',
    });
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(chart()))).toMatchFileSnapshot('__snapshots__/change.svg');
  });
  it('sorts by change, fills significant dots only, names the test and says why a row has no change', () => {
    const c = chart();
    expect(c.table.rows.map((r) => r[0])).toEqual(['World', 'Europe', 'Asia', 'Oceania']);
    const doc = parse(toSvg(c));
    const fills = Array.from(group(doc, 'change')?.querySelectorAll('circle') ?? []).map((d) => d.getAttribute('fill'));
    expect(fills).toEqual(['#0072B2', 'white', '#0072B2']);
    expect(group(doc, 'not-computed')?.textContent).toBe('Series break: not computed');
    expect(c.alt).toContain('Test: two-sided z test, independent samples.');
    expect(doc.querySelector('svg')?.textContent).toContain('two-sided z test');
  });
});

describe('ranking', () => {
  const chart = () =>
    rankingChart(countryPoints, aggregatePoints, { lang: 'en', kind: 'share', label: 'Want immigration decreased' });
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(chart()))).toMatchFileSnapshot('__snapshots__/ranking.svg');
  });
  it('ranks countries, lists the suppressed one last in words, draws the world and regional references', () => {
    const c = chart();
    expect(c.table.rows.map((r) => [r[0], r[2], r[6]])).toEqual([
      ['United Kingdom', 0.6, ''],
      ['France', 0.45, ''],
      ['India', null, 'Suppressed (too few respondents)'],
    ]);
    const doc = parse(toSvg(c));
    expect(group(doc, 'world-reference')?.querySelectorAll('line').length).toBe(1);
    // Both European countries get Europe's 55% tick; India has no drawn row.
    expect(group(doc, 'region-reference')?.querySelectorAll('line').length).toBe(2);
    expect(group(doc, 'not-shown')?.textContent).toContain('Suppressed');
  });
});

describe('map', () => {
  const chart = () => mapChart(countryPoints, { lang: 'en', kind: 'share', label: 'Want immigration decreased' });
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(chart()))).toMatchFileSnapshot('__snapshots__/map.svg');
  });
  it('joins on ISO numeric codes and shows suppressed and no-data countries as their own labelled classes', () => {
    const doc = parse(toSvg(chart()));
    const paths = Array.from(doc.querySelectorAll('g[data-label="geo"] path'));
    const fillOf = (name: string) =>
      paths.find((p) => p.querySelector('title')?.textContent?.startsWith(`${name}:`))?.getAttribute('fill');
    expect(fillOf('United Kingdom')).not.toBe(fillOf('France'));
    expect(fillOf('India')).toBe('#bdbdbd');
    expect(
      paths.find((p) => p.querySelector('title')?.textContent === 'India: Suppressed (too few respondents)'),
    ).toBeDefined();
    expect(fillOf('Brazil')).toBe('#ffffff');
    const legend = group(doc, 'legend')?.textContent ?? '';
    expect(legend).toContain('No data');
    expect(legend).toContain('Suppressed');
  });
  it('computes class breaks from the data with ckmeans', () => {
    // Three clear clusters: breaks at the first value of the second and third.
    expect(classBreaks([1, 2, 3, 10, 11, 12, 20, 21], 3)).toEqual([10, 20]);
    expect(classBreaks([0.5, 0.5], 5)).toEqual([]);
  });
});

describe('distribution', () => {
  const chart = () =>
    distributionChart(distributionPoints, { lang: 'en', label: 'MIG_LEVEL, 2026', options: migLevelOptions });
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(chart()))).toMatchFileSnapshot('__snapshots__/distribution.svg');
  });
  it('stacks every answer to 100% and names a suppressed row instead of drawing it', () => {
    const c = chart();
    expect(c.table.rows[0]).toEqual(['World', 0.4, 0.2, 0.3, 0.08, 0.02, 3000, '']);
    expect(c.table.rows[2]).toEqual(['Asia', null, null, null, null, null, 20, 'Suppressed (too few respondents)']);
    const doc = parse(toSvg(c));
    expect(doc.querySelectorAll('g[data-label="bar"] rect').length).toBe(10);
    expect(group(doc, 'not-shown')?.textContent).toContain('Suppressed');
  });
  it('refuses answer codes the question does not have', () => {
    const bad = [{ ...distributionPoints[0]!, shares: { maybe: 1 } }];
    expect(() => distributionChart(bad, { lang: 'en', label: 'x', options: migLevelOptions })).toThrow(/maybe/);
  });
  it('writes black on light fills and white on dark ones (WCAG contrast)', () => {
    expect(textOn('#bdbdbd')).toBe('black');
    expect(textOn('#0072B2')).toBe('white');
  });
});

describe('subgroups', () => {
  const chart = () => subgroupChart(subgroupPoints, { lang: 'en', kind: 'share', label: 'Want immigration decreased' });
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(chart()))).toMatchFileSnapshot('__snapshots__/subgroups.svg');
  });
  it('draws each level with its interval and names the suppressed one', () => {
    const c = chart();
    expect(c.table.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['age_group', '65+', 0.7],
      ['age_group', '15-29', 0.5],
      ['sex', 'male', 0.58],
      ['sex', 'female', null],
    ]);
    expect(c.alt).toContain('sex, female: Suppressed');
  });
});

describe('every chart', () => {
  it('is an SVG with a title and no inline style element (the CSP allows none)', () => {
    const svg = toSvg(trend());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<style');
    expect(svg).not.toMatch(/\sstyle="/);
    expect(parse(svg).querySelector('svg > title')?.textContent).toContain('Want immigration decreased, 2022–2026');
  });
  it('formats numbers for the page language', () => {
    const fr = trendChart(trendPoints, trendChanges, { lang: 'fr', kind: 'share', label: 'x' });
    expect(fr.alt).toContain('50,0\u00a0%');
    const ar = trendChart(trendPoints, trendChanges, { lang: 'ar', kind: 'share', label: 'x' });
    expect(ar.alt).toContain('العالم');
  });
});
