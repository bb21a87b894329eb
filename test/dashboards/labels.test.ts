/**
 * No raw code reaches a reader (issue 24): every page of the flagship fixture, in every language,
 * scanned for the codes of its definition — question codes (MIG_LEVEL, CAMPAIGN_SEEN), weighting
 * variable names (age_group), option codes with an underscore (primary_or_less, dont_know), wave
 * ids (mp-2022), indicator ids (wantsDecrease) — and, outside English, for any option code at all
 * ("female", "yes": English words a French or Arabic reader should not meet). The fixture's
 * series also get the subgroups of a question the indicator is broken down by (CAMPAIGN_SEEN
 * yes/no), as the by-group chart of a real wave has them. The text scanned is what a reader
 * sees: the page's text and the charts' text and tooltips, without addresses (citations and
 * embed snippets carry ids in URLs), without the sources' own notes, quoted as published, and
 * without text marked as another language (the methodology quotes each question in every language).
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL_MAX_CHARS } from '../../dashboards/chart-core.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { allQuestions, optionsOf, type Study } from '../../src/instrument/index.ts';
import type { SeriesPoint } from '../../src/indicators/types.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let app: ReturnType<typeof dashboardRoutes>;
let study: Study;
const base = '/dashboards/migration-perceptions';
const LANGS = ['en', 'fr', 'es', 'ar'] as const;

/** Each SEX subgroup point again as the CAMPAIGN_SEEN subgroup (female → yes, male → no). */
function withCampaignSeen(series: readonly SeriesPoint[]): SeriesPoint[] {
  const seen = { female: 'yes', male: 'no' } as const;
  return [
    ...series,
    ...series.flatMap((p) =>
      p.subgroup?.variable === 'sex' && (p.subgroup.level === 'female' || p.subgroup.level === 'male')
        ? [{ ...p, subgroup: { variable: 'CAMPAIGN_SEEN', level: seen[p.subgroup.level] } }]
        : [],
    ),
  ];
}

beforeAll(async () => {
  const fixture = await flagshipFixture();
  study = fixture.study;
  app = dashboardRoutes({
    source: memorySource([study], { ...fixture.data, series: withCampaignSeen(fixture.data.series) }),
  });
});

/** Every word of the definition's texts in `lang` (question wordings, option labels). */
function definitionWords(lang: string): Set<string> {
  const questions = study.instruments.flatMap(allQuestions);
  const texts = questions.flatMap((q) => [
    ...('text' in q ? [q.text[lang] ?? ''] : []),
    ...optionsOf(q).map((o) => o.label[lang] ?? ''),
  ]);
  return new Set(texts.join(' ').match(/[\p{L}\p{N}_]+/gu) ?? []);
}

/**
 * The codes of the definition no reader should see in `lang`: those that read as codes anywhere
 * (an underscore, capitals, a digit, camelCase), and outside English any other option code or
 * variable name ("female", "yes") that is not also a word of the definition's texts in `lang`
 * ("radio" is French).
 */
function rawCodes(lang: string): Set<string> {
  const questions = study.instruments.flatMap(allQuestions);
  const all = [
    ...questions.map((q) => q.code),
    ...study.weightingVariables.map((v) => v.name),
    ...questions.flatMap((q) => optionsOf(q).map((o) => o.code)),
    'dont_know',
    ...study.waves.map((w) => w.id),
    ...study.indicators.map((i) => i.id),
  ];
  const words = definitionWords(lang);
  const looksLikeCode = (c: string) => /[_A-Z0-9]/.test(c);
  return new Set(all.filter((c) => looksLikeCode(c) || (lang !== 'en' && c.length > 2 && !words.has(c))));
}

