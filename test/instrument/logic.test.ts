import { describe, expect, it } from 'vitest';
import {
  Condition,
  DefinitionError,
  UnknownOperatorError,
  defineInstrument,
  describeCondition,
  evaluateCondition,
  isMissing,
  isMissingCode,
  isQuestionVisible,
  MissingAnswer,
  MissingCode,
  recordBreakOff,
  validateAnswers,
  visibleQuestions,
  type Answers,
  type Text,
} from '../../src/instrument/index.ts';

const en = (s: string): Text => ({ en: s });
const yesNo = [
  { code: 'yes', label: en('Yes') },
  { code: 'no', label: en('No') },
];

const instrument = defineInstrument({
  id: 'logic',
  version: '1',
  title: en('Logic'),
  languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
  missingLabels: { dont_know: en("Don't know"), refused: en('Refused') },
  blocks: [
    {
      id: 'screen',
      questions: [
        { kind: 'numeric', code: 'AGE', text: en('Age'), min: 15, max: 120 },
        {
          kind: 'single',
          code: 'KNOWS',
          text: en('Knows migrants?'),
          options: yesNo,
          missing: ['dont_know', 'refused'],
        },
        {
          kind: 'scale',
          code: 'TRUST',
          text: en('Trust'),
          points: [1, 2, 3, 4].map((v) => ({ code: `t${v}`, label: en(String(v)), value: v })),
        },
        {
          kind: 'multiple',
          code: 'MEDIA',
          text: en('Media'),
          options: [
            { code: 'tv', label: en('TV') },
            { code: 'web', label: en('Web') },
            { code: 'radio', label: en('Radio') },
          ],
        },
      ],
    },
    {
      id: 'follow',
      questions: [
        {
          kind: 'single',
          code: 'ADULT_Q',
          text: en('Adults only'),
          options: yesNo,
          showIf: { op: 'gte', question: 'AGE', value: 18 },
        },
        {
          kind: 'single',
          code: 'KNOWS_MORE',
          text: en('How many?'),
          options: yesNo,
          showIf: { op: 'equals', question: 'KNOWS', value: 'yes' },
        },
        {
          kind: 'single',
          code: 'WHY_DK',
          text: en('Why unsure?'),
          options: yesNo,
          showIf: { op: 'missing', question: 'KNOWS', codes: ['dont_know'] },
        },
        {
          kind: 'single',
          code: 'HIGH_TRUST',
          text: en('Trusting'),
          options: yesNo,
          showIf: { op: 'gt', question: 'TRUST', value: 2 },
        },
        {
          kind: 'single',
          code: 'ONLINE',
          text: en('Online'),
          options: yesNo,
          showIf: { op: 'in', question: 'MEDIA', values: ['web', 'radio'] },
        },
        {
          kind: 'single',
          code: 'COMBO',
          text: en('Combined'),
          options: yesNo,
          showIf: {
            op: 'all',
            conditions: [
              { op: 'lt', question: 'AGE', value: 30 },
              { op: 'not', condition: { op: 'answered', question: 'KNOWS' } },
            ],
          },
        },
      ],
    },
    {
      id: 'late',
      showIf: {
        op: 'any',
        conditions: [
          { op: 'equals', question: 'ADULT_Q', value: 'yes' },
          { op: 'lte', question: 'AGE', value: 16 },
        ],
      },
      questions: [{ kind: 'text', code: 'LATE', text: en('Anything else?'), required: false }],
    },
  ],
});

