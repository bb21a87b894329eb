/**
 * A cell withheld to protect another (complementary suppression) is shown with its own reason,
 * in every language of the dashboards, apart from one withheld for too few respondents: in the
 * subgroup table and its text alternative, and as its own labelled class on the map.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { toSvg } from '../../dashboards/chart-core.ts';
import { mapChart } from '../../dashboards/chart-map.ts';
import { subgroupChart } from '../../dashboards/chart-subgroups.ts';
import type { UiLanguage } from '../../dashboards/i18n.ts';
import { disclosureSection } from '../../dashboards/i18n-disclosure.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { fra, gbr, ind, pt } from './fixtures.ts';

const REASON: Record<UiLanguage, { primary: string; complementary: string }> = {
  en: { primary: 'Suppressed (too few respondents)', complementary: 'Withheld to protect another cell' },
  fr: { primary: 'Masqué (trop peu de répondants)', complementary: 'Masqué pour protéger une autre case' },
  es: { primary: 'Suprimido (muy pocos encuestados)', complementary: 'Suprimido para proteger otra celda' },
  ar: { primary: 'محجوب (عدد قليل جدًا من المستجيبين)', complementary: 'محجوب لحماية خانة أخرى' },
};
const LANGUAGES: UiLanguage[] = ['en', 'fr', 'es', 'ar'];

// GBR by sex: female below the minimum n; male withheld as its complement (else all adults − male gives female away).
const bySex = [
  pt(gbr, 'w3', 0.6),
  pt(gbr, 'w3', null, { subgroup: { variable: 'sex', level: 'female' }, suppressed: 'below_minimum_n', n: 12 }),
  pt(gbr, 'w3', null, { subgroup: { variable: 'sex', level: 'male' }, suppressed: 'complementary', n: 480 }),
];
// India below the minimum n, France withheld as a complement (the map draws what it is given).
const countries = [
  pt(gbr, 'w3', 0.6),
  pt(fra, 'w3', null, { suppressed: 'complementary', n: 900 }),
  pt(ind, 'w3', null, { suppressed: 'below_minimum_n', n: 20 }),
];

describe('a complementary cell on the dashboards', () => {
  for (const lang of LANGUAGES) {
    it(`has its own reason in the subgroup table and text alternative (${lang})`, () => {
      const c = subgroupChart(bySex, { lang, kind: 'share', label: 'x' });
      const status = c.table.rows.map((r) => r[r.length - 1]);
      expect(status).toContain(REASON[lang].primary);
      expect(status).toContain(REASON[lang].complementary);
      expect(c.alt).toContain(REASON[lang].complementary);
    });

    it(`is its own labelled class on the map (${lang})`, () => {
      const svg = toSvg(mapChart(countries, { lang, kind: 'share', label: 'x' }));
      const doc = parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;
      const paths = Array.from(doc.querySelectorAll('g[data-label="geo"] path'));
      const fillOf = (reason: string) =>
        paths.find((p) => p.querySelector('title')?.textContent?.endsWith(reason))?.getAttribute('fill');
      expect(fillOf(REASON[lang].complementary)).toBe('#e0e0e0');
      expect(fillOf(REASON[lang].primary)).toBe('#bdbdbd');
      const legend = doc.querySelector('g.legend')?.textContent ?? '';
      expect(legend).toContain(REASON[lang].complementary);
      expect(legend).toContain(REASON[lang].primary);
    });
  }

  it('a point a flagging study publishes below the reliability threshold says so in its status cell', () => {
    const flagged = [
      pt(gbr, 'w3', 0.6),
      pt(gbr, 'w3', 0.55, { subgroup: { variable: 'sex', level: 'female' }, n: 30, lowReliability: true }),
    ];
    const LOW: Record<UiLanguage, string> = {
      en: 'Low reliability',
      fr: 'Fiabilité faible',
      es: 'Baja fiabilidad',
      ar: 'موثوقية منخفضة',
    };
    for (const lang of LANGUAGES) {
      const c = subgroupChart(flagged, { lang, kind: 'share', label: 'x' });
      expect(c.table.rows.find((r) => r[1] === 'female')?.slice(-1), lang).toEqual([LOW[lang]]);
    }
  });

  it('the methodology section names both thresholds and both reasons, with the study’s numbers', () => {
    for (const lang of LANGUAGES) {
      const text = String(disclosureSection(lang, flagship));
      expect(text, lang).toContain('50');
      expect(text, lang).toContain(REASON[lang].complementary);
    }
    const en = String(disclosureSection('en', flagship));
    expect(en).toContain('fewer than 50 unweighted respondents is withheld');
    expect(en).toContain('at least 20.0% of the scale wide that reaches 10.0% either side');
    expect(String(disclosureSection('en', { ...flagship, lowReliability: 'flag' }))).toContain(
      'marked “low reliability”',
    );
  });
});
