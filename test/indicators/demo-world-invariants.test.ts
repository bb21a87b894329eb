/**
 * The demo world at 20, 60 and 1,000 completes per country and wave (1,000: as `npm start` builds
 * it), written in bulk and weighted as the CLI does: every materialised
 * value (all indicators, subgroups, countries, regions, the world, changes, distributions) is
 * audited against the publication invariants by an independent checker
 * (test/helpers/published-audit.ts): none is published as an absurd number, none is withheld
 * without its reason. The full size runs once, on the last database kind of the run (PostgreSQL
 * when TEST_DATABASE_URL is set, where bulk writes are quickest; PGlite otherwise).
 */
import { expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { dbKinds, describeEachDb } from '../helpers/db.ts';
import { auditPublished } from '../helpers/published-audit.ts';

const SIZES = [20, 60];
const FULL_SIZE = 1000;
const STUDY = 'migration-perceptions';

describeEachDb('every published value of the demo world passes its invariants', (ctx) => {
  const sizes = ctx.kind === dbKinds().at(-1) ? [...SIZES, FULL_SIZE] : SIZES;
  for (const completes of sizes) {
    it(`at ${completes} completes per country and wave`, { timeout: 1_200_000 }, async () => {
      await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: false });
      await buildDemoWorld(ctx.handle.db, { size: { scale: completes / 1000 }, concurrency: 64 });
      const researcher = await auditPublished(ctx.handle.db, STUDY, true);
      const reader = await auditPublished(ctx.handle.db, STUDY, false);
      console.log(
        `demo world at ${completes}/country: ${researcher.points} points, ${researcher.changes} changes, ${researcher.distributions} distributions; ${researcher.withheldForInvariants} points withheld for a failed invariant`,
      );
      expect(researcher.points).toBeGreaterThan(1000);
      expect(researcher.changes).toBeGreaterThan(500);
      expect(researcher.problems.slice(0, 20)).toEqual([]);
      expect(reader.problems.slice(0, 20)).toEqual([]);
      // The public view holds the same points (withheld values keep their reason).
      expect(reader.points).toBe(researcher.points);
    });
  }
});
