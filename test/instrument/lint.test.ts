import { describe, expect, it } from 'vitest';
import { loadStudies } from '../../src/instrument/index.ts';
import { repoRoot, runCli } from './cli-io.ts';

const fixture = (name: string) => `test/instrument/fixtures/${name}`;

describe('barometer lint', () => {
  it('passes on the flagship study (and on the whole survey-definitions folder by default)', async () => {
    const result = await runCli(['lint']);
    expect(result.stderr).toBe('');
    // v1–v3 show REGION's names untranslated; their waves pinned them, so lint says why they pass.
    expect(result.stdout.trim().split('\n')).toEqual([
      ...['1', '2', '3'].map((v) =>
        expect.stringMatching(
          new RegExp(`^exempt: .*migration-perceptions@${v}: 306 answer labels of REGION .*; fixed in v4$`),
        ),
      ),
      'ok: migration-perceptions (4 instrument versions, 4 waves, 9 indicators, 2 campaigns)',
    ]);
    expect(result.code).toBe(0);
    expect((await runCli(['lint', 'survey-definitions/migration-perceptions'])).code).toBe(0);
  });

  it.each([
    [
      'missing-translation',
      'Q2 [fr]: missing "fr" translation',
      'missing_translation at instrument(missing-translation@1).blocks[first].questions[Q2].text.fr',
      5,
    ],
    [
      'missing-translation',
      'Q3 [fr]: empty "fr" translation',
      'missing_translation at instrument(missing-translation@1).blocks[second].questions[Q3].text.fr',
      6,
    ],
    [
      'unknown-code-in-logic',
      'Q2: condition refers to unknown question NOPE',
      'unknown_question at instrument(unknown-code-in-logic@1).blocks[second].questions[Q2].showIf.equals(NOPE)',
      6,
    ],
    [
      'forward-reference',
      'Q1: condition uses Q2, which comes later',
      'forward_reference at instrument(forward-reference@1).blocks[first].questions[Q1].showIf.equals(Q2)',
      5,
    ],
    [
      'cycle',
      'Q1: circular logic: Q1 → Q2 → Q1',
      'cycle at instrument(cycle@1).blocks[first].questions[Q1].showIf.answered(Q2)',
      5,
    ],
    [
      'duplicate-code',
      'Q1: question code Q1 is used twice',
      'duplicate_code at instrument(duplicate-code@1).blocks[second].questions[Q1]',
      6,
    ],
    [
      'option-code-reused',
      'Q1: option code "yes" is used twice in Q1',
      'duplicate_option_code at instrument(option-code-reused@1).blocks[first].questions[Q1].options[yes]',
      11,
    ],
    [
      'unknown-option',
      'Q2: Q1 has no option "maybe"',
      'unknown_option at instrument(unknown-option@1).blocks[second].questions[Q2].showIf.in(Q1)',
      6,
    ],
    [
      'frozen-instrument',
      '-: wave w-2024 opened with frozen-instrument@1 fingerprint',
      'fingerprint_mismatch at study(frozen-instrument).waves[w-2024].instrumentFingerprint',
      27,
    ],
  ])('fails on %s, naming file and line, question, language and place', async (name, what, where, lineNo) => {
    const result = await runCli(['lint', fixture(name)]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    const line = lines.find((l) => l.includes(what));
    expect(line, result.stdout).toBeDefined();
    // The line to edit: where the question (or the wave) is written, not just the module.
    expect(line?.startsWith(`${fixture(name)}/index.ts:${lineNo}: `), line).toBe(true);
    expect(line).toContain(`(${where})`);
    expect(result.stderr).toMatch(/problems? found/);
  });

  it('the missing-translation fixture yields exactly its two problems', async () => {
    const result = await runCli(['lint', fixture('missing-translation')]);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('lints a folder of studies, one line per problem across all of them', async () => {
    const result = await runCli(['lint', 'test/instrument/fixtures']);
    expect(result.code).toBe(1);
    const files = new Set(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    );
    // Every broken fixture folder has its line (broken-comparison, with campaigns, is the tenth;
    // respondent-untold, which loads but tells respondents too little, the eleventh).
    expect(files.size).toBe(11);
  });

  it('reports a module that does not export a study, and a path that does not exist', async () => {
    const notAStudy = await runCli(['lint', 'test/instrument/cli-io.ts']);
    expect(notAStudy.code).toBe(1);
    expect(notAStudy.stdout).toContain(
      'test/instrument/cli-io.ts: -: the module must `export default defineStudy({...})` (no_study at default)',
    );
    const missing = await runCli(['lint', 'no/such/folder']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('barometer lint: no such file or folder');
  });

  it('loadStudies returns studies for the server and never throws on broken definitions', async () => {
    const good = await loadStudies(`${repoRoot}/survey-definitions`);
    expect(good.problems).toEqual([]);
    expect(good.studies.map((s) => s.study.id)).toEqual(['migration-perceptions']);
    const bad = await loadStudies(`${repoRoot}/${fixture('cycle')}`);
    expect(bad.studies).toEqual([]);
    expect(bad.problems).toEqual([
      expect.objectContaining({ code: 'cycle', question: 'Q1', file: `${repoRoot}/${fixture('cycle')}/index.ts` }),
    ]);
  });
});
