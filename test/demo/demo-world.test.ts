import { expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { buildDemoWorld, compareWithTruth } from '../../src/demo/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';

/**
 * A smaller demo world: 8 countries (one or two per region: GBR, DEU, USA, BRA, IND, ZAF, EGY,
 * AUS) × 3 waves × 200 completes, answered through the collection service, weighted, series
 * materialised — then checked against the simulation's known truths (not against the code's own
 * numbers). The seed fixes every respondent and answer, so the outcome does not vary between runs.
 */
const COUNTRIES = ['GBR', 'DEU', 'USA', 'BRA', 'IND', 'ZAF', 'EGY', 'AUS'];

describeEachDb('the demo world against its known truth', (ctx) => {
  it(
    'weighted 95% intervals cover the true share in ≥ 90% of country × wave cells, and beat the unweighted shares',
    { timeout: 900_000 },
    async () => {
      await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: false });
      const result = await buildDemoWorld(ctx.handle.db, {
        size: { scale: 0.2, countries: COUNTRIES },
        seed: 'demo-world-test',
        concurrency: 64,
      });
      expect(result.waves.map((w) => [w.wave, w.status])).toEqual([
        ['mp-2022', 'closed'],
        ['mp-2024', 'closed'],
        ['mp-2026', 'open'],
      ]);
      for (const w of result.waves) {
        expect(w.submitted).toBeGreaterThan(COUNTRIES.length * 180);
        expect(w.breakOffs).toBeGreaterThan(0);
      }
      const { countries } = await compareWithTruth(ctx.handle.db, result);
      expect(countries.cells).toBe(COUNTRIES.length * 3);
      expect(countries.covered).toBeGreaterThanOrEqual(0.9);
      expect(countries.meanAbsErrorWeighted).toBeLessThan(countries.meanAbsErrorUnweighted);
    },
  );
});
