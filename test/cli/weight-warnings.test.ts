import { describe, expect, it } from 'vitest';
import { weightingWarningSummary } from '../../src/cli/weight-warnings.ts';
import type { WeightingWarning } from '../../src/indicators/index.ts';

const warning = (code: WeightingWarning['code'], country: string | null, cell = 'age=15-24'): WeightingWarning => ({
  code,
  country,
  cell,
  message: `${country ?? 'wave'}: ${code} at ${cell}`,
});

describe('the summary of weighting warnings that barometer weight ends with', () => {
  it('says nothing when there is no warning', () => {
    expect(weightingWarningSummary([])).toEqual([]);
  });

  it('has one line per kind, with its countries by count, most frequent kind first', () => {
    const warnings = [
      ...['ARG', 'ARG', 'ARG', 'BRA', 'CHL', 'CHL'].map((c) => warning('sparse_cell', c)),
      warning('empty_cell', 'BRA'),
      warning('unknown_country', null, 'xxx'),
    ];
    expect(weightingWarningSummary(warnings)).toEqual([
      'warnings by kind: 8 warnings of 3 kinds (--verbose prints each one; all are stored with the run)',
      '  kind             countries  warnings  country (warnings)',
      '  sparse_cell      3          6         ARG 3, CHL 2, BRA 1',
      '  empty_cell       1          1         BRA 1',
      '  unknown_country  1          1         no country 1',
    ]);
  });

  it('keeps a line short with many countries: the twelve most frequent, then how many more', () => {
    // 193 warnings over 51 countries, as a demo world's weighting run gives.
    const countries = Array.from({ length: 51 }, (_, i) => `C${String(i).padStart(2, '0')}`);
    const warnings = Array.from({ length: 193 }, (_, i) => warning('sparse_cell', countries[i % 51] ?? 'C00'));
    const lines = weightingWarningSummary(warnings);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('193 warnings of 1 kind');
    expect(lines[2]).toMatch(/^ {2}sparse_cell +51 +193 +C00 4, C01 4, .*, and 39 more$/);
    const counted = (lines[2] ?? '').match(/C\d\d \d/g) ?? [];
    expect(counted).toHaveLength(12);
  });
});
