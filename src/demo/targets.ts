/**
 * What the simulated world is calibrated to: published figures where they exist, stated
 * assumptions elsewhere. Every number here is either cited or marked illustrative.
 *
 * Sources
 * - IOM (2015), "How the World Views Migration", International Organization for Migration,
 *   Geneva (Gallup World Poll interviews 2012–2014, 183,772 adults in 142 countries): share of
 *   adults who want immigration to their country decreased — world 34.5%, Europe 52.1%, Northern
 *   America 39.3%; United Kingdom 69%, Greece 84%, Malta 76%, Russia 70%, Italy 67%, Spain 56%,
 *   France 45%, United States 40%. World answer distribution: kept at the present level 21.8%,
 *   increased 21.3%, decreased 34.5%, the rest (22.4%) don't know or refused.
 * - Esipova, Pugliese and Ray (2018), "Revisiting the Most- and Least-Accepting Countries for
 *   Migrants", Gallup Blog (Gallup World Poll 2016; US and Canada 2017): Migrant Acceptance Index
 *   (0–9) — North Macedonia 1.47, Hungary 1.69, Serbia 1.80, Israel 1.87; Iceland 8.26, New
 *   Zealand 8.25, Rwanda 8.16, Canada 8.14, Sierra Leone 8.05, Mali 8.03, Australia 7.98, Sweden
 *   7.92, United States 7.86, Nigeria 7.76. Russia 2.60 and Türkiye 3.27 as reported with it.
 *
 * How the published figures are met: a published country value is used as it is. The other
 * countries' values below are illustrative priors (not published figures); within a region with
 * a published aggregate (Europe, Northern America) they are moved together by one shift on the
 * log-odds scale so that the adult-population-weighted mean over the study's countries equals the
 * published regional figure, and in the other regions by one common shift so that the world mean
 * over the 51 countries equals 34.5%. The split of the rest into "present level", "increased" and
 * "don't know" starts from regional priors and is fitted (iterative proportional fitting over
 * countries × answers) so that the world shares are 21.8%, 21.3% and 22.4%. These are the 2022
 * truths; 2024 and 2026 move by the stated amounts (`DRIFT`).
 */

export type MigAnswer = 'decreased' | 'present_level' | 'increased' | 'dont_know';
export const MIG_ANSWERS: readonly MigAnswer[] = ['decreased', 'present_level', 'increased', 'dont_know'];

/** Published (IOM 2015) shares wanting immigration decreased. */
export const PUBLISHED_DECREASE = {
  world: 0.345,
  regions: { Europe: 0.521, 'Northern America': 0.393 } as Readonly<Record<string, number>>,
  countries: { GBR: 0.69, GRC: 0.84, MLT: 0.76, RUS: 0.7, ITA: 0.67, ESP: 0.56, FRA: 0.45, USA: 0.4 } as Readonly<
    Record<string, number>
  >,
} as const;

/** Published (IOM 2015) world distribution of the answers (don't know includes refused). */
export const PUBLISHED_WORLD_DISTRIBUTION: Readonly<Record<MigAnswer, number>> = {
  decreased: 0.345,
  present_level: 0.218,
  increased: 0.213,
  dont_know: 0.224,
};

/** Illustrative priors (not published) for the share wanting immigration decreased; shifted as described above. */
export const PRIOR_DECREASE: Readonly<Record<string, number>> = {
  DEU: 0.32,
  TUR: 0.4,
  ISL: 0.14,
  SWE: 0.22,
  HUN: 0.6,
  MKD: 0.62,
  SRB: 0.55,
  FIN: 0.38,
  POL: 0.4,
  NLD: 0.45,
  CAN: 0.3,
  MEX: 0.35,
  BRA: 0.38,
  COL: 0.4,
  PER: 0.42,
  ARG: 0.4,
  CHL: 0.45,
  CHN: 0.2,
  IND: 0.3,
  JPN: 0.3,
  IDN: 0.35,
  PHL: 0.3,
  KOR: 0.3,
  VNM: 0.15,
  PAK: 0.4,
  BGD: 0.35,
  THA: 0.35,
  NGA: 0.3,
  ZAF: 0.55,
  KEN: 0.4,
  RWA: 0.15,
  MLI: 0.2,
  SLE: 0.15,
  ETH: 0.3,
  GHA: 0.35,
  EGY: 0.55,
  TUN: 0.4,
  IRN: 0.35,
  SAU: 0.45,
  MAR: 0.35,
  ISR: 0.45,
  AUS: 0.35,
  NZL: 0.28,
};

