/**
 * The dashboards' words are chosen and written by the platform's locale data: counted nouns take
 * the plural form of each language (CLDR plural rules through `Intl.PluralRules`), numbers are
 * written by `Intl.NumberFormat` and dates by `Intl.DateTimeFormat`. Expected forms are written
 * by hand from the CLDR rules: Arabic n = 0 zero, 1 one, 2 two, n mod 100 in 3..10 few,
 * n mod 100 in 11..99 many, else other; English and Spanish 1 one, else other; French 0 and 1 one.
 */
import { describe, expect, it } from 'vitest';
import { sayCampaign } from '../../dashboards/i18n-campaign.ts';
import { countOf } from '../../dashboards/i18n.ts';
import { formatDate, pInSentence, pInTable } from '../../dashboards/format.ts';
import { svgLabel } from '../../dashboards/chart-core.ts';
import { marginText } from '../../dashboards/margin.ts';

describe('counted nouns', () => {
  it('take the Arabic form of each plural category, not one form for every n', () => {
    const forms = [1, 2, 5, 103, 50, 111, 100].map((n) => countOf('ar', 'respondents', n));
    expect(forms).toEqual([
      'مستجيب واحد', // one
      'مستجيبَين', // two
      '5 مستجيبين', // few (3–10)
      '103 مستجيبين', // few (103 mod 100 = 3)
      '50 مستجيبًا', // many (11–99)
      '111 مستجيبًا', // many (111 mod 100 = 11)
      '100 مستجيب', // other
    ]);
    expect(countOf('ar', 'countries', 3)).toBe('3 بلدان');
    expect(countOf('ar', 'countries', 12)).toBe('12 بلدًا');
  });

  it('take the singular for one in English, Spanish and French (French also for zero)', () => {
    expect([1, 2].map((n) => countOf('en', 'countries', n))).toEqual(['1 country', '2 countries']);
    expect([1, 2].map((n) => countOf('es', 'countries', n))).toEqual(['1 país', '2 países']);
    expect([0, 1, 2].map((n) => countOf('fr', 'respondents', n))).toEqual([
      '0 répondant',
      '1 répondant',
      '2 répondants',
    ]);
    // Numbers are grouped as the language groups them (French: a narrow no-break space).
    expect(countOf('fr', 'respondents', 1500)).toBe('1\u202f500 répondants');
    expect(countOf('en', 'respondents', 1500)).toBe('1,500 respondents');
  });

  it('fill the sentences that count: a campaign compared with one country, or with twelve', () => {
    const ran = (n: number) =>
      sayCampaign('ar', 'ran', { start: 's', end: 'e', where: 'w', countries: countOf('ar', 'countries', n) });
    expect(ran(1)).toContain('وقورنت بـبلد واحد لم');
    expect(ran(12)).toContain('وقورنت بـ12 بلدًا لم');
    expect(
      sayCampaign('en', 'ran', { start: 's', end: 'e', where: 'w', countries: countOf('en', 'countries', 1) }),
    ).toBe('Ran s to e in w; compared with 1 country where it did not run.');
  });
});

describe('dates', () => {
  it('are written in each language in full, the calendar date itself whatever the time zone', () => {
    expect(formatDate('en', '2024-03-05')).toBe('March 5, 2024');
    expect(formatDate('fr', '2024-03-05')).toBe('5 mars 2024');
    expect(formatDate('es', '2024-03-05')).toBe('5 de marzo de 2024');
    expect(formatDate('ar', '2024-03-05')).toBe('5 مارس 2024');
    // The last day of a year stays in that year (no shift through the local time zone).
    expect(formatDate('en', '2024-12-31')).toBe('December 31, 2024');
  });
});

describe('p-values and Arabic labels in sentences and charts', () => {
  it('a p-value below 0.001 reads "p < 0.001", never "p = 0.000"; in Arabic the expression is one left-to-right isolate', () => {
    expect(pInSentence('en', 0.0004)).toBe('p < 0.001');
    expect(pInSentence('en', 0)).toBe('p < 0.001');
    expect(pInSentence('en', 0.11)).toBe('p = 0.110');
    expect(pInSentence('fr', 0.0123)).toBe('p = 0,012');
    // LRI … PDI: without it "<" is mirrored to ">" in a right-to-left sentence.
    expect(pInSentence('ar', 0.0004)).toMatch(/^\u2066p < \S+\u2069$/);
    // In a table cell: the value alone, three decimals in the language's digits.
    expect(pInTable('en', 0.0004)).toBe('< 0.001');
    expect(pInTable('fr', 0.1234)).toBe('0,123');
    expect(pInTable('ar', 0.0004)).toMatch(/^\u2066< \S+\u2069$/);
  });

  it('a margin of error is one left-to-right run in Arabic ("± 6.3%" does not become "6.3% ±" beside a "/")', () => {
    const p = { estimate: 0.4, moe: 0.063, ciLow: 0.337, ciHigh: 0.463, suppressed: null };
    expect(marginText('en', 'share', p)).toBe('± 6.3%');
    expect(marginText('ar', 'share', p)).toMatch(/^\u2066± \S+\u2069$/);
    const interval = marginText('ar', 'share', { ...p, moe: null });
    expect(interval).toMatch(/ \u2066\S+–\S+\u2069$/);
  });

  it('isolates Latin runs whole in an Arabic label: a hyphen inside a wave code is not a sign', () => {
    const [LRI, FSI, PDI] = ['\u2066', '\u2068', '\u2069'];
    expect(svgLabel('الحملة mp-2024→mp-2026')).toBe(`${FSI}الحملة ${LRI}mp-2024→mp-2026${PDI}${PDI}`);
    expect(svgLabel('العمر: 65+')).toBe(`${FSI}العمر: ${LRI}65+${PDI}${PDI}`);
    expect(svgLabel('التغير: -3.5')).toBe(`${FSI}التغير: ${LRI}-3.5${PDI}${PDI}`);
    expect(svgLabel('Age: 65+')).toBe('Age: 65+');
  });
});
