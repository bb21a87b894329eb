import { describe, expect, it } from 'vitest';
import { describeIndicator, scoreIndicator, type Answers, type IndicatorScore } from '../../src/instrument/index.ts';
import {
  campaignAware,
  migrantAcceptanceIndex,
  wantsDecrease,
  wantsKept,
} from '../../survey-definitions/migration-perceptions/indicators.ts';
import { instrumentV1, instrumentV2 } from '../../survey-definitions/migration-perceptions/instrument.ts';

const mai = (
  live: Answers[string] | undefined,
  neighbor: Answers[string] | undefined,
  marry: Answers[string] | undefined,
): Answers => ({
  ...(live !== undefined ? { MAI_LIVE: live } : {}),
  ...(neighbor !== undefined ? { MAI_NEIGHBOR: neighbor } : {}),
  ...(marry !== undefined ? { MAI_MARRY: marry } : {}),
});
const DK = { missing: 'dont_know' } as const;
const REF = { missing: 'refused' } as const;

describe('Migrant Acceptance Index (good = 3, depends / don’t know = 1, bad = 0, summed 0–9)', () => {
  it.each<[string, Answers, IndicatorScore]>([
    ['good, good, good = 3 + 3 + 3', mai('good', 'good', 'good'), { inBase: true, value: 9 }],
    ['bad, bad, bad = 0', mai('bad', 'bad', 'bad'), { inBase: true, value: 0 }],
    ['good, depends, bad = 3 + 1 + 0', mai('good', 'depends', 'bad'), { inBase: true, value: 4 }],
    ['don’t know ×3 = 1 + 1 + 1', mai(DK, DK, DK), { inBase: true, value: 3 }],
    ['depends, good, don’t know = 1 + 3 + 1', mai('depends', 'good', DK), { inBase: true, value: 5 }],
    ['good, good, bad = 3 + 3 + 0', mai('good', 'good', 'bad'), { inBase: true, value: 6 }],
    ['refused on any item excludes', mai('good', REF, 'good'), { inBase: false, reason: 'refused' }],
    ['an unanswered item excludes', mai('good', 'bad', undefined), { inBase: false, reason: 'no_answer' }],
    ['break-off excludes', mai('good', { missing: 'break_off' }, 'good'), { inBase: false, reason: 'break_off' }],
  ])('%s', (_name, answers, expected) => {
    expect(scoreIndicator(migrantAcceptanceIndex, instrumentV2, answers)).toEqual(expected);
  });

  it('the mean over respondents in the base, by hand: (9 + 4 + 3 + 5) / 4 = 5.25', () => {
    const sample = [
      mai('good', 'good', 'good'),
      mai('good', 'depends', 'bad'),
      mai(DK, DK, DK),
      mai('depends', 'good', DK),
      mai('good', REF, 'good'),
    ];
    const scored = sample
      .map((a) => scoreIndicator(migrantAcceptanceIndex, instrumentV2, a))
      .flatMap((s) => (s.inBase ? [s.value] : []));
    expect(scored).toEqual([9, 4, 3, 5]);
    expect(scored.reduce((a, b) => a + b, 0) / scored.length).toBe(5.25);
  });
});

describe('shares state their base', () => {
  it.each<[Answers, IndicatorScore]>([
    [{ MIG_LEVEL: 'decreased' }, { inBase: true, value: 1 }],
    [{ MIG_LEVEL: 'increased' }, { inBase: true, value: 0 }],
    [{ MIG_LEVEL: DK }, { inBase: true, value: 0 }],
    [{ MIG_LEVEL: REF }, { inBase: false, reason: 'refused' }],
    [{ MIG_LEVEL: { missing: 'not_asked' } }, { inBase: false, reason: 'not_asked' }],
    [{}, { inBase: false, reason: 'no_answer' }],
  ])('wantsDecrease with %j', (answers, expected) => {
    expect(scoreIndicator(wantsDecrease, instrumentV2, answers)).toEqual(expected);
  });

  it('by hand: decreased, decreased, present level, don’t know, refused → 2 of 4 = 50% want fewer; 1 of 4 kept', () => {
    const sample: Answers[] = [
      { MIG_LEVEL: 'decreased' },
      { MIG_LEVEL: 'decreased' },
      { MIG_LEVEL: 'present_level' },
      { MIG_LEVEL: DK },
      { MIG_LEVEL: REF },
    ];
    const share = (ind: typeof wantsDecrease) => {
      const s = sample.map((a) => scoreIndicator(ind, instrumentV2, a)).flatMap((x) => (x.inBase ? [x.value] : []));
      return s.reduce((a, b) => a + b, 0) / s.length;
    };
    expect(share(wantsDecrease)).toBe(0.5);
    expect(share(wantsKept)).toBe(0.25);
  });

  it('campaign awareness is not available for respondents of version 1 (question absent)', () => {
    expect(scoreIndicator(campaignAware, instrumentV1, { MIG_LEVEL: 'decreased' })).toEqual({
      inBase: false,
      reason: 'no_answer',
    });
    expect(scoreIndicator(campaignAware, instrumentV2, { CAMPAIGN_SEEN: 'yes' })).toEqual({ inBase: true, value: 1 });
    expect(scoreIndicator(campaignAware, instrumentV2, { CAMPAIGN_SEEN: DK })).toEqual({ inBase: true, value: 0 });
  });

  it('describes the base in words, saying where don’t know goes', () => {
    expect(describeIndicator(wantsDecrease).base).toContain("don't know counted in the base");
    expect(describeIndicator(wantsDecrease).base).toContain('refused excluded from the base');
    expect(describeIndicator(migrantAcceptanceIndex).definition).toContain(
      'MAI_LIVE (good = 3, depends = 1, dont_know = 1, bad = 0)',
    );
  });
});
