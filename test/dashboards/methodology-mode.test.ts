/**
 * The methodology page states each country's mode, as the Gallup World Poll's country data sets
 * do: from the data where an indicator is estimated per mode (the modes of the country's
 * responses in that wave, with their shares), else the mode the wave definition declares for the
 * country, else the wave's — in English, French, Spanish and Arabic.
 */
import { parseHTML } from 'linkedom';
import { expect, it } from 'vitest';
import { formatValue } from '../../dashboards/format.ts';
import { countryName } from '../../dashboards/i18n.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { ViewCache } from '../../dashboards/views.ts';
import type { SeriesPoint } from '../../src/indicators/types.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

const words = {
  en: { online: 'Online', phone: 'Telephone', f2f: 'Face to face' },
  fr: { online: 'En ligne', phone: 'Téléphone', f2f: 'En face à face' },
  es: { online: 'En línea', phone: 'Teléfono', f2f: 'Cara a cara' },
  ar: { online: 'عبر الإنترنت', phone: 'الهاتف', f2f: 'وجهًا لوجه' },
} as const;

it("states each country's mode: the modes of its responses with their shares, else the declared mode", async () => {
  const { study, data } = await flagshipFixture();
  const [first, second] = study.waves;
  const [mixed, declared, plain] = first?.countries ?? [];
  if (!first || !second || !mixed || !declared || !plain) throw new Error('the fixture has fewer waves or countries');
  // The second country of the first wave is declared face to face.
  const fielded = {
    ...study,
    waves: study.waves.map((w) =>
      w === first
        ? { ...w, countries: w.countries.map((c) => (c === declared ? { ...c, mode: 'face-to-face' as const } : c)) }
        : w,
    ),
  };
  // The first country's responses in the first wave: 700 on the web, 300 by telephone (an indicator by mode).
  const base = data.series.find(
    (p) =>
      p.year === first.year && p.subgroup === null && p.geography.kind === 'country' && p.geography.iso3 === mixed.iso3,
  );
  if (!base) throw new Error('no country point to copy');
  const byMode = (level: string, n: number): SeriesPoint => ({ ...base, subgroup: { variable: 'mode', level }, n });
  const series = [...data.series, byMode('web', 700), byMode('phone', 300)];
  const app = dashboardRoutes({ source: memorySource([fielded], { ...data, series }), cache: new ViewCache() });

  for (const lang of ['en', 'fr', 'es', 'ar'] as const) {
    const res = await app.request(`/dashboards/${study.id}/${lang}/methodology/`);
    expect(res.status).toBe(200);
    const doc = parseHTML(await res.text()).document;
    const rows = Array.from(doc.querySelector('#m-waves')?.parentElement?.querySelectorAll('tbody tr') ?? []);
    const cell = (year: number) =>
      rows.find((r) => r.querySelector('th')?.textContent === String(year))?.lastElementChild?.textContent ?? '';
    const said = (iso3: string, name: string, mode: string) => `${countryName(lang, iso3, name)} (${mode})`;
    const t = words[lang];
    const shares = `${t.online} ${formatValue(lang, 'share', 0.7)}, ${t.phone} ${formatValue(lang, 'share', 0.3)}`;
    expect(cell(first.year), lang).toContain(said(mixed.iso3, mixed.name, shares));
    expect(cell(first.year), lang).toContain(said(declared.iso3, declared.name, t.f2f));
    expect(cell(first.year), lang).toContain(said(plain.iso3, plain.name, t.online));
    // Another wave: no responses by mode, nothing declared — the wave's mode.
    const other = second.countries.find((c) => c.iso3 === mixed.iso3);
    if (other) expect(cell(second.year), lang).toContain(said(other.iso3, other.name, t.online));
  }
});
