/**
 * The placebo table's ratio column: a country whose fit before is exact to the solver's precision
 * (a pre-period RMSPE of a few millionths of a point, shown 0.00) has no ratio to show — the npm
 * start world printed 49,218.70 for Nigeria — while the others keep theirs.
 */
import { describe, expect, it } from 'vitest';
import { syntheticTables } from '../../dashboards/i18n-synthetic.ts';
import type { SyntheticImpact } from '../../src/indicators/campaign/synthetic.ts';

const impact: Extract<SyntheticImpact, { kind: 'fitted' }> = {
  kind: 'fitted',
  treated: 'ZAF',
  donors: [
    { country: 'NGA', weight: 0.4 },
    { country: 'KEN', weight: 0.6 },
  ],
  waves: [
    { wave: 'mp-2024', post: false, treated: 50, synthetic: 48, gap: 2 },
    { wave: 'mp-2026', post: true, treated: 45, synthetic: 48, gap: -3 },
  ],
  effect: { wave: 'mp-2026', estimate: -3 },
  preRmspe: 2,
  postRmspe: 3,
  ratio: 1.5,
  placebos: [
    // 2.17 / 0.0000441 = 49,206: the solver's residual, not a fit of the data.
    { country: 'NGA', preRmspe: 0.0000441, postRmspe: 2.17, ratio: 2.17 / 0.0000441, effect: 2.2 },
    { country: 'KEN', preRmspe: 3.64, postRmspe: 2.96, ratio: 2.96 / 3.64, effect: 3 },
  ],
  rank: 2,
  units: 3,
  p: 2 / 3,
  preWaves: 1,
  weak: true,
  poorFit: false,
  cells: [],
};

describe('the placebo table of the synthetic control', () => {
  it('writes "not defined (exact fit before)" for a fit that reads 0.00, and the ratio otherwise', () => {
    const { placebos } = syntheticTables('en', impact);
    expect(placebos.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['1. Nigeria', '0.00', 'not defined (exact fit before)'],
      ['2. South Africa ★', '2.00', '1.50'],
      ['3. Kenya', '3.64', '0.81'],
    ]);
    expect(syntheticTables('ar', impact).placebos.rows[0]?.[3]).toBe('غير معرّفة (مطابقة تامة قبل)');
  });
});
