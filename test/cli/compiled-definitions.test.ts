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
    expect(r.out).toMatch(/^ok: migration-perceptions \(4 instrument versions, 4 waves, \d+ indicators, 2 campaigns\)/);
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
