/**
 * `barometer disclosure audit STUDY` on a small demo world (three European countries, ~100
 * completes each per wave): the series as materialised pass (exit 0, every withheld cell's interval
 * printed with --all); a series tampered the way the old rule published it — a complementary cell
 * shown again — fails (exit 1) naming the cell whose interval collapsed. The weighting run's gate
 * refuses such series with a 422-class error naming the wave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { main } from '../../src/cli/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import { assertDisclosureSafe, publishedWaves, WeightingInputError } from '../../src/indicators/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { definitionsDir } from '../helpers/collection.ts';

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), env };
}

describe('barometer disclosure audit [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-disclosure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['disclosure', 'audit', 'migration-perceptions', '--definitions', definitionsDir];

  it(
    'passes the materialised series and fails a complementary cell published again',
    { timeout: 300_000 },
    async () => {
      const handle = await createDb({ kind: 'pglite', dataDir: dir });
      await handle.migrate();
      await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
      await buildDemoWorld(handle.db, {
        size: { scale: 0.1, countries: ['GBR', 'DEU', 'FRA'] },
        seed: 'disclosure-cli',
      });
      // The gate on a tampered wave: one complementary point shown again.
      const [wave] = await publishedWaves(handle.db, flagship);
      if (!wave) throw new Error('no materialised wave');
      const target = wave.points.find((p) => p.suppressed === 'complementary');
      if (!target) throw new Error('the demo world withheld no complementary cell');
      const tampered = wave.points.map((p) => (p === target ? { ...p, suppressed: null } : p));
      await expect(
        assertDisclosureSafe(flagship, wave.wave, { ...wave, points: tampered }, wave.weights),
      ).rejects.toThrow(WeightingInputError);
      await handle.close();
      const env = { BAROMETER_DATA_DIR: dir };

      const ok = captureIo(env);
      expect(await main([...args, '--all'], ok), ok.err.join('')).toBe(0);
      const text = ok.out.join('');
      expect(text).toMatch(
        /^disclosure audit of migration-perceptions: protection interval ±0.1 and at least 0.2 wide/,
      );
      expect(text).toMatch(/mp-2022: \d+ withheld cell value\(s\), 0 narrower than required/);
      expect(text).toMatch(/ {2}ok {3}\w+ .+: feasible \[\d\.\d{4}, \d\.\d{4}\], required \[\d\.\d{4}, \d\.\d{4}\]/);
      expect(text).not.toContain('FAIL');

      // Publish the complementary cell again, as the old rule did.
      const db = await createDb({ kind: 'pglite', dataDir: dir });
      const g = target.geography;
      const code = g.kind === 'country' ? g.iso3 : g.kind === 'region' ? g.region : 'world';
      await db.db.execute(
        `update indicator_series set point = jsonb_set(point, '{suppressed}', 'null') where indicator = '${target.indicator}' and geo_code = '${code}' and subgroup_variable = '${target.subgroup?.variable ?? ''}' and subgroup_level = '${target.subgroup?.level ?? ''}' and point->>'wave' = '${target.wave}'`,
      );
      await db.close();
      const bad = captureIo(env);
      expect(await main(args, bad)).toBe(1);
      expect(bad.out.join('')).toContain('FAIL');
      expect(bad.err.join('')).toMatch(
        /^\d+ withheld cell value\(s\) can be narrowed below the protection interval\n$/,
      );
    },
  );
});
