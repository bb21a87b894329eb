/**
 * The location questions of v4: COUNTRY offers "another country" and "Prefer not to answer" (the
 * consent text promises that choice on every question), and REGION's names are translated in
 * every language (region-names.ts), asked only of respondents who say they live in a country of the study.
 * v1–v3 keep theirs (questions.ts): the waves that fielded them pinned their fingerprints.
 */
import type { QuestionInput, Text } from '../../src/instrument/index.ts';
import { COUNTRIES, countryOptions } from './countries.ts';
import { COUNTRY, REGION } from './questions.ts';
import { regionNames } from './region-names.ts';

const t = (en: string, fr: string, es: string, ar: string): Text => ({ en, fr, es, ar });

/** The region's name in every language (throws on a region region-names.ts lacks: a bug caught at import). */
function regionLabel(en: string): Text {
  const names = regionNames[en];
  if (!names) throw new Error(`region-names.ts has no translations of "${en}"`);
  const [fr, es, ar] = names;
  return t(en, fr, es, ar);
}

export const COUNTRY_V4 = {
  ...COUNTRY,
  options: [
    ...countryOptions,
    {
      code: 'other',
      label: t('Another country', 'Un autre pays', 'Otro país', 'بلد آخر'),
      // Stays last when the countries are sorted by name in the respondent's language.
      anchor: true,
    },
  ],
  missing: ['refused'],
} satisfies QuestionInput;

export const REGION_V4 = {
  ...REGION,
  // Not asked of respondents who live elsewhere or would rather not say their country: no region to offer.
  showIf: {
    op: 'all',
    conditions: [
      { op: 'answered', question: 'COUNTRY' },
      { op: 'not', condition: { op: 'equals', question: 'COUNTRY', value: 'other' } },
    ],
  },
  options: REGION.options.map((o, i) => {
    const region = COUNTRIES.flatMap((c) => c.regions)[i];
    if (region === undefined || o.label.en !== region) throw new Error(`REGION option ${o.code} is out of step`);
    return { ...o, label: regionLabel(region) };
  }),
} satisfies QuestionInput;
