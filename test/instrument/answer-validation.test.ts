import { describe, expect, it } from 'vitest';
import { defineInstrument, validateAnswers, type Text } from '../../src/instrument/index.ts';

const en = (s: string): Text => ({ en: s });
const opts = (...codes: string[]) => codes.map((code) => ({ code, label: en(code.toUpperCase()) }));

const kinds = defineInstrument({
  id: 'kinds',
  version: '1',
  title: en('All kinds'),
  languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
  missingLabels: { dont_know: en("Don't know"), refused: en('Refused') },
  blocks: [
    {
      id: 'all',
      questions: [
        { kind: 'single', code: 'SINGLE', text: en('Pick one'), options: opts('a', 'b', 'c'), missing: ['dont_know'] },
        {
          kind: 'multiple',
          code: 'MULTI',
          text: en('Pick some'),
          options: [...opts('a', 'b', 'c'), { code: 'none', label: en('None'), exclusive: true }],
          maxSelections: 2,
        },
        {
          kind: 'scale',
          code: 'SCALE',
          text: en('Rate'),
          points: [1, 2, 3, 4, 5].map((v) => ({ code: `p${v}`, label: en(String(v)), value: v })),
        },
        { kind: 'numeric', code: 'AGE', text: en('Age'), min: 15, max: 120, missing: ['refused'] },
        { kind: 'numeric', code: 'HOURS', text: en('Hours'), integer: false, min: 0, max: 24, required: false },
        { kind: 'text', code: 'COMMENT', text: en('Comment'), maxLength: 10, required: false },
        {
          kind: 'grid',
          code: 'GRID',
          text: en('Agree?'),
          items: [
            { code: 'A', label: en('A') },
            { code: 'B', label: en('B') },
          ],
          scale: opts('agree', 'disagree'),
          missing: ['dont_know'],
        },
        { kind: 'ranking', code: 'RANK', text: en('Rank'), options: opts('x', 'y', 'z'), minRanked: 2 },
        { kind: 'consent', code: 'OK', text: en('Agree?') },
        { kind: 'info', code: 'INFO', text: en('Thanks') },
      ],
    },
  ],
});

const one = (code: string, value: unknown) => validateAnswers(kinds, { [code]: value }, { mode: 'partial' });

describe('valid answers are accepted and normalised, per question kind', () => {
  it.each([
    ['SINGLE', 'b', 'b'],
    ['SINGLE', 'dont_know', { missing: 'dont_know' }],
    ['SINGLE', { missing: 'dont_know' }, { missing: 'dont_know' }],
    ['MULTI', ['c', 'a'], ['a', 'c']],
    ['MULTI', 'b', ['b']],
    ['MULTI', ['none'], ['none']],
    ['SCALE', 'p4', 'p4'],
    ['AGE', 42, 42],
    ['AGE', ' 42 ', 42],
    ['AGE', 15, 15],
    ['AGE', 'refused', { missing: 'refused' }],
    ['HOURS', 7.5, 7.5],
    ['HOURS', '0.25', 0.25],
    ['COMMENT', '  hello  ', 'hello'],
    ['GRID', { A: 'agree', B: 'dont_know' }, { A: 'agree', B: { missing: 'dont_know' } }],
    ['RANK', ['z', 'x'], ['z', 'x']],
    ['RANK', ['y', 'z', 'x'], ['y', 'z', 'x']],
    ['OK', true, true],
    ['OK', 'false', false],
  ])('%s = %j → %j', (code, input, normalised) => {
    const result = one(code, input);
    expect(result).toEqual({ ok: true, answers: { [code]: normalised } });
  });

  it('treats null, undefined and blank text as no answer', () => {
    expect(validateAnswers(kinds, { SINGLE: null, COMMENT: '   ', AGE: undefined }, { mode: 'partial' })).toEqual({
      ok: true,
      answers: {},
    });
  });
});

