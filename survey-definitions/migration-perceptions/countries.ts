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
  {
    iso3: 'GBR',
    code: 'gbr',
    label: named('United Kingdom', 'Royaume-Uni', 'Reino Unido', 'المملكة المتحدة'),
    regions: ['England', 'Scotland', 'Wales', 'Northern Ireland'],
  },
  {
    iso3: 'RUS',
    code: 'rus',
    label: named('Russia', 'Russie', 'Rusia', 'روسيا'),
    regions: ['Central', 'Northwestern', 'Southern', 'North Caucasian', 'Volga', 'Ural', 'Siberian', 'Far Eastern'],
  },
  {
    iso3: 'GRC',
    code: 'grc',
    label: named('Greece', 'Grèce', 'Grecia', 'اليونان'),
    regions: [
      'Attica',
      'Macedonia and Thrace',
      'Thessaly and Central Greece',
      'Peloponnese and Western Greece',
      'Crete',
      'Aegean and Ionian Islands',
    ],
  },
  { iso3: 'MLT', code: 'mlt', label: named('Malta', 'Malte', 'Malta', 'مالطا'), regions: ['Malta', 'Gozo and Comino'] },
  {
    iso3: 'ITA',
    code: 'ita',
    label: named('Italy', 'Italie', 'Italia', 'إيطاليا'),
    regions: ['Nord-Ovest', 'Nord-Est', 'Centro', 'Sud', 'Isole'],
  },
  {
    iso3: 'ESP',
    code: 'esp',
    label: named('Spain', 'Espagne', 'España', 'إسبانيا'),
    regions: ['Noroeste', 'Noreste', 'Comunidad de Madrid', 'Centro', 'Este', 'Sur', 'Canarias'],
  },
  {
    iso3: 'FRA',
    code: 'fra',
    label: named('France', 'France', 'Francia', 'فرنسا'),
    regions: ['Île-de-France', 'Nord-Est', 'Ouest', 'Sud-Est', 'Sud-Ouest'],
  },
  {
    iso3: 'DEU',
    code: 'deu',
    label: named('Germany', 'Allemagne', 'Alemania', 'ألمانيا'),
    regions: [
      'Baden-Württemberg',
      'Bayern',
      'Berlin',
      'Brandenburg',
      'Bremen',
      'Hamburg',
      'Hessen',
      'Mecklenburg-Vorpommern',
      'Niedersachsen',
      'Nordrhein-Westfalen',
      'Rheinland-Pfalz',
      'Saarland',
      'Sachsen',
      'Sachsen-Anhalt',
      'Schleswig-Holstein',
      'Thüringen',
    ],
  },
  {
    iso3: 'USA',
    code: 'usa',
    label: named('United States', 'États-Unis', 'Estados Unidos', 'الولايات المتحدة'),
    regions: ['Northeast', 'Midwest', 'South', 'West'],
  },
  {
    iso3: 'CAN',
    code: 'can',
    label: named('Canada', 'Canada', 'Canadá', 'كندا'),
    regions: ['Atlantic provinces', 'Quebec', 'Ontario', 'Prairie provinces', 'British Columbia', 'Territories'],
  },
  {
    iso3: 'MEX',
    code: 'mex',
    label: named('Mexico', 'Mexique', 'México', 'المكسيك'),
    regions: ['Norte', 'Centro', 'Centro-Occidente', 'Sur-Sureste'],
  },
  {
    iso3: 'BRA',
    code: 'bra',
    label: named('Brazil', 'Brésil', 'Brasil', 'البرازيل'),
    regions: ['Norte', 'Nordeste', 'Centro-Oeste', 'Sudeste', 'Sul'],
  },
  {
    iso3: 'COL',
    code: 'col',
    label: named('Colombia', 'Colombie', 'Colombia', 'كولومبيا'),
    regions: ['Bogotá', 'Caribe', 'Oriental', 'Central', 'Pacífica', 'Amazonía y Orinoquía'],
  },
  {
    iso3: 'PER',
    code: 'per',
    label: named('Peru', 'Pérou', 'Perú', 'بيرو'),
    regions: ['Lima y Callao', 'Costa Norte', 'Costa Sur', 'Sierra', 'Selva'],
  },
  {
    iso3: 'CHN',
    code: 'chn',
    label: named('China', 'Chine', 'China', 'الصين'),
    regions: ['North', 'Northeast', 'East', 'South Central', 'Southwest', 'Northwest'],
  },
  {
    iso3: 'IND',
    code: 'ind',
    label: named('India', 'Inde', 'India', 'الهند'),
    regions: ['North', 'North-East', 'East', 'West', 'South', 'Central'],
  },
  {
    iso3: 'JPN',
    code: 'jpn',
    label: named('Japan', 'Japon', 'Japón', 'اليابان'),
    regions: ['Hokkaido-Tohoku', 'Kanto', 'Chubu', 'Kansai', 'Chugoku-Shikoku', 'Kyushu-Okinawa'],
  },
  {
    iso3: 'IDN',
    code: 'idn',
    label: named('Indonesia', 'Indonésie', 'Indonesia', 'إندونيسيا'),
    regions: ['Sumatra', 'Java', 'Kalimantan', 'Sulawesi', 'Bali and Nusa Tenggara', 'Maluku and Papua'],
  },
  {
    iso3: 'PHL',
    code: 'phl',
    label: named('Philippines', 'Philippines', 'Filipinas', 'الفلبين'),
    regions: ['National Capital Region', 'Rest of Luzon', 'Visayas', 'Mindanao'],
  },
  {
    iso3: 'NGA',
    code: 'nga',
    label: named('Nigeria', 'Nigeria', 'Nigeria', 'نيجيريا'),
    regions: ['North Central', 'North East', 'North West', 'South East', 'South South', 'South West'],
  },
  {
    iso3: 'ZAF',
    code: 'zaf',
    label: named('South Africa', 'Afrique du Sud', 'Sudáfrica', 'جنوب أفريقيا'),
    regions: [
      'Eastern Cape',
      'Free State',
      'Gauteng',
      'KwaZulu-Natal',
      'Limpopo',
      'Mpumalanga',
      'North West',
      'Northern Cape',
      'Western Cape',
    ],
  },
  {
    iso3: 'KEN',
    code: 'ken',
    label: named('Kenya', 'Kenya', 'Kenia', 'كينيا'),
    regions: ['Nairobi', 'Coast', 'Rift Valley', 'Central', 'Eastern', 'Western', 'Nyanza', 'North Eastern'],
  },
  {
    iso3: 'RWA',
    code: 'rwa',
    label: named('Rwanda', 'Rwanda', 'Ruanda', 'رواندا'),
    regions: ['Kigali', 'Northern', 'Southern', 'Eastern', 'Western'],
  },
  {
    iso3: 'MLI',
    code: 'mli',
    label: named('Mali', 'Mali', 'Malí', 'مالي'),
    regions: ['Bamako', 'Kayes', 'Koulikoro', 'Sikasso', 'Ségou', 'Mopti', 'Northern regions'],
  },
  {
    iso3: 'SLE',
    code: 'sle',
    label: named('Sierra Leone', 'Sierra Leone', 'Sierra Leona', 'سيراليون'),
    regions: ['Western Area', 'Northern', 'North West', 'Southern', 'Eastern'],
  },
  {
    iso3: 'EGY',
    code: 'egy',
    label: named('Egypt', 'Égypte', 'Egipto', 'مصر'),
    regions: ['Greater Cairo', 'Alexandria', 'Delta', 'Canal', 'Upper Egypt', 'Frontier'],
  },
  {
    iso3: 'TUN',
    code: 'tun',
    label: named('Tunisia', 'Tunisie', 'Túnez', 'تونس'),
    regions: ['Grand Tunis', 'Nord-Est', 'Nord-Ouest', 'Centre-Est', 'Centre-Ouest', 'Sud-Est', 'Sud-Ouest'],
  },
  {
    iso3: 'TUR',
    code: 'tur',
    label: named('Türkiye', 'Turquie', 'Turquía', 'تركيا'),
    regions: [
      'Istanbul',
      'Marmara',
      'Aegean',
      'Mediterranean',
      'Central Anatolia',
      'Black Sea',
      'Eastern Anatolia',
      'Southeastern Anatolia',
    ],
  },
  {
    iso3: 'IRN',
    code: 'irn',
    label: named('Iran', 'Iran', 'Irán', 'إيران'),
    regions: ['Tehran', 'North', 'Northwest', 'West', 'Centre', 'South', 'East'],
  },
  {
    iso3: 'AUS',
    code: 'aus',
    label: named('Australia', 'Australie', 'Australia', 'أستراليا'),
    regions: [
      'New South Wales & ACT',
      'Victoria',
      'Queensland',
      'Western Australia',
      'South Australia & NT',
      'Tasmania',
    ],
  },
  {
    iso3: 'NZL',
    code: 'nzl',
    label: named('New Zealand', 'Nouvelle-Zélande', 'Nueva Zelanda', 'نيوزيلندا'),
    regions: ['Auckland', 'Rest of North Island', 'Canterbury', 'Rest of South Island'],
  },
  {
    iso3: 'ISL',
    code: 'isl',
    label: named('Iceland', 'Islande', 'Islandia', 'آيسلندا'),
    regions: ['Capital Region', 'Rest of Iceland'],
  },
  {
    iso3: 'SWE',
    code: 'swe',
    label: named('Sweden', 'Suède', 'Suecia', 'السويد'),
    regions: [
      'Stockholm',
      'Östra Mellansverige',
      'Småland med öarna',
      'Sydsverige',
      'Västsverige',
      'Norra Mellansverige',
      'Mellersta Norrland',
      'Övre Norrland',
    ],
  },
  {
    iso3: 'HUN',
    code: 'hun',
    label: named('Hungary', 'Hongrie', 'Hungría', 'المجر'),
    regions: ['Budapest', 'Pest', 'Transdanubia', 'Northern Hungary', 'Great Plain'],
  },
  {
    iso3: 'MKD',
    code: 'mkd',
    label: named('North Macedonia', 'Macédoine du Nord', 'Macedonia del Norte', 'مقدونيا الشمالية'),
    regions: ['Skopje', 'Eastern', 'Northeastern', 'Pelagonia', 'Polog', 'Southeastern', 'Southwestern', 'Vardar'],
  },
  {
    iso3: 'SRB',
    code: 'srb',
    label: named('Serbia', 'Serbie', 'Serbia', 'صربيا'),
    regions: ['Belgrade', 'Vojvodina', 'Šumadija and Western Serbia', 'Southern and Eastern Serbia'],
  },
  {
    iso3: 'FIN',
    code: 'fin',
    label: named('Finland', 'Finlande', 'Finlandia', 'فنلندا'),
    regions: ['Helsinki-Uusimaa', 'Southern Finland', 'Western Finland', 'Northern and Eastern Finland', 'Åland'],
  },
  {
    iso3: 'POL',
    code: 'pol',
    label: named('Poland', 'Pologne', 'Polonia', 'بولندا'),
    regions: ['Masovian', 'Southern', 'Eastern', 'Northwestern', 'Southwestern', 'Northern', 'Central'],
  },
  {
    iso3: 'NLD',
    code: 'nld',
    label: named('Netherlands', 'Pays-Bas', 'Países Bajos', 'هولندا'),
    regions: ['North', 'East', 'West', 'South'],
  },
  {
    iso3: 'ARG',
    code: 'arg',
    label: named('Argentina', 'Argentine', 'Argentina', 'الأرجنتين'),
    regions: ['Buenos Aires', 'Pampeana', 'Noroeste', 'Noreste', 'Cuyo', 'Patagonia'],
  },
  {
    iso3: 'CHL',
    code: 'chl',
    label: named('Chile', 'Chili', 'Chile', 'تشيلي'),
    regions: ['Región Metropolitana', 'Norte', 'Centro', 'Sur', 'Austral'],
  },
  {
    iso3: 'KOR',
    code: 'kor',
    label: named('Republic of Korea', 'République de Corée', 'República de Corea', 'جمهورية كوريا'),
    regions: ['Seoul', 'Gyeonggi and Incheon', 'Gangwon', 'Chungcheong', 'Jeolla', 'Gyeongsang', 'Jeju'],
  },
  {
    iso3: 'VNM',
    code: 'vnm',
    label: named('Viet Nam', 'Viet Nam', 'Viet Nam', 'فيتنام'),
    regions: [
      'Red River Delta',
      'Northern Midlands and Mountains',
      'North and South Central Coast',
      'Central Highlands',
      'Southeast',
      'Mekong River Delta',
    ],
  },
  {
    iso3: 'PAK',
    code: 'pak',
    label: named('Pakistan', 'Pakistan', 'Pakistán', 'باكستان'),
    regions: ['Punjab', 'Sindh', 'Khyber Pakhtunkhwa', 'Balochistan', 'Islamabad Capital Territory'],
  },
  {
    iso3: 'BGD',
    code: 'bgd',
    label: named('Bangladesh', 'Bangladesh', 'Bangladés', 'بنغلاديش'),
    regions: ['Barishal', 'Chattogram', 'Dhaka', 'Khulna', 'Mymensingh', 'Rajshahi', 'Rangpur', 'Sylhet'],
  },
  {
    iso3: 'THA',
    code: 'tha',
    label: named('Thailand', 'Thaïlande', 'Tailandia', 'تايلاند'),
    regions: ['Bangkok', 'Central', 'North', 'Northeast', 'South'],
  },
  {
    iso3: 'ETH',
    code: 'eth',
    label: named('Ethiopia', 'Éthiopie', 'Etiopía', 'إثيوبيا'),
    regions: ['Addis Ababa', 'Amhara', 'Oromia', 'Tigray', 'Southern regions', 'Other regions'],
  },
  {
    iso3: 'GHA',
    code: 'gha',
    label: named('Ghana', 'Ghana', 'Ghana', 'غانا'),
    regions: ['Greater Accra', 'Ashanti', 'Western', 'Central', 'Eastern', 'Volta', 'Northern regions'],
  },
  {
    iso3: 'SAU',
    code: 'sau',
    label: named('Saudi Arabia', 'Arabie saoudite', 'Arabia Saudita', 'المملكة العربية السعودية'),
    regions: ['Riyadh', 'Makkah', 'Eastern Province', 'Madinah', 'Other regions'],
  },
  {
    iso3: 'MAR',
    code: 'mar',
    label: named('Morocco', 'Maroc', 'Marruecos', 'المغرب'),
    regions: [
      'Tanger-Tétouan-Al Hoceïma',
      "L'Oriental",
      'Fès-Meknès',
      'Rabat-Salé-Kénitra',
      'Casablanca-Settat',
      'Marrakech-Safi',
      'Souss-Massa',
      'Other regions',
    ],
  },
  {
    iso3: 'ISR',
    code: 'isr',
    label: named('Israel', 'Israël', 'Israel', 'إسرائيل'),
    regions: ['Jerusalem', 'North', 'Haifa', 'Center', 'Tel Aviv', 'South'],
  },
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
