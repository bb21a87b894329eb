/**
 * Waves 2022, 2024, 2026 and 2028 (planned) with their countries, adult populations and weighting margins
 * (age group × sex in persons, education in shares), from ./populations (UN WPP 2024, Wittgenstein
 * Centre v2). See populations/README.md for the sources and caveats (one reference year, 2025,
 * is used for every wave).
 */
import {
  defineWave,
  type Source,
  type WaveCountry,
  type WaveWeighting,
  type WeightingVariable,
} from '../../src/instrument/index.ts';
import { POPULATIONS } from './populations/data.ts';

export const WPP_2024: Source = {
  title: 'World Population Prospects 2024, medium variant, population aged 15+ on 1 July 2025',
  publisher: 'United Nations, Department of Economic and Social Affairs, Population Division',
  year: 2025,
  url: 'https://population.un.org/wpp',
  note: 'CC BY 3.0 IGO; read from PPgp/wpp2024@490f409 data/popprojAge5dt.rda; 5-year groups summed; projection',
};

export const WIC_V2: Source = {
  title: 'Wittgenstein Centre Data Explorer v2.0 (2018), SSP2, educational attainment of the population aged 15+',
  publisher: 'Wittgenstein Centre for Demography and Global Human Capital',
  year: 2020,
  url: 'http://dataexplorer.wittgensteincentre.org/',
  note: 'read from guyabel/wcde@1856910 data/past_epop.rda; primary_or_less = none + incomplete primary + primary; secondary = lower + upper secondary; tertiary = post-secondary',
};

/** How answers map to margin levels. */
export const weightingVariables: WeightingVariable[] = [
  {
    name: 'age_group',
    from: 'bins',
    question: 'AGE',
    bins: [
      { level: '15-29', min: 15, max: 29 },
      { level: '30-44', min: 30, max: 44 },
      { level: '45-64', min: 45, max: 64 },
      { level: '65+', min: 65 },
    ],
  },
  { name: 'sex', from: 'options', question: 'SEX', map: { female: 'female', male: 'male' } },
  {
    name: 'education',
    from: 'options',
    question: 'EDUCATION',
    map: { primary_or_less: 'primary_or_less', secondary: 'secondary', tertiary: 'tertiary' },
    ordered: true,
  },
];

/**
 * Weighting of every wave (docs/weighting.md): equal base weights (an online open sample has no
 * selection probabilities); margin cells with fewer than 5 respondents merged into their
 * neighbouring age group or education level (sex is never merged); then bounded logit calibration
 * to age group × sex and education at once (R `calibrate(calfun = "logit", bounds = c(0.05, 5))`):
 * every final weight is between 1/20 and 5 times the country's mean weight N/n — the upper bound
 * is the Gallup-style cap of 5 that keeps the variance in check, the lower one lets an
 * over-represented cell (the online sample's graduates) shrink — and the weighted margins meet the
 * population to 1e-8, or the country is flagged. This replaces raking then trimming at 5 × the
 * median weight, whose trimmed weights missed the margins they had been raked to. Logit rather
 * than bounded raking, whose Newton steps in R stall once a weight nears the lower bound.
 */
export const WEIGHTING: WaveWeighting = {
  method: 'calibrate',
  base: { kind: 'equal' },
  calfun: 'logit',
  bounds: { lower: 0.05, upper: 5 },
  trim: null,
  collapse: { minRespondents: 5 },
  tolerance: 1e-8,
  maxIterations: 100,
};

function country(iso3: string, targetCompletes = 1000): WaveCountry {
  const p = POPULATIONS.find((c) => c.iso3 === iso3);
  if (!p) throw new Error(`no population data for ${iso3}`);
  return {
    iso3,
    name: p.name,
    region: p.gallupRegion,
    adultPopulation: { value: p.pop15plus, source: WPP_2024 },
    targetCompletes,
    margins: [
      {
        variables: ['age_group', 'sex'],
        unit: 'persons',
        cells: p.ageSex.map((c) => ({ levels: { age_group: c.ageGroup, sex: c.sex }, value: c.population })),
        source: WPP_2024,
      },
      {
        variables: ['education'],
        unit: 'share',
        cells: p.education.map((c) => ({ levels: { education: c.level }, value: c.share })),
        source: WIC_V2,
      },
    ],
  };
}

/** Every wave covers all 51 countries of ./populations, in every Gallup-style region. */
const ALL = POPULATIONS.map((p) => p.iso3);

export const wave2022 = defineWave({
  id: 'mp-2022',
  year: 2022,
  instrument: { id: 'migration-perceptions', version: '1' },
  instrumentFingerprint: 'sha256:832a87891b81481d38db1ed01ee8249c1dd447e9cc2f14c6a41b776113444c27',
  fieldPeriod: { start: '2022-03-01', end: '2022-08-31' },
  status: 'closed',
  countries: ALL.map((c) => country(c)),
  weighting: WEIGHTING,
});

export const wave2024 = defineWave({
  id: 'mp-2024',
  year: 2024,
  instrument: { id: 'migration-perceptions', version: '2' },
  instrumentFingerprint: 'sha256:79cefa0e884f6766a3044704638bab4a3606a018ae86a5b820d6ca033db775b9',
  fieldPeriod: { start: '2024-03-01', end: '2024-08-31' },
  status: 'closed',
  countries: ALL.map((c) => country(c)),
  weighting: WEIGHTING,
});

export const wave2026 = defineWave({
  id: 'mp-2026',
  year: 2026,
  instrument: { id: 'migration-perceptions', version: '3' },
  instrumentFingerprint: 'sha256:543f5b1fccfe232e9a1675921f415b81ba34eb7f3d708aaf2a5c4a112c5af697',
  fieldPeriod: { start: '2026-03-01', end: '2026-08-31' },
  status: 'fielding',
  countries: ALL.map((c) => country(c)),
  weighting: WEIGHTING,
});

/** The next wave: instrument v4 adds the perception question (perception.ts); planned, not yet opened. */
export const wave2028 = defineWave({
  id: 'mp-2028',
  year: 2028,
  instrument: { id: 'migration-perceptions', version: '4' },
  fieldPeriod: { start: '2028-03-01', end: '2028-08-31' },
  status: 'planned',
  countries: ALL.map((c) => country(c)),
  weighting: WEIGHTING,
});

export const waves = [wave2022, wave2024, wave2026, wave2028];