describe('invalid answers are rejected with an error per question code', () => {
  it.each([
    ['SINGLE', 3, 'wrong_type'],
    ['SINGLE', ['a'], 'wrong_type'],
    ['SINGLE', 'd', 'unknown_option'],
    ['SINGLE', 'refused', 'missing_not_offered'],
    ['SINGLE', 'not_asked', 'missing_not_offered'],
    ['SINGLE', { missing: 'break_off' }, 'missing_not_offered'],
    ['MULTI', [1], 'wrong_type'],
    ['MULTI', ['a', 'zz'], 'unknown_option'],
    ['MULTI', ['a', 'b', 'c'], 'too_many_selections'],
    ['MULTI', [], 'too_few_selections'],
    ['MULTI', ['a', 'a'], 'duplicate_selection'],
    ['MULTI', ['none', 'a'], 'exclusive_conflict'],
    ['SCALE', 'p6', 'unknown_option'],
    ['SCALE', 4, 'wrong_type'],
    ['AGE', 'forty', 'wrong_type'],
    ['AGE', 42.5, 'wrong_type'],
    ['AGE', Number.NaN, 'wrong_type'],
    ['AGE', 14, 'out_of_range'],
    ['AGE', 121, 'out_of_range'],
    ['AGE', 'dont_know', 'missing_not_offered'],
    ['HOURS', 25, 'out_of_range'],
    ['HOURS', -0.5, 'out_of_range'],
    ['COMMENT', 42, 'wrong_type'],
    ['COMMENT', 'far too long a comment', 'too_long'],
    ['GRID', 'agree', 'wrong_type'],
    ['GRID', { C: 'agree' }, 'unknown_option'],
    ['GRID', { A: 'maybe' }, 'unknown_option'],
    ['GRID', { A: 'refused' }, 'missing_not_offered'],
    ['RANK', 'x', 'wrong_type'],
    ['RANK', ['x'], 'too_few_selections'],
    ['RANK', ['x', 'w'], 'unknown_option'],
    ['RANK', ['x', 'x'], 'duplicate_selection'],
    ['OK', 'yes', 'wrong_type'],
    ['OK', 'dont_know', 'missing_not_offered'],
    ['INFO', 'read', 'not_answerable'],
  ])('%s = %j → %s', (code, input, errorCode) => {
    const result = one(code, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([code]);
    expect(result.errors[code]?.code).toBe(errorCode);
    expect(result.errors[code]?.message).toMatch(/\S/);
  });

  it("an interviewer may record don't know / refused where the respondent is not offered them, but no system code", () => {
    const asInterviewer = (code: string, value: unknown) =>
      validateAnswers(kinds, { [code]: value }, { mode: 'partial', interviewer: true });
    for (const [code, value, normalised] of [
      ['SINGLE', 'refused', { SINGLE: { missing: 'refused' } }],
      ['AGE', 'dont_know', { AGE: { missing: 'dont_know' } }],
      ['GRID', { A: 'refused' }, { GRID: { A: { missing: 'refused' } } }],
    ] as const) {
      expect(asInterviewer(code, value), code).toEqual({ ok: true, answers: normalised });
      expect(one(code, value).ok, `${code} self-administered`).toBe(false);
    }
    for (const [code, value] of [
      ['SINGLE', 'not_asked'],
      ['SINGLE', { missing: 'break_off' }],
      ['OK', 'dont_know'],
      ['INFO', 'dont_know'],
    ] as const)
      expect(asInterviewer(code, value).ok, `${code} ${JSON.stringify(value)}`).toBe(false);
  });

  it('names the grid item at fault', () => {
    const result = one('GRID', { A: 'agree', B: 'maybe' });
    expect(result.ok ? undefined : result.errors.GRID).toMatchObject({ code: 'unknown_option', item: 'B' });
  });

  it('rejects answers to questions the instrument does not have', () => {
    const result = validateAnswers(kinds, { SINGLE: 'a', NOPE: 1 }, { mode: 'partial' });
    expect(result).toEqual({ ok: false, errors: { NOPE: expect.objectContaining({ code: 'unknown_question' }) } });
  });

  it('reports every invalid question at once', () => {
    const result = validateAnswers(kinds, { SINGLE: 'z', AGE: 3, OK: 1 }, { mode: 'partial' });
    expect(result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, v.code]))).toEqual({
      SINGLE: 'unknown_option',
      AGE: 'out_of_range',
      OK: 'wrong_type',
    });
  });
});

describe('submit mode', () => {
  const complete = {
    SINGLE: 'a',
    MULTI: ['b'],
    SCALE: 'p3',
    AGE: 30,
    GRID: { A: 'agree', B: 'disagree' },
    RANK: ['x', 'y'],
    OK: true,
  };

  it('accepts a complete set of answers; optional questions may stay empty', () => {
    expect(validateAnswers(kinds, complete, { mode: 'submit' })).toEqual({ ok: true, answers: complete });
  });

  it('requires every visible required question, and every item of a required grid', () => {
    const { SINGLE: _s, AGE: _a, ...rest } = complete;
    const result = validateAnswers(kinds, { ...rest, GRID: { A: 'agree' } }, { mode: 'submit' });
    expect(result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, v.code]))).toEqual({
      SINGLE: 'required',
      AGE: 'required',
      GRID: 'required',
    });
  });

  it('counts an offered missing code as an answer', () => {
    expect(
      validateAnswers(kinds, { ...complete, SINGLE: 'dont_know', AGE: { missing: 'refused' } }, { mode: 'submit' }).ok,
    ).toBe(true);
  });

  it('does not require anything in partial mode', () => {
    expect(validateAnswers(kinds, {}, { mode: 'partial' })).toEqual({ ok: true, answers: {} });
  });
});
