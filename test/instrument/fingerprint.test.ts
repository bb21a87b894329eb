import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  defineInstrument,
  instrumentFingerprint,
  questionFingerprint,
  type InstrumentInput,
  type Text,
} from '../../src/instrument/index.ts';

const t = (en: string, fr = `${en} (fr)`): Text => ({ en, fr });

type Edit = (input: InstrumentInput) => InstrumentInput;

function build(edit: Edit = (i) => i) {
  const input: InstrumentInput = {
    id: 'fp',
    version: '1',
    title: t('Fingerprints'),
    languages: [
      { code: 'en', name: 'English', dir: 'ltr' },
      { code: 'fr', name: 'Français', dir: 'ltr' },
    ],
    missingLabels: { dont_know: t("Don't know") },
    blocks: [
      { id: 'a', questions: [{ kind: 'numeric', code: 'AGE', text: t('Age'), min: 15 }] },
      {
        id: 'b',
        showIf: { op: 'gte', question: 'AGE', value: 15 },
        questions: [
          {
            kind: 'single',
            code: 'MIG_LEVEL',
            text: t('Immigration level?'),
            options: [
              { code: 'kept', label: t('Kept') },
              { code: 'up', label: t('Increased') },
              { code: 'down', label: t('Decreased') },
            ],
            missing: ['dont_know'],
            showIf: { op: 'lt', question: 'AGE', value: 100 },
          },
          { kind: 'text', code: 'OTHER', text: t('Other') },
        ],
      },
    ],
  };
  return defineInstrument(edit(structuredClone(input)));
}

/** Applies `f` to the MIG_LEVEL question of a cloned input. */
const onMig =
  (f: (q: Extract<InstrumentInput['blocks'][number]['questions'][number], { kind: 'single' }>) => void): Edit =>
  (input) => {
    const q = input.blocks[1]?.questions[0];
    if (q?.kind === 'single') f(q);
    return input;
  };

const original = build();
const fp = (edit: Edit) => questionFingerprint(build(edit), 'MIG_LEVEL');
const base = questionFingerprint(original, 'MIG_LEVEL');

describe('question fingerprints change when, and only when, wording, options or logic change', () => {
  it('are stable sha256 digests', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(questionFingerprint(build(), 'MIG_LEVEL')).toBe(base);
  });

  it.each<[string, Edit]>([
    ['English wording', onMig((q) => (q.text = t('Immigration level now?')))],
    ['French wording only', onMig((q) => (q.text = { en: 'Immigration level?', fr: 'Niveau ?' }))],
    ['an option label', onMig((q) => (q.options[1] = { code: 'up', label: t('Raised') }))],
    ['an option code', onMig((q) => (q.options[1] = { code: 'increased', label: t('Increased') }))],
    ['an added option', onMig((q) => q.options.push({ code: 'stop', label: t('Stopped') }))],
    ['the option order', onMig((q) => q.options.reverse())],
    ['the offered missing codes', onMig((q) => (q.missing = []))],
    ['its condition', onMig((q) => (q.showIf = { op: 'lt', question: 'AGE', value: 90 }))],
    [
      'its block’s condition',
      (input) => {
        const block = input.blocks[1];
        if (block) block.showIf = { op: 'gte', question: 'AGE', value: 18 };
        return input;
      },
    ],
  ])('changes with %s', (_what, edit) => {
    expect(fp(edit)).not.toBe(base);
  });

  it.each<[string, Edit]>([
    [
      'another question’s wording',
      (input) => {
        const other = input.blocks[1]?.questions[1];
        if (other) other.text = t('Something else');
        return input;
      },
    ],
    ['required', onMig((q) => (q.required = false))],
    ['option randomisation', onMig((q) => (q.randomize = true))],
    ['an anchor', onMig((q) => (q.options[0] = { code: 'kept', label: t('Kept'), anchor: true }))],
    ['the instrument version and title', (input) => ({ ...input, version: '2', title: t('Renamed') })],
    [
      'the block id and page title',
      (input) => {
        const block = input.blocks[1];
        if (block) {
          block.id = 'renamed';
          block.title = t('Page');
        }
        return input;
      },
    ],
  ])('does not change with %s', (_what, edit) => {
    expect(fp(edit)).toBe(base);
  });

  it('does not depend on the order keys were written in', () => {
    const reordered = build(onMig((q) => (q.text = { fr: 'Immigration level? (fr)', en: 'Immigration level?' })));
    expect(questionFingerprint(reordered, 'MIG_LEVEL')).toBe(base);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});

describe('instrument fingerprints', () => {
  it('cover everything in the definition, including presentation', () => {
    const fpOf = (edit: Edit) => instrumentFingerprint(build(edit));
    const same = instrumentFingerprint(original);
    expect(instrumentFingerprint(build())).toBe(same);
    expect(fpOf(onMig((q) => (q.text = t('Immigration level now?'))))).not.toBe(same);
    expect(fpOf(onMig((q) => (q.required = false)))).not.toBe(same);
    expect(fpOf(onMig((q) => (q.randomize = true)))).not.toBe(same);
    expect(fpOf((input) => ({ ...input, version: '2' }))).not.toBe(same);
  });
});
