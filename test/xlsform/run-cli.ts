/** Runs `barometer …` in-process from the repository root, writing studies under tmp/ (git-ignored). */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = path.join(root, 'test', 'fixtures', 'xlsform');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: root,
    env: {},
  });
  return { code, stdout, stderr };
}

/** A fresh definitions folder under tmp/ and a function removing it. */
export function definitionsDir(): { dir: string; remove: () => void } {
  mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(root, 'tmp', 'xlsform-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
