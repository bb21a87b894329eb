/**
 * The countries of the study and their regions (first-level groupings used for analysis), as
 * answer options. Region options are offered only for the country chosen (option `showIf`).
 * Place names are proper nouns and read the same in every language unless translated here.
 */
import { sameInAll, type Condition, type Text } from '../../src/instrument/index.ts';

export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;

const named = (en: string, fr: string, es: string, ar: string): Text => ({ en, fr, es, ar });

export interface StudyCountry {
  readonly iso3: string;
  readonly code: string;
  readonly label: Text;
  readonly regions: readonly string[];
}

export const COUNTRIES: readonly StudyCountry[] = [
  { iso3: 'GBR', code: 'gbr', label: named('United Kingdom', 'Royaume-Uni', 'Reino Unido', 'المملكة المتحدة'), regions: ['England', 'Scotland', 'Wales', 'Northern Ireland'] },
  { iso3: 'FRA', code: 'fra', label: named('France', 'France', 'Francia', 'فرنسا'), regions: ['Île-de-France', 'Nord-Est', 'Ouest', 'Sud-Est', 'Sud-Ouest'] },
  { iso3: 'USA', code: 'usa', label: named('United States', 'États-Unis', 'Estados Unidos', 'الولايات المتحدة'), regions: ['Northeast', 'Midwest', 'South', 'West'] },
  { iso3: 'MEX', code: 'mex', label: named('Mexico', 'Mexique', 'México', 'المكسيك'), regions: ['Norte', 'Centro', 'Centro-Occidente', 'Sur-Sureste'] },
  { iso3: 'BRA', code: 'bra', label: named('Brazil', 'Brésil', 'Brasil', 'البرازيل'), regions: ['Norte', 'Nordeste', 'Centro-Oeste', 'Sudeste', 'Sul'] },
  { iso3: 'IND', code: 'ind', label: named('India', 'Inde', 'India', 'الهند'), regions: ['North', 'North-East', 'East', 'West', 'South', 'Central'] },
  { iso3: 'JPN', code: 'jpn', label: named('Japan', 'Japon', 'Japón', 'اليابان'), regions: ['Hokkaido-Tohoku', 'Kanto', 'Chubu', 'Kansai', 'Chugoku-Shikoku', 'Kyushu-Okinawa'] },
  { iso3: 'NGA', code: 'nga', label: named('Nigeria', 'Nigeria', 'Nigeria', 'نيجيريا'), regions: ['North Central', 'North East', 'North West', 'South East', 'South South', 'South West'] },
  { iso3: 'KEN', code: 'ken', label: named('Kenya', 'Kenya', 'Kenia', 'كينيا'), regions: ['Nairobi', 'Coast', 'Rift Valley', 'Central', 'Eastern', 'Western', 'Nyanza', 'North Eastern'] },
  { iso3: 'EGY', code: 'egy', label: named('Egypt', 'Égypte', 'Egipto', 'مصر'), regions: ['Greater Cairo', 'Alexandria', 'Delta', 'Canal', 'Upper Egypt', 'Frontier'] },
  { iso3: 'MAR', code: 'mar', label: named('Morocco', 'Maroc', 'Marruecos', 'المغرب'), regions: ['Tanger-Tétouan-Al Hoceïma', "L'Oriental", 'Fès-Meknès', 'Rabat-Salé-Kénitra', 'Casablanca-Settat', 'Marrakech-Safi', 'Souss-Massa', 'Other regions'] },
  { iso3: 'AUS', code: 'aus', label: named('Australia', 'Australie', 'Australia', 'أستراليا'), regions: ['New South Wales & ACT', 'Victoria', 'Queensland', 'Western Australia', 'South Australia & NT', 'Tasmania'] },
];

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Options of the COUNTRY question. */
export const countryOptions = COUNTRIES.map((c) => ({ code: c.code, label: c.label }));

/** Options of the REGION question: `<country>_<region>`, each offered only for its country. */
export const regionOptions = COUNTRIES.flatMap((c) =>
  c.regions.map((r) => {
    const showIf: Condition = { op: 'equals', question: 'COUNTRY', value: c.code };
    return { code: `${c.code}_${slug(r)}`, label: sameInAll(LANGUAGES, r), showIf };
  }),
);