/** What a reader sees of a page: its text and the charts' text and tooltips, without addresses and source notes. */
function visibleText(page: string): string {
  const { document } = parseHTML(page);
  for (const el of Array.from(document.querySelectorAll('script, style, textarea, .url, .sources'))) el.remove();
  // Text marked as another language (the methodology quotes each question in every language) is not a label.
  const lang = document.documentElement.getAttribute('lang') ?? '';
  for (const el of Array.from(document.body.querySelectorAll('[lang]')))
    if (el.getAttribute('lang') !== lang) el.remove();
  return (document.body.textContent ?? '').replace(/\S*\/\S*/g, ' ');
}

/** The raw codes found in a page's visible text, each with a little context. */
function findCodes(text: string, codes: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}_+-]+/gu)) {
    const token = m[0].replace(/^[-+]+|[-+]+$/g, '');
    if (codes.has(token))
      found.push(`${token} in “…${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…”`);
  }
  return found;
}

/** Every page of the study in `lang`: overview per indicator, each indicator's tabs, countries, campaigns, methodology. */
function pagesOf(lang: string): string[] {
  return [
    '',
    ...study.indicators.map((i) => `?indicator=${i.id}`),
    ...study.indicators.flatMap((i) => [`indicators/${i.id}/`, `indicators/${i.id}/map/`, `indicators/${i.id}/table/`]),
    ...study.indicators.map((i) => `indicators/${i.id}/?place=country:DEU`),
    'countries/',
    ...['DEU', 'KEN', 'BRA', 'JPN', 'EGY'].map((c) => `countries/${c}/`),
    ...study.campaigns.map((c) => `campaigns/${c.id}/`),
    'methodology/',
  ].map((p) => `${base}/${lang}/${p}`);
}

describe('labels', () => {
  it('the fixture has the subgroups of a question the indicator is broken down by', async () => {
    const res = await app.request(`${base}/en/indicators/wantsDecrease/`);
    const { document } = parseHTML(await res.text());
    const rows = Array.from(document.querySelectorAll('section#subgroups tbody th')).map((th) => th.textContent ?? '');
    expect(rows.length).toBeGreaterThan(9);
  });

  for (const lang of LANGS)
    it(`no page in ${lang} shows a raw code of the definition`, async () => {
      const codes = rawCodes(lang);
      const found: string[] = [];
      for (const path of pagesOf(lang)) {
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        found.push(...findCodes(visibleText(await res.text()), codes).map((f) => `${path}: ${f}`));
      }
      expect(found.slice(0, 20)).toEqual([]);
    });

  it('the by-group chart and the methodology name variables and levels from the definition', async () => {
    const chart = parseHTML(await (await app.request(`${base}/fr/indicators/wantsDecrease/`)).text()).document;
    const cells = Array.from(chart.querySelectorAll('section#subgroups tbody tr')).map((tr) =>
      Array.from(tr.children)
        .slice(0, 2)
        .map((c) => c.textContent),
    );
    // The wording and option labels of the flagship's questions (survey-definitions/…/questions.ts).
    expect(cells).toContainEqual(['Sexe', 'Femme']);
    expect(cells).toContainEqual(['Études', 'Enseignement secondaire']);
    expect(cells.find((c) => c[1] === 'Oui')?.[0]).toMatch(
      /^Au cours des 12 derniers mois, avez-vous vu ou entendu une campagne/,
    );
    // The long wording is shortened on the chart's axis, keeping the level, with the full label as its tooltip.
    const ticks = Array.from(chart.querySelectorAll('section#subgroups svg g[data-label="y-axis tick label"] text'));
    const yes = ticks.find((t) =>
      (t.querySelector('title')?.textContent ?? '').startsWith('Au cours des 12 derniers mois'),
    );
    expect(yes?.childNodes[0]?.textContent).toMatch(/^Au cours des .*…: (Oui|Non)$/);
    for (const t of ticks) expect((t.childNodes[0]?.textContent ?? '').length).toBeLessThanOrEqual(LABEL_MAX_CHARS);
    const method = parseHTML(await (await app.request(`${base}/en/methodology/`)).text()).document;
    expect(method.querySelector('#m-weight')?.parentElement?.textContent).toContain('Age × Sex; Education.');
  });
});