describe('condition evaluation', () => {
  const visible = (answers: Answers) =>
    visibleQuestions(instrument, answers).filter((c) => !['AGE', 'KNOWS', 'TRUST', 'MEDIA'].includes(c));

  it.each<[string, Answers, string[]]>([
    ['nothing answered: comparisons with unanswered questions are false', {}, []],
    ['gte: 18 shows ADULT_Q', { AGE: 18 }, ['ADULT_Q', 'COMBO']],
    ['gte: 17 hides it; lt 30 and KNOWS unanswered shows COMBO', { AGE: 17 }, ['COMBO']],
    ['equals option', { AGE: 40, KNOWS: 'yes' }, ['ADULT_Q', 'KNOWS_MORE']],
    ['missing with codes', { AGE: 40, KNOWS: { missing: 'dont_know' } }, ['ADULT_Q', 'WHY_DK']],
    ['missing with other code is false', { AGE: 40, KNOWS: { missing: 'refused' } }, ['ADULT_Q']],
    [
      'not answered counts missing codes as unanswered',
      { AGE: 20, KNOWS: { missing: 'refused' } },
      ['ADULT_Q', 'COMBO'],
    ],
    ['gt compares the scale point value', { AGE: 40, TRUST: 't3' }, ['ADULT_Q', 'HIGH_TRUST']],
    ['gt on a low point is false', { AGE: 40, TRUST: 't2' }, ['ADULT_Q']],
    ['in on multiple choice: any selected', { AGE: 40, MEDIA: ['tv', 'radio'] }, ['ADULT_Q', 'ONLINE']],
    ['in on multiple choice: none selected', { AGE: 40, MEDIA: ['tv'] }, ['ADULT_Q']],
    ['any at block level: via ADULT_Q', { AGE: 40, ADULT_Q: 'yes' }, ['ADULT_Q', 'LATE']],
    ['any at block level: via lte', { AGE: 16 }, ['COMBO', 'LATE']],
  ])('%s', (_name, answers, expected) => {
    expect(visible(answers)).toEqual(expected);
  });

  it('throws on an unknown operator instead of returning false', () => {
    const bad: Condition = JSON.parse('{"op":"xor","question":"AGE","value":1}');
    const ctx = { answer: () => 1, subject: () => ({ kind: 'numeric' }) };
    expect(() => evaluateCondition(bad, ctx)).toThrow(UnknownOperatorError);
    expect(() => evaluateCondition(bad, ctx)).toThrow(/"xor"/);
    const nested: Condition = JSON.parse(
      '{"op":"all","conditions":[{"op":"answered","question":"AGE"},{"op":"between","question":"AGE"}]}',
    );
    expect(() => evaluateCondition(nested, ctx)).toThrow(UnknownOperatorError);
  });

  it('rejects an unknown operator in a definition', () => {
    const showIf: Condition = JSON.parse('{"op":"xor","question":"A","value":1}');
    expect(() =>
      defineInstrument({
        id: 'bad-op',
        version: '1',
        title: en('x'),
        languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
        blocks: [
          { id: 'b', questions: [{ kind: 'text', code: 'A', text: en('a') }] },
          { id: 'c', questions: [{ kind: 'text', code: 'B', text: en('b'), showIf }] },
        ],
      }),
    ).toThrow(DefinitionError);
  });

  it('describes conditions in words with option labels', () => {
    const label = (_q: string, v: string | number | boolean) => (v === 'yes' ? 'Yes' : String(v));
    expect(describeCondition({ op: 'equals', question: 'KNOWS', value: 'yes' }, label)).toBe('KNOWS is “Yes”');
    expect(
      describeCondition({
        op: 'all',
        conditions: [
          { op: 'gte', question: 'AGE', value: 18 },
          { op: 'not', condition: { op: 'answered', question: 'KNOWS' } },
        ],
      }),
    ).toBe('all of (AGE ≥ 18; not (KNOWS was answered))');
    expect(describeCondition({ op: 'missing', question: 'KNOWS', codes: ['dont_know', 'refused'] })).toBe(
      'KNOWS is dont know or refused',
    );
  });
});

describe('answers to hidden questions', () => {
  it('are rejected with hidden_question', () => {
    const result = validateAnswers(instrument, { AGE: 17, ADULT_Q: 'yes' }, { mode: 'partial' });
    expect(result).toEqual({ ok: false, errors: { ADULT_Q: expect.objectContaining({ code: 'hidden_question' }) } });
  });

  it('are rejected when a whole block is hidden', () => {
    const result = validateAnswers(instrument, { AGE: 40, ADULT_Q: 'no', LATE: 'hello' }, { mode: 'partial' });
    expect(result.ok ? undefined : result.errors.LATE?.code).toBe('hidden_question');
  });

  it('are accepted once the condition holds', () => {
    expect(validateAnswers(instrument, { AGE: 40, ADULT_Q: 'yes', LATE: 'hello' }, { mode: 'partial' })).toEqual({
      ok: true,
      answers: { AGE: 40, ADULT_Q: 'yes', LATE: 'hello' },
    });
  });

  it('are recorded as not_asked at submit; visible required ones are demanded', () => {
    const result = validateAnswers(
      instrument,
      { AGE: 40, KNOWS: 'no', TRUST: 't1', MEDIA: ['tv'], ADULT_Q: 'no' },
      { mode: 'submit' },
    );
    expect(result).toEqual({
      ok: true,
      answers: {
        AGE: 40,
        KNOWS: 'no',
        TRUST: 't1',
        MEDIA: ['tv'],
        ADULT_Q: 'no',
        KNOWS_MORE: { missing: 'not_asked' },
        WHY_DK: { missing: 'not_asked' },
        HIGH_TRUST: { missing: 'not_asked' },
        ONLINE: { missing: 'not_asked' },
        COMBO: { missing: 'not_asked' },
        LATE: { missing: 'not_asked' },
      },
    });
    const missing = validateAnswers(
      instrument,
      { AGE: 40, KNOWS: 'yes', TRUST: 't1', MEDIA: ['tv'] },
      { mode: 'submit' },
    );
    expect(missing.ok ? {} : Object.keys(missing.errors)).toEqual(['ADULT_Q', 'KNOWS_MORE']);
  });

  it('does not blame a dependent question when the answer it depends on is invalid', () => {
    const result = validateAnswers(instrument, { AGE: 'old', ADULT_Q: 'yes' }, { mode: 'partial' });
    expect(result.ok ? {} : Object.keys(result.errors)).toEqual(['AGE']);
  });

  it('isQuestionVisible agrees with validation', () => {
    expect(isQuestionVisible(instrument, 'ADULT_Q', { AGE: 17 })).toBe(false);
    expect(isQuestionVisible(instrument, 'ADULT_Q', { AGE: 18 })).toBe(true);
  });

  it('recordBreakOff marks unreached visible questions break_off and hidden ones not_asked', () => {
    expect(recordBreakOff(instrument, { AGE: 40, KNOWS: 'no' })).toEqual({
      AGE: 40,
      KNOWS: 'no',
      TRUST: { missing: 'break_off' },
      MEDIA: { missing: 'break_off' },
      ADULT_Q: { missing: 'break_off' },
      KNOWS_MORE: { missing: 'not_asked' },
      WHY_DK: { missing: 'not_asked' },
      HIGH_TRUST: { missing: 'not_asked' },
      ONLINE: { missing: 'not_asked' },
      COMBO: { missing: 'not_asked' },
      LATE: { missing: 'not_asked' },
    });
  });
});

