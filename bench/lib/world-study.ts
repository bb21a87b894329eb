/**
 * A synthetic world study for benchmarks and large tests: `countries` countries in 7 regions,
 * `waves` waves of the flagship-like instrument (country, age, sex, education, the immigration
 * level, the three Migrant Acceptance items, campaign awareness), weighted as the flagship is
 * (sparse cells merged, bounded calibration to age group × sex and education); and its simulated responses (online non-response:
 * the young and educated over-represented).
 */
import {
  defineIndicator,
  defineInstrument,
  defineStudy,
  defineWave,
  seededRandom,
  type Answers,
  type QuestionInput,
  type Study,
  type Text,
} from '../../src/instrument/index.ts';
import { WEIGHTING, weightingVariables } from '../../survey-definitions/migration-perceptions/waves.ts';

const en = (s: string): Text => ({ en: s });
const REGIONS = [
  'Europe',
  'Northern America',
  'Latin America and the Caribbean',
  'Middle East and North Africa',
  'Sub-Saharan Africa',
  'Asia',
  'Oceania',
];
const SOURCE = { title: 'Synthetic population', publisher: 'Barometer bench', year: 2025 };

/** ISO3-like codes AAA, AAB, … */
export function countryCodes(count: number): string[] {
  const A = 'A'.charCodeAt(0);
  return Array.from({ length: count }, (_, i) =>
    String.fromCharCode(A + Math.floor(i / 676), A + (Math.floor(i / 26) % 26), A + (i % 26)),
  );
}

const single = (code: string, options: string[], missing: ('dont_know' | 'refused')[] = []): QuestionInput => ({
  kind: 'single',
  code,
  text: en(code),
  options: options.map((o) => ({ code: o, label: en(o) })),
  ...(missing.length ? { missing } : {}),
});

export function worldStudy(countries: number, waves: number): Study {
  const codes = countryCodes(countries);
  const instrument = defineInstrument({
    id: 'world',
    version: '1',
    title: en('World'),
    languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
    missingLabels: { dont_know: en("Don't know"), refused: en('Refused') },
    blocks: [
      {
        id: 'all',
        questions: [
          single(
            'COUNTRY',
            codes.map((c) => c.toLowerCase()),
          ),
          { kind: 'numeric', code: 'AGE', text: en('Age'), min: 15, max: 120 },
          single('SEX', ['female', 'male']),
          single('EDUCATION', ['primary_or_less', 'secondary', 'tertiary']),
          single('MIG_LEVEL', ['present_level', 'increased', 'decreased'], ['dont_know', 'refused']),
          ...['MAI_LIVE', 'MAI_NEIGHBOR', 'MAI_MARRY'].map((c) =>
            single(c, ['good', 'bad', 'depends'], ['dont_know', 'refused']),
          ),
          single('CAMPAIGN_SEEN', ['yes', 'no'], ['dont_know', 'refused']),
        ],
      },
    ],
  });
  const base = { dontKnow: 'included', refused: 'excluded' } as const;
  const mai = { good: 3, depends: 1, dont_know: 1, bad: 0 };
  const indicators = [
    defineIndicator({
      kind: 'share',
      id: 'wantsDecrease',
      label: en('Decrease'),
      question: 'MIG_LEVEL',
      options: ['decreased'],
      base,
      by: ['CAMPAIGN_SEEN'],
    }),
    defineIndicator({
      kind: 'share',
      id: 'wantsIncrease',
      label: en('Increase'),
      question: 'MIG_LEVEL',
      options: ['increased'],
      base,
    }),
    defineIndicator({
      kind: 'share',
      id: 'wantsKept',
      label: en('Kept'),
      question: 'MIG_LEVEL',
      options: ['present_level'],
      base,
    }),
    defineIndicator({
      kind: 'index',
      id: 'migrantAcceptanceIndex',
      label: en('MAI'),
      items: ['MAI_LIVE', 'MAI_NEIGHBOR', 'MAI_MARRY'].map((question) => ({ question, scores: mai })),
      combine: 'sum',
      range: { min: 0, max: 9 },
      by: ['CAMPAIGN_SEEN'],
    }),
    defineIndicator({
      kind: 'share',
      id: 'campaignAware',
      label: en('Aware'),
      question: 'CAMPAIGN_SEEN',
      options: ['yes'],
      base,
    }),
  ];
  const waveDefs = Array.from({ length: waves }, (_, k) =>
    defineWave({
      id: `w${2022 + 2 * k}`,
      year: 2022 + 2 * k,
      instrument: { id: 'world', version: '1' },
      fieldPeriod: { start: `${2022 + 2 * k}-01-01`, end: `${2022 + 2 * k}-06-30` },
      status: 'planned',
      countries: codes.map((iso3, i) => {
        const total = 1_000_000 * (1 + (i % 17));
        const young = 0.3 + 0.02 * (i % 10);
        return {
          iso3,
          name: `Country ${iso3}`,
          region: REGIONS[i % REGIONS.length] ?? 'Asia',
          adultPopulation: { value: total, source: SOURCE },
          targetCompletes: 1000,
          margins: [
            {
              variables: ['age_group', 'sex'],
              unit: 'persons' as const,
              cells: [
                { levels: { age_group: '15-29', sex: 'female' }, value: (young / 2) * total },
                { levels: { age_group: '15-29', sex: 'male' }, value: (young / 2) * total },
                { levels: { age_group: '30-44', sex: 'female' }, value: 0.15 * total },
                { levels: { age_group: '30-44', sex: 'male' }, value: 0.15 * total },
                { levels: { age_group: '45-64', sex: 'female' }, value: ((0.7 - young) / 2) * 0.6 * total },
                { levels: { age_group: '45-64', sex: 'male' }, value: ((0.7 - young) / 2) * 0.6 * total },
                { levels: { age_group: '65+', sex: 'female' }, value: ((0.7 - young) / 2) * 0.4 * total },
                { levels: { age_group: '65+', sex: 'male' }, value: ((0.7 - young) / 2) * 0.4 * total },
              ],
              source: SOURCE,
            },
            {
              variables: ['education'],
              unit: 'share' as const,
              cells: [
                { levels: { education: 'primary_or_less' }, value: 0.3 },
                { levels: { education: 'secondary' }, value: 0.45 },
                { levels: { education: 'tertiary' }, value: 0.25 },
              ],
              source: SOURCE,
            },
          ],
        };
      }),
      weighting: WEIGHTING,
    }),
  );
  return defineStudy({
    id: 'world-bench',
    title: en('World bench'),
    instruments: [instrument],
    indicators,
    countryQuestion: 'COUNTRY',
    // The flagship's own mapping of answers to margin levels (its margins are the same).
    weightingVariables,
    waves: waveDefs,
  });
}

