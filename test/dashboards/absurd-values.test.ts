/**
 * Values that fail their invariants never reach a reader: the formatters refuse them (throw),
 * and pages given them — here a source holding the numbers the default demo world once published
 * (World 2026 with SE 1.23e77 and an interval of [0, 1], a share of 130%, every country of a wave
 * suppressed) — show the withheld wording in every language and draw nothing from them.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatChange,
  formatCount,
  formatRatio,
  formatValue,
  UnpublishableValueError,
} from '../../dashboards/format.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { ViewCache } from '../../dashboards/views.ts';
import type { SeriesPoint } from '../../src/indicators/types.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

describe('number formatting refuses what cannot be published', () => {
  it('throws on a non-finite value, a share outside [0, 1], a change of a share beyond ±100 points', () => {
    for (const v of [Infinity, -Infinity, Number.NaN, 5.969e20, 1.02, -0.3])
      expect(() => formatValue('en', 'share', v), String(v)).toThrow(UnpublishableValueError);
    expect(() => formatValue('en', 'number', 11, { min: 0, max: 10 })).toThrow(/refusing to print a value 11/);
    expect(() => formatValue('ar', 'number', Number.NaN)).toThrow(UnpublishableValueError);
    expect(() => formatChange('en', 'share', 2.5)).toThrow(UnpublishableValueError);
    expect(() => formatChange('fr', 'number', Infinity)).toThrow(UnpublishableValueError);
    expect(() => formatCount('es', -1)).toThrow(UnpublishableValueError);
    expect(() => formatRatio('en', 6.2e157 * 1e200)).toThrow(UnpublishableValueError);
  });

  it('prints what can be published', () => {
    expect(formatValue('en', 'share', 0.377)).toBe('37.7%');
    expect(formatValue('en', 'share', 1)).toBe('100.0%');
    expect(formatValue('en', 'number', 7.25, { min: 0, max: 10 })).toBe('7.25');
    expect(formatChange('en', 'share', -0.043)).toBe('-4.3 pp');
    expect(formatRatio('en', 1.25)).toBe('1.25');
  });
});

const base = '/dashboards/migration-perceptions';
let app: ReturnType<typeof dashboardRoutes>;

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  const latest = [...new Set(data.series.map((p) => p.year))].sort().at(-1);
  const series = data.series.map((p): SeriesPoint => {
    if (p.indicator !== 'wantsDecrease' || p.year !== latest || p.subgroup !== null) return p;
    if (p.geography.kind === 'world')
      return { ...p, se: 1.23e77, moe: 2.41e77, ciLow: 0, ciHigh: 1, deff: 6.2e157, suppressed: null };
    if (p.geography.kind === 'region' && p.geography.region === 'Europe') return { ...p, estimate: 1.3 };
    if (p.geography.kind === 'country') return { ...p, suppressed: 'below_minimum_n' };
    return p;
  });
  app = dashboardRoutes({ source: memorySource([study], { ...data, series }), cache: new ViewCache() });
});

const text = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('pages given absurd values', () => {
  it('the overview withholds them with their reason, in every language, and never prints them', async () => {
    const words = {
      en: 'variance could not be estimated',
      fr: 'variance non estimable',
      es: 'no se pudo estimar la varianza',
      ar: 'تعذّر تقدير التباين',
    };
    for (const [lang, wording] of Object.entries(words)) {
      const html = await text(`${base}/${lang}/`);
      const doc = parseHTML(html).document;
      const world = doc.querySelector('.cards .card.world');
      expect(world?.textContent, lang).toContain(wording);
      expect(world?.querySelector('.moe')?.textContent ?? '', lang).not.toMatch(/\d/);
      const bad = html.match(/.{80}(∞|NaN|Infinity|e\+77|e\+157|596,910).{40}/);
      expect(bad?.[0] ?? null, lang).toBeNull();
    }
  });

  it('an estimate outside the scale is not published; the map of a wave with every country suppressed has no "∞" legend', async () => {
    const overview = parseHTML(await text(`${base}/en/`)).document;
    const europe = Array.from(overview.querySelectorAll('.cards .card')).find(
      (c) => c.querySelector('h3')?.textContent === 'Europe',
    );
    expect(europe?.textContent).toContain('Not published (failed a quality check)');
    expect(europe?.textContent).not.toContain('130');
    const map = await text(`${base}/en/indicators/wantsDecrease/map/`);
    expect(map).not.toMatch(/∞|NaN|Infinity/);
  });

  it('charts draw no band or point from a withheld value, and no change from it', async () => {
    const html = await text(`${base}/en/indicators/wantsDecrease/`);
    expect(html).not.toMatch(/NaN|Infinity/);
    const doc = parseHTML(html).document;
    // The trend table: the World's latest row has no interval and says why.
    const rows = Array.from(doc.querySelectorAll('table tr')).map((r) => r.textContent ?? '');
    const worldLatest = rows.filter((r) => r.startsWith('World') && r.includes('variance could not be estimated'));
    expect(worldLatest.length).toBeGreaterThan(0);
    const overview = parseHTML(await text(`${base}/en/`)).document;
    const delta = overview.querySelector('.cards .card.world .delta')?.textContent ?? '';
    expect(delta).not.toMatch(/pp/);
  });
});