describe('missing codes', () => {
  it('isMissing and isMissingCode accept exactly what the MissingAnswer and MissingCode schemas accept', () => {
    const withoutPrototype: Record<string, unknown> = Object.create(null);
    withoutPrototype.missing = 'refused';
    const values: unknown[] = [
      { missing: 'dont_know' },
      { missing: 'refused' },
      { missing: 'not_asked' },
      { missing: 'break_off' },
      { missing: 'other' },
      { missing: 3 },
      { missing: null },
      { missing: 'dont_know', extra: 1 },
      { Missing: 'dont_know' },
      {},
      withoutPrototype,
      [],
      ['dont_know'],
      null,
      undefined,
      'dont_know',
      'refused',
      'not_asked',
      'break_off',
      'yes',
      '',
      0,
      42,
      true,
    ];
    for (const v of values) {
      expect(isMissing(v), JSON.stringify(v)).toBe(MissingAnswer.safeParse(v).success);
      expect(isMissingCode(v), JSON.stringify(v)).toBe(MissingCode.safeParse(v).success);
    }
    // Both kinds of answer occur: the list is not all one way.
    expect(values.filter(isMissing)).toHaveLength(5);
    expect(values.filter(isMissingCode)).toHaveLength(4);
  });
});

describe('options offered by conditions on earlier answers', () => {
  const places = defineInstrument({
    id: 'offered',
    version: '1',
    title: en('Offered'),
    languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
    missingLabels: { dont_know: en("Don't know"), refused: en('Refused') },
    blocks: [
      {
        id: 'where',
        questions: [
          {
            kind: 'single',
            code: 'COUNTRY',
            text: en('Country'),
            options: ['fr', 'de'].map((c) => ({ code: c, label: en(c) })),
          },
          { kind: 'numeric', code: 'AGE', text: en('Age'), min: 15, max: 120 },
        ],
      },
      {
        id: 'region',
        questions: [
          {
            kind: 'single',
            code: 'REGION',
            text: en('Region'),
            options: [
              { code: 'fr_n', label: en('N'), showIf: { op: 'equals', question: 'COUNTRY', value: 'fr' } },
              { code: 'fr_s', label: en('S'), showIf: { op: 'equals', question: 'COUNTRY', value: 'fr' } },
              { code: 'de_n', label: en('N'), showIf: { op: 'equals', question: 'COUNTRY', value: 'de' } },
              { code: 'old', label: en('Old'), showIf: { op: 'gte', question: 'AGE', value: 65 } },
            ],
          },
        ],
      },
    ],
  });
  const check = (answers: Record<string, unknown>) => validateAnswers(places, answers, { mode: 'partial' }).ok;

  // Remembered per question by the answers its options read: each change of any of them is seen.
  it('follows every answer the options read, in any order of respondents', () => {
    expect(check({ COUNTRY: 'fr', REGION: 'fr_s' })).toBe(true);
    expect(check({ COUNTRY: 'de', REGION: 'fr_s' })).toBe(false);
    expect(check({ COUNTRY: 'de', REGION: 'de_n' })).toBe(true);
    expect(check({ COUNTRY: 'fr', REGION: 'de_n' })).toBe(false);
    expect(check({ COUNTRY: 'fr', AGE: 40, REGION: 'old' })).toBe(false);
    expect(check({ COUNTRY: 'fr', AGE: 70, REGION: 'old' })).toBe(true);
    expect(check({ COUNTRY: 'fr', AGE: 40, REGION: 'old' })).toBe(false);
    expect(check({ REGION: 'fr_n' })).toBe(false);
  });
});
