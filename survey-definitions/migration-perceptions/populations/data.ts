/**
 * Adult (15+) population reference data for the countries of the migration-perceptions study.
 * A subset, unchanged, of ../../../../shared/reference/populations (copied here as
 * countries.csv, age_sex_15plus.csv, education_15plus.csv; see README.md in this folder).
 *
 * - Population by sex × age group, and total 15+: United Nations, DESA, Population Division
 *   (2024), World Population Prospects 2024, medium variant, 1 July 2025 (CC BY 3.0 IGO), read
 *   from PPgp/wpp2024@490f409 data/popprojAge5dt.rda.
 * - Education shares (15+, both sexes, 2020): Wittgenstein Centre Data Explorer v2 (2018), SSP2,
 *   read from guyabel/wcde@1856910 data/past_epop.rda.
 *
 * Generated from the CSV files in this folder; do not edit by hand.
 */

export interface CountryPopulation {
  readonly iso3: string;
  readonly name: string;
  readonly gallupRegion: string;
  readonly pop15plus: number;
  readonly ageSex: readonly { readonly sex: 'female' | 'male'; readonly ageGroup: '15-29' | '30-44' | '45-64' | '65+'; readonly population: number }[];
  readonly education: readonly { readonly level: 'primary_or_less' | 'secondary' | 'tertiary'; readonly share: number }[];
}