/** Illustrative regional priors for how the rest splits between present level, increased and don't know. */
export const PRIOR_REST_SPLIT: Readonly<Record<string, readonly [number, number, number]>> = {
  Europe: [0.55, 0.25, 0.2],
  'Northern America': [0.55, 0.35, 0.1],
  'Latin America and the Caribbean': [0.45, 0.25, 0.3],
  Asia: [0.4, 0.3, 0.3],
  'Sub-Saharan Africa': [0.35, 0.35, 0.3],
  'Middle East and North Africa': [0.4, 0.25, 0.35],
  Oceania: [0.5, 0.4, 0.1],
};

/** Published Migrant Acceptance Index values (Gallup 2018 blog, above). */
export const PUBLISHED_MAI: Readonly<Record<string, number>> = {
  MKD: 1.47,
  HUN: 1.69,
  SRB: 1.8,
  ISR: 1.87,
  RUS: 2.6,
  TUR: 3.27,
  ISL: 8.26,
  NZL: 8.25,
  RWA: 8.16,
  CAN: 8.14,
  SLE: 8.05,
  MLI: 8.03,
  AUS: 7.98,
  SWE: 7.92,
  USA: 7.86,
  NGA: 7.76,
};

/**
 * Illustrative Migrant Acceptance Index of the other countries: 8.5 − 9 × (the country's 2022
 * share wanting decrease), clamped to [1.5, 8]. States the assumption that the two measures move
 * together; it is not a published figure.
 */
export function illustrativeMai(decrease: number): number {
  return Math.min(8, Math.max(1.5, 8.5 - 9 * decrease));
}

/**
 * Known movements of the share wanting immigration decreased, in percentage points: [2022 → 2024,
 * 2024 → 2026]; countries not listed stay flat. The campaign countries and the countries a
 * campaign evaluation would compare them with move in parallel before and after (two pre-waves for
 * a pre-trend test): Sub-Saharan Africa +1 each time; Germany, Sweden, the Netherlands and Finland
 * with France, Spain, Iceland, Malta and Poland +2 then +1.
 */
export const DRIFT: Readonly<Record<string, readonly [number, number]>> = {
  GBR: [-5, -4],
  GRC: [-3, -2],
  ITA: [3, 2],
  HUN: [3, 3],
  RUS: [0, 0],
  TUR: [0, 0],
  DEU: [2, 1],
  SWE: [2, 1],
  NLD: [2, 1],
  FIN: [2, 1],
  FRA: [2, 1],
  ESP: [2, 1],
  ISL: [2, 1],
  MLT: [2, 1],
  POL: [2, 1],
  USA: [3, 5],
  CAN: [4, 6],
  COL: [5, 2],
  PER: [4, 2],
  CHL: [5, 3],
  IND: [2, 2],
  JPN: [-3, -3],
  KOR: [-2, -2],
  NGA: [1, 1],
  ZAF: [1, 1],
  KEN: [1, 1],
  RWA: [1, 1],
  MLI: [1, 1],
  SLE: [1, 1],
  ETH: [1, 1],
  GHA: [1, 1],
  TUN: [3, 3],
  AUS: [-2, 2],
};

/**
 * The waves of the simulation in order, and which drift step leads to each. The world models the
 * planned 2028 wave too (instrument v4, the perception question; no drift after 2026), but the
 * demo build fields only `FIELDED_WAVES`: a fourth wave of 51,000 respondents would add about a
 * third to the time `npm start` takes to build the world.
 */
export const SIMULATED_WAVES = ['mp-2022', 'mp-2024', 'mp-2026', 'mp-2028'] as const;
export type SimulatedWave = (typeof SIMULATED_WAVES)[number];
/** The waves `buildDemoWorld` opens, answers and weighs (the 2022, 2024 and 2026 waves). */
export const FIELDED_WAVES = ['mp-2022', 'mp-2024', 'mp-2026'] as const;
/**
 * The fielded waves and the planned 2028 one (`barometer demo --planned`, `serve --demo-planned
 * true`): a world whose perception indicators and fact-arm split have data — simulated answers to
 * a wave not yet fielded, a preview of what it will publish.
 */
export const WITH_PLANNED_WAVES = SIMULATED_WAVES;
