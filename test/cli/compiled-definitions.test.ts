/**
 * The compiled `barometer` (dist/) loads study definitions without a TypeScript loader: it bundles
 * them with esbuild and imports the bundle, the definition's imports of src/ going to the same
 * compiled modules as the command's (src/instrument/definition-bundle.ts). These tests run the
 * command as a user does, on a fresh build, and check what a researcher sees.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, repoRoot } from '../helpers/process.ts';

const dsl = join(repoRoot, 'src/instrument/index.ts');

function lint(path: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/barometer.js'), 'lint', path], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let scratch = '';
function study(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'study'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'study', file), text);
  return dir;
}

beforeAll(() => {
  ensureFreshBuild();
  scratch = mkdtempSync(join(tmpdir(), 'barometer-compiled-'));
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the compiled CLI loads study definitions by bundling them', () => {
  it('lints the flagship study from dist/, without falling back to tsx', () => {
    const r = lint('survey-definitions');
    expect(r.err).not.toContain('through tsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^ok: migration-perceptions \(4 instrument versions, 4 waves, \d+ indicators, 2 campaigns\)$/m,
    );
  });

  it('reports problems found by the DSL, which is the same module instance as the command’s', () => {
    // DefinitionError is recognised by the loader only when the definition's import of the DSL
    // resolves to the compiled module the command itself uses.
    const dir = study('invalid', {
      'index.ts': `import { defineStudy } from ${JSON.stringify(dsl)};\nexport default defineStudy({ id: 'broken' } as never);\n`,
    });
    const r = lint(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('invalid_shape at study(broken).instruments');
    expect(r.out).not.toContain('cannot load');
  });

  it('reports every broken instrument version at once, each at its file and line', () => {
    // The bundle's stack frames name no source file: a question is placed by its literal, an
    // instrument-wide problem at its version.
    const dir = study('versions', {
      'questions.ts': [
        `import type { QuestionInput } from ${JSON.stringify(dsl)};`,
        `export const A = {`,
        `  kind: 'single',`,
        `  code: 'A',`,
        `  text: { en: 'A?' },`,
        `  options: [{ code: 'yes', label: { en: 'Yes', fr: 'Oui' } }, { code: 'no', label: { en: 'No', fr: 'Non' } }],`,
        `} satisfies QuestionInput;`,
        `export const B = { kind: 'numeric', code: 'B', text: { en: 'B?', fr: 'B ?' }, min: 9, max: 1 } satisfies QuestionInput;`,
        ``,
      ].join('\n'),
      'index.ts': [
        `import { defineInstrument, defineStudy } from ${JSON.stringify(dsl)};`,
        `import { A, B } from './questions.ts';`,
        `const languages = [{ code: 'en', name: 'English', dir: 'ltr' }, { code: 'fr', name: 'Français', dir: 'ltr' }] as const;`,
        `const v1 = defineInstrument({ id: 'v', version: '1', title: { en: 'V', fr: 'V' }, languages: [...languages], blocks: [{ id: 'b', questions: [A] }] });`,
        `const v2 = defineInstrument({`,
        `  id: 'v',`,
        `  version: '2',`,
        `  title: { en: 'V' },`,
        `  languages: [...languages],`,
        `  blocks: [{ id: 'b', questions: [B] }],`,
        `});`,
        `export default defineStudy({ id: 'v', title: { en: 'V', fr: 'V' }, instruments: [v1, v2] });`,
        ``,
      ].join('\n'),
    });
    const r = lint(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/study\/questions\.ts:5: A \[fr\]: missing "fr" translation .*instrument\(v@1\)/);
    expect(r.out).toMatch(/study\/questions\.ts:8: B: min 9 is greater than max 1 .*instrument\(v@2\)/);
    expect(r.out).toMatch(
      /study\/index\.ts:7: - \[fr\]: missing "fr" translation of title .*instrument\(v@2\)\.title\.fr/,
    );
    expect(r.err).toBe('3 problems found\n');
  });

  it('names the file, line and column of a syntax error', () => {
    const dir = study('syntax', { 'index.ts': `const x = 1;\nexport default x +;\n` });
    const r = lint(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/study\/index\.ts:2:19: Unexpected ";"/);
    expect(r.err).toBe('1 problem found\n');
  });

  it('names an import that does not resolve', () => {
    const dir = study('missing', { 'index.ts': `import { x } from './nowhere.ts';\nexport default x;\n` });
    const r = lint(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/study\/index\.ts:1:19: Could not resolve "\.\/nowhere\.ts"/);
  });

  it('follows a definition’s own helper modules', () => {
    const dir = study('helpers', {
      'helper.ts': `export const label: string = 'not a study';\n`,
      'index.ts': `import { label } from './helper.ts';\nexport default { label };\n`,
    });
    const r = lint(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('the module must `export default defineStudy({...})`');
  });
});