export const POPULATIONS: readonly CountryPopulation[] = [
  {
    iso3: 'GBR',
    name: "United Kingdom",
    gallupRegion: 'Europe',
    pop15plus: 57752107,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 6180074 },
      { sex: 'female', ageGroup: '30-44', population: 6935243 },
      { sex: 'female', ageGroup: '45-64', population: 8976365 },
      { sex: 'female', ageGroup: '65+', population: 7453735 },
      { sex: 'male', ageGroup: '15-29', population: 6512269 },
      { sex: 'male', ageGroup: '30-44', population: 6932549 },
      { sex: 'male', ageGroup: '45-64', population: 8512121 },
      { sex: 'male', ageGroup: '65+', population: 6249751 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.0052 },
      { level: 'secondary', share: 0.6437 },
      { level: 'tertiary', share: 0.3511 },
    ],
  },
  {
    iso3: 'FRA',
    name: "France",
    gallupRegion: 'Europe',
    pop15plus: 55836795,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 5984372 },
      { sex: 'female', ageGroup: '30-44', population: 5957607 },
      { sex: 'female', ageGroup: '45-64', population: 8619965 },
      { sex: 'female', ageGroup: '65+', population: 8493537 },
      { sex: 'male', ageGroup: '15-29', population: 6248643 },
      { sex: 'male', ageGroup: '30-44', population: 5771687 },
      { sex: 'male', ageGroup: '45-64', population: 8230170 },
      { sex: 'male', ageGroup: '65+', population: 6530814 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.1511 },
      { level: 'secondary', share: 0.5366 },
      { level: 'tertiary', share: 0.3123 },
    ],
  },
  {
    iso3: 'USA',
    name: "United States of America",
    gallupRegion: 'Northern America',
    pop15plus: 287894972,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 33175886 },
      { sex: 'female', ageGroup: '30-44', population: 34506480 },
      { sex: 'female', ageGroup: '45-64', population: 41647998 },
      { sex: 'female', ageGroup: '65+', population: 34521852 },
      { sex: 'male', ageGroup: '15-29', population: 35356221 },
      { sex: 'male', ageGroup: '30-44', population: 36785012 },
      { sex: 'male', ageGroup: '45-64', population: 42568991 },
      { sex: 'male', ageGroup: '65+', population: 29332532 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.0488 },
      { level: 'secondary', share: 0.5973 },
      { level: 'tertiary', share: 0.354 },
    ],
  },
  {
    iso3: 'MEX',
    name: "Mexico",
    gallupRegion: 'Latin America and the Caribbean',
    pop15plus: 100159492,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 16323188 },
      { sex: 'female', ageGroup: '30-44', population: 15023462 },
      { sex: 'female', ageGroup: '45-64', population: 14771618 },
      { sex: 'female', ageGroup: '65+', population: 6231568 },
      { sex: 'male', ageGroup: '15-29', population: 16547237 },
      { sex: 'male', ageGroup: '30-44', population: 13798754 },
      { sex: 'male', ageGroup: '45-64', population: 12451463 },
      { sex: 'male', ageGroup: '65+', population: 5012202 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.3191 },
      { level: 'secondary', share: 0.5265 },
      { level: 'tertiary', share: 0.1543 },
    ],
  },
  {
    iso3: 'BRA',
    name: "Brazil",
    gallupRegion: 'Latin America and the Caribbean',
    pop15plus: 171555270,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 22943177 },
      { sex: 'female', ageGroup: '30-44', population: 24704217 },
      { sex: 'female', ageGroup: '45-64', population: 26614387 },
      { sex: 'female', ageGroup: '65+', population: 13683496 },
      { sex: 'male', ageGroup: '15-29', population: 23543013 },
      { sex: 'male', ageGroup: '30-44', population: 24450295 },
      { sex: 'male', ageGroup: '45-64', population: 24868592 },
      { sex: 'male', ageGroup: '65+', population: 10748093 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.3616 },
      { level: 'secondary', share: 0.5193 },
      { level: 'tertiary', share: 0.1191 },
    ],
  },
  {
    iso3: 'IND',
    name: "India",
    gallupRegion: 'Asia',
    pop15plus: 1109679358,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 181753316 },
      { sex: 'female', ageGroup: '30-44', population: 160889626 },
      { sex: 'female', ageGroup: '45-64', population: 140066863 },
      { sex: 'female', ageGroup: '65+', population: 56563232 },
      { sex: 'male', ageGroup: '15-29', population: 200200940 },
      { sex: 'male', ageGroup: '30-44', population: 174099798 },
      { sex: 'male', ageGroup: '45-64', population: 144685727 },
      { sex: 'male', ageGroup: '65+', population: 51419856 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.4586 },
      { level: 'secondary', share: 0.4229 },
      { level: 'tertiary', share: 0.1185 },
    ],
  },
  {
    iso3: 'JPN',
    name: "Japan",
    gallupRegion: 'Asia',
    pop15plus: 109268620,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 8735232 },
      { sex: 'female', ageGroup: '30-44', population: 9755928 },
      { sex: 'female', ageGroup: '45-64', population: 17166317 },
      { sex: 'female', ageGroup: '65+', population: 20684464 },
      { sex: 'male', ageGroup: '15-29', population: 9160819 },
      { sex: 'male', ageGroup: '30-44', population: 10070531 },
      { sex: 'male', ageGroup: '45-64', population: 17456017 },
      { sex: 'male', ageGroup: '65+', population: 16239312 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.0191 },
      { level: 'secondary', share: 0.5815 },
      { level: 'tertiary', share: 0.3995 },
    ],
  },
  {
    iso3: 'NGA',
    name: "Nigeria",
    gallupRegion: 'Sub-Saharan Africa',
    pop15plus: 141282179,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 33329552 },
      { sex: 'female', ageGroup: '30-44', population: 19373168 },
      { sex: 'female', ageGroup: '45-64', population: 13396548 },
      { sex: 'female', ageGroup: '65+', population: 3826709 },
      { sex: 'male', ageGroup: '15-29', population: 34584416 },
      { sex: 'male', ageGroup: '30-44', population: 19946666 },
      { sex: 'male', ageGroup: '45-64', population: 13360832 },
      { sex: 'male', ageGroup: '65+', population: 3464288 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.5095 },
      { level: 'secondary', share: 0.3777 },
      { level: 'tertiary', share: 0.1128 },
    ],
  },
  {
    iso3: 'KEN',
    name: "Kenya",
    gallupRegion: 'Sub-Saharan Africa',
    pop15plus: 36672484,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 8686957 },
      { sex: 'female', ageGroup: '30-44', population: 5448779 },
      { sex: 'female', ageGroup: '45-64', population: 3460336 },
      { sex: 'female', ageGroup: '65+', population: 982757 },
      { sex: 'male', ageGroup: '15-29', population: 8507860 },
      { sex: 'male', ageGroup: '30-44', population: 5415949 },
      { sex: 'male', ageGroup: '45-64', population: 3414572 },
      { sex: 'male', ageGroup: '65+', population: 755274 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.3394 },
      { level: 'secondary', share: 0.5797 },
      { level: 'tertiary', share: 0.0809 },
    ],
  },
  {
    iso3: 'EGY',
    name: "Egypt",
    gallupRegion: 'Middle East and North Africa',
    pop15plus: 81014113,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 14699648 },
      { sex: 'female', ageGroup: '30-44', population: 12175715 },
      { sex: 'female', ageGroup: '45-64', population: 9957834 },
      { sex: 'female', ageGroup: '65+', population: 3543419 },
      { sex: 'male', ageGroup: '15-29', population: 15352505 },
      { sex: 'male', ageGroup: '30-44', population: 12559007 },
      { sex: 'male', ageGroup: '45-64', population: 10030099 },
      { sex: 'male', ageGroup: '65+', population: 2695886 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.2938 },
      { level: 'secondary', share: 0.4825 },
      { level: 'tertiary', share: 0.2237 },
    ],
  },
  {
    iso3: 'AUS',
    name: "Australia",
    gallupRegion: 'Oceania',
    pop15plus: 22205125,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 2477238 },
      { sex: 'female', ageGroup: '30-44', population: 2909275 },
      { sex: 'female', ageGroup: '45-64', population: 3278883 },
      { sex: 'female', ageGroup: '65+', population: 2604316 },
      { sex: 'male', ageGroup: '15-29', population: 2611570 },
      { sex: 'male', ageGroup: '30-44', population: 2883803 },
      { sex: 'male', ageGroup: '45-64', population: 3163941 },
      { sex: 'male', ageGroup: '65+', population: 2276099 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.0471 },
      { level: 'secondary', share: 0.5659 },
      { level: 'tertiary', share: 0.3871 },
    ],
  },
  {
    iso3: 'MAR',
    name: "Morocco",
    gallupRegion: 'Middle East and North Africa',
    pop15plus: 28746420,
    ageSex: [
      { sex: 'female', ageGroup: '15-29', population: 4418842 },
      { sex: 'female', ageGroup: '30-44', population: 4168420 },
      { sex: 'female', ageGroup: '45-64', population: 4031598 },
      { sex: 'female', ageGroup: '65+', population: 1716288 },
      { sex: 'male', ageGroup: '15-29', population: 4639969 },
      { sex: 'male', ageGroup: '30-44', population: 4284839 },
      { sex: 'male', ageGroup: '45-64', population: 3955233 },
      { sex: 'male', ageGroup: '65+', population: 1531231 },
    ],
    education: [
      { level: 'primary_or_less', share: 0.5872 },
      { level: 'secondary', share: 0.3173 },
      { level: 'tertiary', share: 0.0955 },
    ],
  },
];
