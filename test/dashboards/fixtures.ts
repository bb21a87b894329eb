/**
 * Hand-built series for the chart tests: two regions and the world over three waves, with a
 * suppressed point (Europe 2024, n = 30), a missing one (Asia 2022), and a series break before
 * 2026 for the world; three countries for the map and ranking, one of them suppressed.
 */
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint } from '../../src/indicators/types.ts';

const world: Geography = { kind: 'world' };
const europe: Geography = { kind: 'region', region: 'Europe' };
const asia: Geography = { kind: 'region', region: 'Asia' };
export const gbr: Geography = { kind: 'country', iso3: 'GBR', name: 'United Kingdom', region: 'Europe' };
export const fra: Geography = { kind: 'country', iso3: 'FRA', name: 'France', region: 'Europe' };
export const ind: Geography = { kind: 'country', iso3: 'IND', name: 'India', region: 'Asia' };

const waves = { w1: 2022, w2: 2024, w3: 2026 } as const;

export function pt(
  geography: Geography,
  wave: keyof typeof waves,
  estimate: number | null,
  o: Partial<SeriesPoint> = {},
): SeriesPoint {
  return {
    study: 's',
    indicator: 'wantsDecrease',
    wave,
    year: waves[wave],
    geography,
    subgroup: null,
    estimate,
    se: estimate === null ? null : 0.01,
    ciLow: estimate === null ? null : estimate - 0.02,
    ciHigh: estimate === null ? null : estimate + 0.02,
    level: 0.95,
    moe: estimate === null ? null : 0.0196,
    n: 1000,
    effectiveN: 800,
    deff: 1.25,
    coverage: 1,
    missingCountries: [],
    suppressed: null,
    weightingRunId: 'run-1',
    ...o,
  };
}

export const trendPoints: SeriesPoint[] = [
  pt(world, 'w1', 0.4),
  pt(world, 'w2', 0.42),
  pt(world, 'w3', 0.5),
  pt(europe, 'w1', 0.5),
  pt(europe, 'w2', null, { suppressed: 'below_minimum_n', n: 30 }),
  pt(europe, 'w3', 0.55),
  pt(asia, 'w1', null, { suppressed: 'no_data', n: 0 }),
  pt(asia, 'w2', 0.3),
  pt(asia, 'w3', 0.32),
];

export function ch(
  geography: Geography,
  from: 'w1' | 'w2',
  to: 'w2' | 'w3',
  change: number | null,
  o: Partial<SeriesChange> = {},
): SeriesChange {
  return {
    study: 's',
    indicator: 'wantsDecrease',
    fromWave: from,
    toWave: to,
    geography,
    subgroup: null,
    change,
    se: change === null ? null : 0.015,
    ciLow: change === null ? null : change - 0.0294,
    ciHigh: change === null ? null : change + 0.0294,
    level: 0.95,
    pValue: change === null ? null : 0.01,
    significant: change === null ? null : Math.abs(change) > 0.0294,
    test: 'two-sided z test, independent samples',
    seriesBreak: null,
    suppressed: null,
    ...o,
  };
}

export const trendChanges: SeriesChange[] = [
  ch(world, 'w2', 'w3', null, { seriesBreak: { questions: ['MIG_LEVEL'], what: 'answer options changed' } }),
];

export const changeRows: SeriesChange[] = [
  ch(world, 'w2', 'w3', 0.05),
  ch(europe, 'w2', 'w3', 0.01, { pValue: 0.5, significant: false }),
  ch(asia, 'w2', 'w3', -0.04),
  ch({ kind: 'region', region: 'Oceania' }, 'w2', 'w3', null, {
    seriesBreak: { questions: ['MIG_LEVEL'], what: 'answer options changed' },
  }),
];

export const countryPoints: SeriesPoint[] = [
  pt(gbr, 'w3', 0.6),
  pt(fra, 'w3', 0.45),
  pt(ind, 'w3', null, { suppressed: 'below_minimum_n', n: 20 }),
];
export const aggregatePoints: SeriesPoint[] = [pt(world, 'w3', 0.5), pt(europe, 'w3', 0.55), pt(asia, 'w3', 0.32)];

export const distributionPoints: DistributionPoint[] = [
  {
    study: 's',
    question: 'MIG_LEVEL',
    wave: 'w3',
    geography: world,
    shares: { present_level: 0.4, increased: 0.2, decreased: 0.3, dont_know: 0.08, refused: 0.02 },
    n: 3000,
    suppressed: null,
  },
  {
    study: 's',
    question: 'MIG_LEVEL',
    wave: 'w3',
    geography: europe,
    shares: { present_level: 0.3, increased: 0.1, decreased: 0.5, dont_know: 0.1, refused: 0 },
    n: 2000,
    suppressed: null,
  },
  { study: 's', question: 'MIG_LEVEL', wave: 'w3', geography: asia, shares: {}, n: 20, suppressed: 'below_minimum_n' },
];

export const migLevelOptions = [
  { code: 'present_level', label: 'Kept at its present level' },
  { code: 'increased', label: 'Increased' },
  { code: 'decreased', label: 'Decreased' },
  { code: 'dont_know', label: "Don't know" },
  { code: 'refused', label: 'Refused' },
];

export const subgroupPoints: SeriesPoint[] = [
  pt(gbr, 'w3', 0.6),
  pt(gbr, 'w3', 0.7, { subgroup: { variable: 'age_group', level: '65+' } }),
  pt(gbr, 'w3', 0.5, { subgroup: { variable: 'age_group', level: '15-29' } }),
  pt(gbr, 'w3', null, { subgroup: { variable: 'sex', level: 'female' }, suppressed: 'below_minimum_n', n: 12 }),
  pt(gbr, 'w3', 0.58, { subgroup: { variable: 'sex', level: 'male' } }),
];

/**
 * SVG normalised as Observable Plot's own snapshot tests do: numbers rounded (so a different
 * floating-point path in a dependency does not fail the test), one element per line.
 */
export function normaliseSvg(svg: string): string {
  return (
    svg
      .replace(/(\d+\.\d{2})\d+/g, '$1')
      .replace(/></g, '>\n<')
      .trim() + '\n'
  );
}
