/**
 * `barometer analyse` on hostile SPSS files: hand-made ones (no variables and an unknown case
 * count, counts past 2³¹, out-of-bounds records, 150,000 variables, an encoding record full of
 * session ids), then at least 500 mutants of a valid export (truncations, bit flips, hostile
 * counts in the dictionary, damaged compression opcodes). Each must end in under 2 s with exit
 * code 0 and a result, or one line on stderr that echoes none of the file's text; a few run in a
 * child process with a small heap, to show memory stays bounded on the CLI path (the reader's
 * memory grows with the file's size, about 11 bytes per byte of a file of 150,000 variables).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { seededRandom } from '../../src/instrument/random.ts';
import { ensureFreshBuild, repoRoot } from '../helpers/process.ts';
import { dictionaryEnd, hostileFiles, SECRET, validSav } from './support/sav-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'barometer-sav-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  path.join(dir, 'spec.json'),
  JSON.stringify({
    data: 'data.sav',
    design: { weights: 'weight' },
    estimates: [
      { id: 'age', statistic: 'mean', variable: 'AGE' },
      { id: 'level', statistic: 'proportion', variable: 'MIG_LEVEL' },
    ],
  }),
);

/** Runs `barometer analyse` in this process on `bytes`; its exit code, output and time. */
async function analyse(bytes: Uint8Array): Promise<{ code: number; out: string; err: string; ms: number }> {
  writeFileSync(path.join(dir, 'data.sav'), bytes);
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = await main(['analyse', 'spec.json'], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd: dir,
    env: {},
  });
  return { code, out, err, ms: performance.now() - t0 };
}

/** The outcome's problem, or undefined when it is a result or one clean line. */
function verdict(r: { code: number; out: string; err: string; ms: number }, budgetMs = 2000): string | undefined {
  if (r.ms >= budgetMs) return `took ${Math.round(r.ms)} ms`;
  if (r.code === 0) {
    try {
      JSON.parse(r.out);
      return undefined;
    } catch {
      return 'exit code 0 without a JSON result';
    }
  }
  const lines = r.err.trimEnd().split('\n');
  if (r.out !== '') return 'wrote to stdout and failed';
  if (lines.length !== 1) return `${lines.length} lines on stderr: ${r.err.slice(0, 200)}`;
  if (!r.err.startsWith('barometer analyse: ')) return `not an error of the command: ${r.err}`;
  if (r.err.length > 300) return `a ${r.err.length}-character error`;
  if (r.err.includes(SECRET)) return `echoes the file: ${r.err}`;
  return undefined;
}

/** Mutants of a valid export, named by what was done. */
function mutants(base: Uint8Array): [string, Uint8Array][] {
  const random = seededRandom('sav-fuzz');
  const pick = (n: number) => Math.floor(random() * n);
  const out: [string, Uint8Array][] = [];
  const dictEnd = dictionaryEnd(base);
  const dataStart = dictEnd + 8;
  const edit = (name: string, f: (b: Uint8Array, v: DataView) => void) => {
    const b = base.slice();
    f(b, new DataView(b.buffer));
    out.push([name, b]);
  };
  for (let k = 0; k < 150; k++) {
    const length = Math.floor((k / 150) * base.length);
    out.push([`truncated to ${length} bytes`, base.slice(0, length)]);
  }
  for (let k = 0; k < 160; k++) {
    const at = pick(base.length);
    const bit = pick(8);
    edit(`bit ${bit} of byte ${at} flipped`, (b) => void (b[at] = (b[at] ?? 0) ^ (1 << bit)));
  }
  const hostile = [-1, -2, 0, 1, 3, 255, 256, 65536, 100_000_000, 2 ** 31 - 1, -(2 ** 31)];
  for (let k = 0; k < 130; k++) {
    const at = 64 + 4 * pick((dictEnd - 64) / 4);
    const x = hostile[pick(hostile.length)] ?? 0;
    edit(`int32 at byte ${at} set to ${x}`, (_, v) => v.setInt32(at, x, true));
  }
  for (const x of hostile) edit(`case count ${x}`, (_, v) => v.setInt32(80, x, true));
  for (const x of [0, 2, -1]) edit(`compression ${x}`, (_, v) => v.setInt32(72, x, true));
  for (let k = 0; k < 50; k++) {
    const at = dataStart + pick(base.length - dataStart);
    const code = [0, 252, 253, 254, 255, pick(256)][pick(6)] ?? 0;
    edit(`data byte ${at} set to ${code}`, (b) => void (b[at] = code));
  }
  edit('every opcode of the first block a nop', (b) => b.fill(0, dataStart, dataStart + 8));
  edit('every data byte 253', (b) => b.fill(253, dataStart));
  edit('every data byte 254', (b) => b.fill(254, dataStart));
  return out;
}

describe('barometer analyse on hostile SPSS files', () => {
  it('the valid base file gives a result', async () => {
    const r = await analyse(validSav());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(Object.entries(hostileFiles()))('%s: one line, in bounded time', async (name, bytes) => {
    const r = await analyse(bytes);
    // 2 s like the mutants, but 5 s for a 5 MB file (150,000 variables) on a loaded machine.
    expect(verdict(r, bytes.length > 1e6 ? 5000 : 2000)).toBeUndefined();
    expect(r.code).not.toBe(0);
    if (name.startsWith('case count')) expect(r.err).toContain(`says ${name.slice(11)} cases`);
  });

  it('at least 500 mutants of a valid export each end in < 2 s with a result or one line', async () => {
    const cases = mutants(validSav());
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const failures: string[] = [];
    let errors = 0;
    for (const [name, bytes] of cases) {
      const r = await analyse(bytes);
      if (r.code !== 0) errors++;
      const problem = verdict(r);
      if (problem) failures.push(`${name}: ${problem}`);
    }
    expect(failures).toEqual([]);
    // Both outcomes occur: many mutants are refused, some (a flipped bit in a value) still read.
    expect(errors).toBeGreaterThan(cases.length / 3);
    expect(errors).toBeLessThan(cases.length);
  }, 120_000);

  it('in a child process with a 192 MB heap, the worst files end with one line', () => {
    ensureFreshBuild();
    const files = hostileFiles();
    for (const name of ['no variables, 248 bytes', 'case count 2147483647', '150,000 variables']) {
      const bytes = files[name];
      if (!bytes) throw new Error(`no hostile file ${name}`);
      writeFileSync(path.join(dir, 'data.sav'), bytes);
      const child = spawnSync(
        process.execPath,
        ['--max-old-space-size=192', path.join(repoRoot, 'bin/barometer.js'), 'analyse', 'spec.json'],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(child.signal, name).toBeNull();
      expect(child.status, name).toBe(2);
      expect(child.stderr.trimEnd().split('\n'), name).toHaveLength(1);
    }
  }, 90_000);
});
