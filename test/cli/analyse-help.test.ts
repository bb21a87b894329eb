import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import type { CliIo } from '../../src/cli/io.ts';

function captureIo(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} };
}

describe('barometer analyse --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-analyse-help-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('points to docs/analyse.md and shows a minimal spec that runs as shown', async () => {
    const io = captureIo(dir);
    expect(await main(['analyse', '--help'], io)).toBe(0);
    const help = io.out.join('');
    expect(help).toContain('docs/analyse.md');
    // The spec printed in the help is valid JSON, and `barometer analyse` runs it on a file with those columns.
    const spec = help.slice(help.indexOf('{'), help.lastIndexOf('}') + 1);
    const parsed: unknown = JSON.parse(spec);
    expect(parsed).toMatchObject({ data: 'responses.csv', design: { weights: 'weight' } });
    writeFileSync(
      join(dir, 'responses.csv'),
      'MIG_LEVEL,weight\ndecreased,1.5\nincreased,0.5\nkept,1\ndecreased,1\n,1\n',
    );
    writeFileSync(join(dir, 'spec.json'), spec);
    const run = captureIo(dir);
    expect(await main(['analyse', 'spec.json'], run)).toBe(0);
    const result: unknown = JSON.parse(run.out.join(''));
    expect(JSON.stringify(result)).toContain('"category":"decreased"');
    expect(run.err.join('')).toBe('');
  });
});
