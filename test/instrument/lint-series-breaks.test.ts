/**
 * `barometer lint` warns when a new instrument version changes the wording or the answer options
 * of an indicator's question without the indicator declaring the series break.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCodebook } from '../../src/instrument/codebook/render.ts';
import { loadStudies } from '../../src/instrument/index.ts';
import { repoRoot, runCli } from './cli-io.ts';

const dsl = join(repoRoot, 'src/instrument/index.ts');

/** A study whose v2 rewords LEVEL (and v3 adds an option), its indicator declaring `breaks`. */
function studySource(id: string, breaks: string): Record<string, string> {
  return {
    'questions.ts': `import type { QuestionInput } from '${dsl}';

const options = [
  { code: 'down', label: { en: 'Decreased', fr: 'Diminuée' } },
  { code: 'same', label: { en: 'Kept', fr: 'Maintenue' } },
];

export const LEVEL = {
  kind: 'single',
  code: 'LEVEL',
  text: { en: 'Should immigration be decreased?', fr: "Faut-il diminuer l'immigration ?" },
  options,
} satisfies QuestionInput;

export const LEVEL_REWORDED = {
  kind: 'single',
  code: 'LEVEL',
  text: { en: 'Should immigration here be decreased?', fr: "Faut-il diminuer l'immigration ici ?" },
  options,
} satisfies QuestionInput;

export const LEVEL_MORE = {
  ...LEVEL_REWORDED,
  options: [...options, { code: 'up', label: { en: 'Increased', fr: 'Augmentée' } }],
} satisfies QuestionInput;

export const AGE = {
  kind: 'numeric',
  code: 'AGE',
  text: { en: 'How old are you?', fr: 'Quel âge avez-vous ?' },
} satisfies QuestionInput;
`,
    'index.ts': `import { defineInstrument, defineStudy } from '${dsl}';
import { AGE, LEVEL, LEVEL_MORE, LEVEL_REWORDED } from './questions.ts';

const common = {
  id: '${id}',
  title: { en: 'Breaks', fr: 'Ruptures' },
  languages: [
    { code: 'en', name: 'English', dir: 'ltr' },
    { code: 'fr', name: 'Français', dir: 'ltr' },
  ],
} as const;

const said = (en: string) => ({ en, fr: \`\${en} (fr)\` });

export default defineStudy({
  id: '${id}',
  title: { en: 'Breaks', fr: 'Ruptures' },
  respondentInformation: {
    sponsor: said('A sponsor'),
    fieldwork: said('A fieldwork agency'),
    purpose: said('To learn'),
    use: said('Totals only'),
    retention: said('Two years'),
    voluntary: said('You may stop at any time'),
    contact: 'team@example.org',
    privacyNotice: 'https://example.org/privacy',
  },
  instruments: [
    defineInstrument({ ...common, version: '1', blocks: [{ id: 'b', questions: [LEVEL, AGE] }] }),
    defineInstrument({ ...common, version: '2', blocks: [{ id: 'b', questions: [LEVEL_REWORDED, AGE] }] }),
    defineInstrument({ ...common, version: '3', blocks: [{ id: 'b', questions: [LEVEL_MORE, AGE] }] }),
  ],
  indicators: [
    {
      kind: 'share',
      id: 'wantsDecrease',
      label: { en: 'Want a decrease', fr: 'Veulent une baisse' },
      question: 'LEVEL',
      options: ['down'],
      base: { dontKnow: 'excluded', refused: 'excluded' },${breaks}
    },
    { kind: 'mean', id: 'age', label: { en: 'Age', fr: 'Âge' }, question: 'AGE' },
  ],
});
`,
  };
}

describe('barometer lint: undeclared series breaks', () => {
  const root = mkdtempSync(join(tmpdir(), 'barometer-breaks-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  function write(id: string, breaks: string): string {
    const dir = join(root, id);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(studySource(id, breaks))) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('warns for each version that changes the wording or options of an indicator question, at the indicator', async () => {
    const dir = write('undeclared', '');
    const result = await runCli(['lint', dir], root);
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toHaveLength(2);
    // The place to declare the break: the indicator's id in index.ts.
    const indicatorLine = studySource('undeclared', '')['index.ts']?.split('\n').indexOf("      id: 'wantsDecrease',");
    expect(indicatorLine).toBeGreaterThan(0);
    for (const w of warnings)
      expect(w).toMatch(new RegExp(`^warning: undeclared/index\\.ts:${(indicatorLine ?? 0) + 1}: LEVEL: `));
    expect(warnings[0]).toContain('undeclared@2 changes LEVEL from undeclared@1 (wording changed (en, fr))');
    expect(warnings[0]).toContain("seriesBreaks: [{ version: '2', reason: '…' }]");
    expect(warnings[1]).toContain('undeclared@3 changes LEVEL from undeclared@2 (answer options changed)');
    expect(warnings.join('\n')).toContain(
      '(undeclared_series_break at study(undeclared).indicators[wantsDecrease].seriesBreaks)',
    );
    // AGE never changed: no warning for the age indicator.
    expect(result.stdout).not.toContain('indicator age');
    expect(result.stderr).toBe('2 warnings (undeclared series breaks)\n');
    expect(result.stdout).toContain('ok: undeclared (3 instrument versions');
  });

  it('is quiet when the indicator declares both breaks with their reasons', async () => {
    const dir = write(
      'declared',
      `\n      seriesBreaks: [\n        { version: '2', reason: 'names the country' },\n        { version: '3', reason: 'offers an increase' },\n      ],`,
    );
    const result = await runCli(['lint', dir], root);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('warning');
    expect(result.code).toBe(0);
    // The codebook states the declared breaks with their reasons, beside the indicator.
    const study = (await loadStudies(dir)).studies[0]?.study;
    if (!study) throw new Error('no study');
    expect(renderCodebook(study, 'md')).toContain(
      '- **Series break** from version 2: names the country\n- **Series break** from version 3: offers an increase\n',
    );
    expect(renderCodebook(study, 'html')).toContain(
      '<p class="break"><strong>Series break</strong> from version 3: offers an increase</p>',
    );
  });

  it('warns only for the undeclared one, and refuses a break at a version the study lacks', async () => {
    const partly = await runCli(
      ['lint', write('partly', `\n      seriesBreaks: [{ version: '2', reason: 'names the country' }],`)],
      root,
    );
    expect(partly.stdout.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([
      expect.stringContaining('partly@3 changes LEVEL from partly@2 (answer options changed)'),
    ]);
    const wrong = await runCli(
      ['lint', write('wrong', `\n      seriesBreaks: [{ version: '9', reason: 'typo' }],`)],
      root,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      'wantsDecrease declares a series break at version 9, which the study does not define (versions: 1, 2, 3) (invalid_indicator at study(wrong).indicators[wantsDecrease].seriesBreaks[0].version)',
    );
  });
});
