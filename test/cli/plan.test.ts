import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {},
  });
  return { code, stdout, stderr };
}

describe('barometer plan', () => {
  it('prints the textbook MDE: two samples of 1,000 at 34%, deff 1 → 5.9 points', async () => {
    const r = await plan('--baseline', '0.34', '--n', '1000', '--design', 'change');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MDE 5.9 points with 1000 per cell (2 cells)');
  });
  it('lists all three comparisons, and the DiD is √2 times the change', async () => {
    const r = await plan('--baseline', '34%', '--n', '1000', '--json');
    const out = JSON.parse(r.stdout);
    expect(out.plans.map((p: { design: string }) => p.design)).toEqual(['change', 'did', 'experiment']);
    expect(out.plans[1].mdePoints / out.plans[0].mdePoints).toBeCloseTo(Math.SQRT2, 12);
    expect(out.plans[0].mdePoints).toBeCloseTo(5.9351, 3);
  });
  it('gives the n per cell for a target MDE, with the design effect', async () => {
    const r = await plan('--baseline', '0.5', '--mde', '10', '--design', 'experiment', '--json');
    expect(JSON.parse(r.stdout).plans[0]).toMatchObject({ n: 393, total: 786 });
    const d = await plan('--baseline', '0.5', '--mde', '10', '--design', 'experiment', '--deff', '2', '--json');
    expect(JSON.parse(d.stdout).plans[0].n).toBe(785);
  });
  const bad: [string[], RegExp][] = [
    [['--n', '1000'], /--baseline is required/],
    [['--baseline', '1.3', '--n', '1000'], /--baseline: expected a share between 0 and 1/],
    [['--baseline', '0.3'], /give either --n .* or --mde/],
    [['--baseline', '0.3', '--n', '10', '--mde', '5'], /give either --n/],
    [['--baseline', '0.3', '--n', 'many'], /--n: expected a number, got "many"/],
    [['--baseline', '0.3', '--n', '100', '--design', 'rct'], /--design: expected change, did or experiment/],
    [['--baseline', '0.3', '--n', '100', '--deff=-1'], /deff must be a positive number/],
    [['--baseline', '0.3', '--n', '100', '--power', '80'], /power must be between 0 and 1/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(' ')} with one line`, async () => {
      const r = await plan(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});
