/**
 * `barometer lint` on a study with several broken instrument versions: every version's problems
 * in one run (not v2's only once v1 is clean), each at the file and line to edit.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DefinitionError, defineInstrument, loadStudies } from '../../src/instrument/index.ts';
import { repoRoot, runCli } from './cli-io.ts';

const dsl = join(repoRoot, 'src/instrument/index.ts');

const questions = `import type { QuestionInput } from '${dsl}';

export const AGE = {
  kind: 'numeric',
  code: 'AGE',
  text: { en: 'How old are you?', fr: 'Quel âge avez-vous ?' },
  integer: true,
  min: 15,
  max: 120,
} satisfies QuestionInput;

export const LEVEL = {
  kind: 'single',
  code: 'LEVEL',
  text: { en: 'Should immigration be kept or increased?' },
  options: [
    { code: 'kept', label: { en: 'Kept', fr: 'Maintenue' } },
    { code: 'up', label: { en: 'Increased', fr: 'Augmentée' } },
  ],
} satisfies QuestionInput;

export const JOBS = {
  kind: 'numeric',
  code: 'JOBS',
  text: { en: 'How many jobs?', fr: "Combien d'emplois ?" },
  min: 10,
  max: 5,
  showIf: { op: 'answered', question: 'NOPE' },
} satisfies QuestionInput;
`;

const instrument = `import { defineInstrument, type InstrumentInput } from '${dsl}';
import { AGE, JOBS, LEVEL } from './questions.ts';

const common = {
  id: 'two-broken',
  title: { en: 'Two broken versions', fr: 'Deux versions cassées' },
  languages: [
    { code: 'en', name: 'English', dir: 'ltr' },
    { code: 'fr', name: 'Français', dir: 'ltr' },
  ],
} satisfies Partial<InstrumentInput>;

export const v1 = defineInstrument({ ...common, version: '1', blocks: [{ id: 'all', questions: [AGE, LEVEL] }] });

export const v2 = defineInstrument({
  ...common,
  version: '2',
  blocks: [{ id: 'all', questions: [AGE, JOBS] }],
});

export const v3 = defineInstrument({
  ...common,
  version: '3',
  blocks: [{ id: 'all', questions: [AGE, { kind: 'single', code: 'BAD', text: AGE.text, options: [] }] }],
});
`;

const index = `import { defineStudy } from '${dsl}';
import { v1, v2, v3 } from './instrument.ts';

export default defineStudy({
  id: 'two-broken',
  title: { en: 'Two broken versions', fr: 'Deux versions cassées' },
  instruments: [v1, v2, v3],
});
`;

const lineOf = (text: string, needle: string, from = 0) => {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`no ${needle}`);
  return text.slice(0, at).split('\n').length;
};

describe('barometer lint: every instrument version at once, with file and line', () => {
  const root = mkdtempSync(join(tmpdir(), 'barometer-lint-'));
  const dir = join(root, 'two-broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'questions.ts'), questions);
  writeFileSync(join(dir, 'instrument.ts'), instrument);
  writeFileSync(join(dir, 'index.ts'), index);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports the problems of v1, v2 and v3 in one run, each at its line', async () => {
    const result = await runCli(['lint', root], root);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    const rel = (f: string) => relative(root, join(dir, f));
    const expected = [
      // v1: LEVEL has no French wording — the line of its text in questions.ts.
      [
        `${rel('questions.ts')}:${lineOf(questions, "text: { en: 'Should")}: LEVEL [fr]: missing "fr" translation`,
        'two-broken@1',
      ],
      // v2: JOBS's range and its condition, each at its own field.
      [`${rel('questions.ts')}:${lineOf(questions, 'min: 10')}: JOBS: min 10 is greater than max 5`, 'two-broken@2'],
      [
        `${rel('questions.ts')}:${lineOf(questions, "showIf: { op: 'answered'")}: JOBS: condition refers to unknown question NOPE`,
        'two-broken@2',
      ],
      // v3: a shape error (no options) — at the defineInstrument call of v3.
      [`${rel('instrument.ts')}:${lineOf(instrument, 'export const v3')}: -:`, 'two-broken@3'],
    ];
    for (const [start, version] of expected) {
      const line = lines.find((l) => l.startsWith(start ?? ''));
      expect(line, `${start}\n${result.stdout}`).toBeDefined();
      expect(line).toContain(`instrument(${version})`);
    }
    expect(result.stderr).toMatch(/^\d+ problems found\n$/);
  });

  it('outside a loader, defineInstrument still throws at once, its issues naming no source file', () => {
    const define = () =>
      defineInstrument({
        id: 'broken',
        version: '1',
        title: { en: 'Broken' },
        languages: [
          { code: 'en', name: 'English', dir: 'ltr' },
          { code: 'fr', name: 'Français', dir: 'ltr' },
        ],
        blocks: [
          { id: 'b', questions: [{ kind: 'numeric', code: 'N', text: { en: 'N?', fr: 'N ?' }, min: 2, max: 1 }] },
        ],
      });
    expect(define).toThrow(DefinitionError);
    try {
      define();
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      expect(err.issues.length).toBe(2);
      for (const issue of err.issues) expect(Object.keys(issue).sort()).not.toContain('sites');
      expect(JSON.stringify(err.issues)).not.toContain(repoRoot);
    }
  });

  it('loadStudies returns those problems with file and line, and no study', async () => {
    const { studies, problems } = await loadStudies(root);
    expect(studies).toEqual([]);
    const versions = new Set(problems.map((p) => /instrument\(two-broken@(\d)\)/.exec(p.path)?.[1]));
    expect([...versions].sort()).toEqual(['1', '2', '3']);
    for (const p of problems) expect(p.line, JSON.stringify(p)).toBeGreaterThan(0);
    // Loaded again in the same process (the modules are cached): the same problems.
    expect((await loadStudies(root)).problems).toEqual(problems);
  });
});