function pick<T>(u: number, items: readonly [T, number][]): T {
  let acc = 0;
  for (const [item, p] of items) {
    acc += p;
    if (u < acc) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('nothing to pick');
  return last[0];
}

/** `perCountry` simulated respondents per country and wave. */
export function worldResponses(study: Study, perCountry: number): { wave: string; answers: Answers }[] {
  const rnd = seededRandom(`world:${study.waves.length}:${perCountry}`);
  const out: { wave: string; answers: Answers }[] = [];
  for (const wave of study.waves) {
    for (const c of wave.countries) {
      for (let i = 0; i < perCountry; i++) {
        const age = pick(rnd(), [
          [15 + Math.floor(rnd() * 15), 0.4],
          [30 + Math.floor(rnd() * 15), 0.3],
          [45 + Math.floor(rnd() * 20), 0.22],
          [65 + Math.floor(rnd() * 25), 0.08],
        ]);
        const education = pick(rnd(), [
          ['primary_or_less', 0.15],
          ['secondary', 0.45],
          ['tertiary', 0.4],
        ]);
        const older = age >= 45 ? 0.2 : 0;
        const low = education === 'primary_or_less' ? 0.15 : 0;
        const mig =
          rnd() < 0.05
            ? { missing: 'dont_know' as const }
            : rnd() < 0.02
              ? { missing: 'refused' as const }
              : pick(rnd(), [
                  ['decreased', 0.25 + older + low],
                  ['increased', 0.2],
                  ['present_level', 0.55 - older - low],
                ]);
        const item = () =>
          rnd() < 0.04
            ? { missing: 'dont_know' as const }
            : pick(rnd(), [
                ['good', 0.5 - older],
                ['depends', 0.25],
                ['bad', 0.25 + older],
              ]);
        out.push({
          wave: wave.id,
          answers: {
            COUNTRY: c.iso3.toLowerCase(),
            AGE: age,
            SEX: rnd() < 0.5 ? 'female' : 'male',
            EDUCATION: education,
            MIG_LEVEL: mig,
            MAI_LIVE: item(),
            MAI_NEIGHBOR: item(),
            MAI_MARRY: item(),
            CAMPAIGN_SEEN: rnd() < 0.3 ? 'yes' : 'no',
          },
        });
      }
    }
  }
  return out;
}
