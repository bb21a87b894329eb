import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  defineInstrument,
  type DefinitionIssue,
  type InstrumentInput,
  type Text,
} from '../../src/instrument/index.ts';

const t = (en: string): Text => ({ en, fr: `${en} (fr)` });
const yesNo = [
  { code: 'yes', label: t('Yes') },
  { code: 'no', label: t('No') },
];
const base = (blocks: InstrumentInput['blocks'], extra: Partial<InstrumentInput> = {}): InstrumentInput => ({
  id: 'checks',
  version: '1',
  title: t('Checks'),
  languages: [
    { code: 'en', name: 'English', dir: 'ltr' },
    { code: 'fr', name: 'Français', dir: 'ltr' },
  ],
  blocks,
  ...extra,
});

function issuesOf(input: InstrumentInput): DefinitionIssue[] {
  try {
    defineInstrument(input);
  } catch (err) {
    if (err instanceof DefinitionError) return [...err.issues];
    throw err;
  }
  return [];
}

describe('definition-time validation names the place of each problem', () => {
  it('accepts a correct instrument', () => {
    expect(
      issuesOf(base([{ id: 'a', questions: [{ kind: 'single', code: 'Q1', text: t('One'), options: yesNo }] }])),
    ).toEqual([]);
  });

  it('missing and empty translations name question and language', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          questions: [
            {
              kind: 'single',
              code: 'Q1',
              text: { en: 'One' },
              options: [
                { code: 'yes', label: { en: 'Yes', fr: ' ' } },
                { code: 'no', label: t('No') },
              ],
            },
          ],
        },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'missing_translation',
        question: 'Q1',
        lang: 'fr',
        path: 'instrument(checks@1).blocks[a].questions[Q1].text.fr',
      }),
      expect.objectContaining({
        code: 'missing_translation',
        question: 'Q1',
        lang: 'fr',
        path: 'instrument(checks@1).blocks[a].questions[Q1].options[yes].label.fr',
      }),
    ]);
  });

  it('a translation into an undeclared language is an error', () => {
    const issues = issuesOf(
      base([{ id: 'a', questions: [{ kind: 'text', code: 'Q1', text: { ...t('One'), de: 'Eins' } }] }]),
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown_language', lang: 'de', question: 'Q1' })]);
  });

  it('offering a missing code needs its label', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          questions: [{ kind: 'single', code: 'Q1', text: t('One'), options: yesNo, missing: ['dont_know'] }],
        },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'missing_translation',
        path: 'instrument(checks@1).missingLabels.dont_know',
        question: 'Q1',
      }),
    ]);
  });

  it('duplicate question codes, duplicate and reserved option codes, grid column clashes', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          questions: [
            { kind: 'single', code: 'Q1', text: t('One'), options: [...yesNo, { code: 'yes', label: t('Yes again') }] },
            {
              kind: 'single',
              code: 'Q2',
              text: t('Two'),
              options: [...yesNo, { code: 'refused', label: t('Refused') }],
            },
            { kind: 'grid', code: 'G', text: t('Grid'), items: [{ code: 'X', label: t('X') }], scale: yesNo },
            { kind: 'text', code: 'G_X', text: t('Clash') },
          ],
        },
        { id: 'b', questions: [{ kind: 'text', code: 'Q1', text: t('One again') }] },
      ]),
    );
    expect(issues.map((i) => [i.code, i.question, i.path])).toEqual([
      ['duplicate_option_code', 'Q1', 'instrument(checks@1).blocks[a].questions[Q1].options[yes]'],
      ['reserved_option_code', 'Q2', 'instrument(checks@1).blocks[a].questions[Q2].options[refused]'],
      ['duplicate_code', 'G_X', 'instrument(checks@1).blocks[a].questions[G_X]'],
      ['duplicate_code', 'Q1', 'instrument(checks@1).blocks[b].questions[Q1]'],
    ]);
  });

  it('ranges that cannot be satisfied', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          questions: [
            { kind: 'numeric', code: 'N', text: t('N'), min: 10, max: 5 },
            { kind: 'multiple', code: 'M', text: t('M'), options: yesNo, minSelections: 3 },
            { kind: 'ranking', code: 'R', text: t('R'), options: yesNo, maxRanked: 3 },
          ],
        },
      ]),
    );
    expect(issues.map((i) => [i.code, i.question])).toEqual([
      ['invalid_range', 'N'],
      ['invalid_range', 'M'],
      ['invalid_range', 'R'],
    ]);
  });

  it('logic: unknown question, unknown option, operator not applicable', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          questions: [
            { kind: 'single', code: 'Q1', text: t('One'), options: yesNo },
            { kind: 'text', code: 'T', text: t('Text') },
          ],
        },
        {
          id: 'b',
          questions: [
            { kind: 'text', code: 'Q2', text: t('Two'), showIf: { op: 'equals', question: 'Q9', value: 'yes' } },
            { kind: 'text', code: 'Q3', text: t('Three'), showIf: { op: 'equals', question: 'Q1', value: 'maybe' } },
            { kind: 'text', code: 'Q4', text: t('Four'), showIf: { op: 'gt', question: 'T', value: 3 } },
            {
              kind: 'text',
              code: 'Q5',
              text: t('Five'),
              showIf: { op: 'missing', question: 'Q1', codes: ['dont_know'] },
            },
          ],
        },
      ]),
    );
    expect(issues.map((i) => [i.code, i.question, i.path])).toEqual([
      ['unknown_question', 'Q2', 'instrument(checks@1).blocks[b].questions[Q2].showIf.equals(Q9)'],
      ['unknown_option', 'Q3', 'instrument(checks@1).blocks[b].questions[Q3].showIf.equals(Q1)'],
      ['operator_not_applicable', 'Q4', 'instrument(checks@1).blocks[b].questions[Q4].showIf.gt(T)'],
      ['unknown_option', 'Q5', 'instrument(checks@1).blocks[b].questions[Q5].showIf.missing(Q1)'],
    ]);
  });

  it('forward references: later page, same page, and pages that block randomisation may reorder', () => {
    const issues = issuesOf(
      base(
        [
          {
            id: 'a',
            anchor: true,
            questions: [
              {
                kind: 'single',
                code: 'Q1',
                text: t('One'),
                options: yesNo,
                showIf: { op: 'answered', question: 'Q3' },
              },
              { kind: 'text', code: 'Q2', text: t('Two'), showIf: { op: 'answered', question: 'Q1' } },
            ],
          },
          { id: 'b', questions: [{ kind: 'single', code: 'Q3', text: t('Three'), options: yesNo }] },
          {
            id: 'c',
            questions: [
              { kind: 'text', code: 'Q4', text: t('Four'), showIf: { op: 'equals', question: 'Q3', value: 'yes' } },
              { kind: 'text', code: 'Q5', text: t('Five'), showIf: { op: 'equals', question: 'Q1', value: 'yes' } },
            ],
          },
        ],
        { randomizeBlocks: true },
      ),
    );
    expect(issues.map((i) => [i.code, i.question, i.message])).toEqual([
      ['forward_reference', 'Q1', 'condition uses Q3, which comes later (block b)'],
      [
        'forward_reference',
        'Q2',
        'condition uses Q1, which is on the same page; only answers from earlier pages can be used',
      ],
      [
        'forward_reference',
        'Q4',
        'condition uses Q3, whose block may be shown later because blocks are randomised (anchor one of them)',
      ],
    ]);
  });

  it('cycles, including through a block condition and a self-reference', () => {
    const issues = issuesOf(
      base([
        {
          id: 'a',
          showIf: { op: 'answered', question: 'Q2' },
          questions: [{ kind: 'text', code: 'Q1', text: t('One') }],
        },
        {
          id: 'b',
          questions: [{ kind: 'text', code: 'Q2', text: t('Two'), showIf: { op: 'answered', question: 'Q1' } }],
        },
        {
          id: 'c',
          questions: [{ kind: 'text', code: 'Q3', text: t('Three'), showIf: { op: 'answered', question: 'Q3' } }],
        },
      ]),
    );
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ['cycle', 'circular logic: Q1 → block:a → Q2 → Q1'],
      ['cycle', 'circular logic: Q3 → Q3'],
    ]);
  });

  it('piping: unknown code, later question, different codes per language, malformed placeholder', () => {
    const issues = issuesOf(
      base([
        { id: 'a', questions: [{ kind: 'single', code: 'Q1', text: t('One'), options: yesNo }] },
        {
          id: 'b',
          questions: [
            { kind: 'text', code: 'Q2', text: { en: 'You said {{Q1}}', fr: 'Vous avez dit {{Q1}}' } },
            { kind: 'text', code: 'Q3', text: { en: 'About {{NOPE}}', fr: 'À propos de {{NOPE}}' } },
            { kind: 'text', code: 'Q4', text: { en: 'You said {{Q1}}', fr: 'Vous avez dit' } },
            { kind: 'text', code: 'Q5', text: { en: 'Broken {{Q1', fr: 'Cassé {{Q1}}' } },
            { kind: 'text', code: 'Q6', text: t('Later {{Q7}}') },
          ],
        },
        { id: 'c', questions: [{ kind: 'text', code: 'Q7', text: t('Seven') }] },
      ]),
    );
    expect(issues.map((i) => [i.code, i.question, i.lang])).toEqual([
      ['invalid_piping', 'Q4', undefined],
      ['invalid_piping', 'Q5', 'en'],
      ['invalid_piping', 'Q5', undefined],
      ['unknown_question', 'Q3', 'en'],
      ['unknown_question', 'Q3', 'fr'],
      ['forward_reference', 'Q6', 'en'],
      ['forward_reference', 'Q6', 'fr'],
    ]);
  });

  it('shape errors are reported with their path before any semantic check', () => {
    const issues = issuesOf(
      base([{ id: 'a', questions: [{ kind: 'single', code: 'lower', text: t('x'), options: yesNo }] }]),
    );
    expect(issues).toEqual([
      expect.objectContaining({ code: 'invalid_shape', path: 'instrument(checks@1).blocks[0].questions[0].code' }),
    ]);
  });

  it('defined instruments are frozen', () => {
    const instrument = defineInstrument(base([{ id: 'a', questions: [{ kind: 'text', code: 'Q1', text: t('One') }] }]));
    expect(Object.isFrozen(instrument.blocks[0]?.questions[0])).toBe(true);
  });
});
