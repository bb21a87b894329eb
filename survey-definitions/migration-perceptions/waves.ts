/**
 * Waves 2022, 2024 and 2026 with their countries, adult populations and weighting margins
 * (age group × sex in persons, education in shares), from ./populations (UN WPP 2024, Wittgenstein
 * Centre v2). See populations/README.md for the sources and caveats (one reference year, 2025,
 * is used for every wave).
 */
import { defineWave, type Source, type WaveCountry, type WeightingVariable } from '../../src/instrument/index.ts';
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
  { name: 'education', from: 'options', question: 'EDUCATION', map: { primary_or_less: 'primary_or_less', secondary: 'secondary', tertiary: 'tertiary' } },
];

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
      { variables: ['age_group', 'sex'], unit: 'persons', cells: p.ageSex.map((c) => ({ levels: { age_group: c.ageGroup, sex: c.sex }, value: c.population })), source: WPP_2024 },
      { variables: ['education'], unit: 'share', cells: p.education.map((c) => ({ levels: { education: c.level }, value: c.share })), source: WIC_V2 },
    ],
  };
}

const WAVE_2022 = ['GBR', 'FRA', 'USA', 'MEX', 'IND', 'NGA', 'EGY', 'AUS'];
const WAVE_2024 = [...WAVE_2022, 'BRA', 'KEN'];
const WAVE_2026 = [...WAVE_2024, 'JPN', 'MAR'];

export const wave2022 = defineWave({
  id: 'mp-2022',
  year: 2022,
  instrument: { id: 'migration-perceptions', version: '1' },
  instrumentFingerprint: 'sha256:9e725977a66b0398869318beb6c3d289efcbb0f690405413dfc277a59976d370',
  fieldPeriod: { start: '2022-03-01', end: '2022-08-31' },
  status: 'closed',
  countries: WAVE_2022.map((c) => country(c)),
});

export const wave2024 = defineWave({
  id: 'mp-2024',
  year: 2024,
  instrument: { id: 'migration-perceptions', version: '2' },
  instrumentFingerprint: 'sha256:114d6db9383fafe838282755a8c8aa7c85eb9fb56b973963f1351b260a213b55',
  fieldPeriod: { start: '2024-03-01', end: '2024-08-31' },
  status: 'closed',
  countries: WAVE_2024.map((c) => country(c)),
});

export const wave2026 = defineWave({
  id: 'mp-2026',
  year: 2026,
  instrument: { id: 'migration-perceptions', version: '3' },
  instrumentFingerprint: 'sha256:17b7483cce2f0abacdd220bbd42b4b596064b15289ffe1f058eee9ebe17a78f6',
  fieldPeriod: { start: '2026-03-01', end: '2026-08-31' },
  status: 'fielding',
  countries: WAVE_2026.map((c) => country(c, c === 'IND' ? 3000 : 1000)),
});

export const waves = [wave2022, wave2024, wave2026];
