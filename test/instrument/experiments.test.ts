import { describe, expect, it } from 'vitest';
import {
  buildCodebook,
  defineInstrument,
  exportColumns,
  exportValue,
  isQuestionVisible,
  permutedBlockArm,
  validateAnswers,
  type Experiment,
  type InstrumentInput,
} from '../../src/instrument/index.ts';
import { campaignInstrument, campaignStudy } from './fixtures/campaign-study.ts';
import { EN_FR, tx, yesNo } from './fixtures/shared.ts';

const experiment = campaignInstrument.blocks.find((b) => b.id === 'message')?.experiment;
if (!experiment) throw new Error('the fixture has no experiment');
const threeArms: Experiment = {
  ...experiment,
  arms: [
    { code: 'story', label: tx('Story', 'Récit'), questions: [] },
    { code: 'fact', label: tx('Fact', 'Fait'), questions: [] },
    { code: 'control', label: tx('None', 'Aucun'), questions: [] },
  ],
};

const count = (arms: readonly string[]) =>
  arms.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a]: (acc[a] ?? 0) + 1 }), {});

describe('permuted-block assignment', () => {
  it('balances every complete block exactly: two of each of three arms in every 6 consecutive positions', () => {
    const arms = Array.from({ length: 600 }, (_, position) =>
      permutedBlockArm(threeArms, { wave: 'w-2025', stratum: 'zaf', position }),
    );
    for (let b = 0; b < 100; b++)
      expect(count(arms.slice(b * 6, b * 6 + 6))).toEqual({ story: 2, fact: 2, control: 2 });
    // After any prefix the arms differ by at most the block's share (2) — the guarantee of permuted blocks.
    for (let k = 1; k <= arms.length; k++) {
      const c = Object.values(count(arms.slice(0, k)));
      expect(Math.max(...c) - Math.min(...(c.length === 3 ? c : [0]))).toBeLessThanOrEqual(2);
    }
  });

  it('is reproducible from the seed, and the order varies between blocks, strata, waves and seeds', () => {
    const seq = (over: Partial<{ wave: string; stratum: string; seed: string }> = {}) =>
      Array.from({ length: 60 }, (_, position) =>
        permutedBlockArm(
          { ...threeArms, seed: over.seed ?? threeArms.seed },
          { wave: over.wave ?? 'w', stratum: over.stratum ?? 's', position },
        ),
      ).join(',');
    expect(seq()).toBe(seq());
    expect(seq({ stratum: 'other' })).not.toBe(seq());
    expect(seq({ wave: 'w2' })).not.toBe(seq());
    expect(seq({ seed: 'another seed' })).not.toBe(seq());
    const blocks = new Set(
      seq()
        .split(',')
        .reduce<string[]>(
          (acc, arm, i) => (i % 6 === 0 ? [...acc, arm] : [...acc.slice(0, -1), `${acc.at(-1)},${arm}`]),
          [],
        ),
    );
    expect(blocks.size).toBeGreaterThan(3);
  });

  it('uses each of the 90 orders of a block of six about equally often (chi-square against uniform)', () => {
    const orders = new Map<string, number>();
    const n = 9000;
    for (let b = 0; b < n; b++) {
      const key = Array.from({ length: 6 }, (_, i) =>
        permutedBlockArm(threeArms, { wave: 'w', stratum: 's', position: b * 6 + i }),
      ).join(',');
      orders.set(key, (orders.get(key) ?? 0) + 1);
    }
    expect(orders.size).toBe(90); // 6! / (2!·2!·2!)
    const expected = n / 90;
    const chi2 = [...orders.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(135.98); // 99.9th percentile of chi-square with 89 df: R qchisq(0.999, 89) = 135.9776
  });

  it('refuses a bad position', () => {
    expect(() => permutedBlockArm(threeArms, { wave: 'w', stratum: 's', position: -1 })).toThrow(
      /non-negative integer/,
    );
  });
});

describe('experiment blocks in the instrument', () => {
  it('shows an arm’s questions only to that arm; the arm is recorded beside the answers and checked', () => {
    expect(isQuestionVisible(campaignInstrument, 'STORY', {})).toBe(false);
    expect(isQuestionVisible(campaignInstrument, 'STORY', { ARM: 'control' })).toBe(false);
    expect(isQuestionVisible(campaignInstrument, 'STORY', { ARM: 'story' })).toBe(true);
    const ok = validateAnswers(campaignInstrument, { COUNTRY: 'zaf', ARM: 'story' }, { mode: 'partial' });
    expect(ok).toEqual({ ok: true, answers: { COUNTRY: 'zaf', ARM: 'story' } });
    const bad = validateAnswers(campaignInstrument, { COUNTRY: 'zaf', ARM: 'shouting' }, { mode: 'partial' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.ARM).toMatchObject({ code: 'unknown_option' });
  });

  it('exports and documents the arm: a column with the arm labels, and a codebook variable saying how it was assigned', () => {
    const column = exportColumns(campaignInstrument).find((c) => c.name === 'ARM');
    expect(column).toMatchObject({
      kind: 'experiment',
      type: 'code',
      values: [{ code: 'story' }, { code: 'control' }],
    });
    if (!column) throw new Error('no ARM column');
    expect(exportValue(column, { ARM: 'story' }, { labelled: true, lang: 'fr' })).toBe('Récit');
    expect(exportColumns(campaignInstrument).map((c) => c.name)).toEqual([
      'COUNTRY',
      'AGE',
      'SEX',
      'FEWER',
      'UNAIDED',
      'SEEN_REAL',
      'SEEN_FAKE',
      'ARM',
      'BETTER',
    ]);
    const book = buildCodebook(campaignStudy());
    const arm = book.variables.find((v) => v.name === 'ARM');
    expect(arm).toMatchObject({
      kind: 'experiment',
      block: 'message',
      options: [{ code: 'story' }, { code: 'control' }],
    });
    expect(arm?.logic).toBe(
      'assigned at random when the respondent leaves the page before its block; permuted blocks of 4 (story, control; control: control) within each answer to COUNTRY, seed "fixture"',
    );
    expect(book.variables.find((v) => v.name === 'STORY')).toBeUndefined(); // info text: no variable
  });

  const broken = (
    experimentPatch: Partial<Experiment>,
    blocks?: (b: InstrumentInput['blocks']) => InstrumentInput['blocks'],
  ) => {
    const base: InstrumentInput = {
      id: 'broken-experiment',
      version: '1',
      title: tx('F', 'F'),
      languages: EN_FR,
      blocks: [
        { id: 'first', questions: [yesNo('COUNTRY'), { kind: 'numeric', code: 'AGE', text: tx('Age?', 'Âge ?') }] },
        {
          id: 'message',
          experiment: { ...experiment, stratifyBy: 'COUNTRY', ...experimentPatch },
          questions: [{ kind: 'info', code: 'STORY', text: tx('A story.', 'Un récit.') }],
        },
      ],
    };
    try {
      defineInstrument({ ...base, blocks: blocks ? blocks(base.blocks) : base.blocks });
    } catch (err) {
      return String(err);
    }
    return '';
  };

  it.each<[string, Partial<Experiment>, RegExp]>([
    ['a control that is not an arm', { control: 'nobody' }, /control arm "nobody" is not one of the arms/],
    [
      'an arm question outside the block',
      {
        arms: [
          { code: 'a', label: tx('A', 'A'), questions: ['AGE'] },
          { code: 'control', label: tx('C', 'C'), questions: [] },
        ],
      },
      /arm "a" lists AGE, which is not a question of block message/,
    ],
    [
      'a question in two arms',
      {
        arms: [
          { code: 'a', label: tx('A', 'A'), questions: ['STORY'] },
          { code: 'control', label: tx('C', 'C'), questions: ['STORY'] },
        ],
      },
      /STORY is listed in more than one arm/,
    ],
    ['a block size that cannot balance', { blockSize: 3 }, /blockSize 3 is not a multiple of the 2 arms/],
    ['a numeric stratifier', { stratifyBy: 'AGE' }, /stratifyBy must be a single-choice question; AGE is numeric/],
    ['an unknown stratifier', { stratifyBy: 'NOPE' }, /experiment stratifies by NOPE, which the instrument lacks/],
    ['a code taken by a question', { code: 'AGE' }, /experiment code AGE is also used by a question/],
    ['an untranslated label', { label: { en: 'Only English', fr: '' } }, /experiment\.label\.fr/],
  ])('definition checks refuse %s', (_what, patch, expected) => {
    expect(broken(patch)).toMatch(expected);
  });

  it('refuses an experiment on the first page, where no earlier page assigns it', () => {
    expect(broken({ stratifyBy: undefined }, (blocks) => [...blocks].reverse())).toMatch(
      /an experiment block must be an anchored block after the first page/,
    );
  });
});
