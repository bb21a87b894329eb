/**
 * The demo world at 20, 60 and 1,000 completes per country and wave (1,000: as `npm start` builds
 * it), written in bulk and weighted as the CLI does: every materialised
 * value (all indicators, subgroups, countries, regions, the world, changes, distributions) is
 * audited against the publication invariants by an independent checker
 * (test/helpers/published-audit.ts): none is published as an absurd number, none is withheld
 * without its reason. The subject is the statistics, not the driver: it runs on one database
 * kind (describeOneDb: PostgreSQL when TEST_DATABASE_URL is set, where bulk writes are quickest;
 * PGlite otherwise). PGlite's side of the same world is read by test/browser/start.test.ts
 * (1,000 per country, as `npm start` builds it) and test/browser/dashboards-sanity.test.ts (20).
 */
import { expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeOneDb } from '../helpers/db.ts';
import { auditPublished } from '../helpers/published-audit.ts';

const SIZES = [20, 60, 1000];
const STUDY = 'migration-perceptions';

describeOneDb('every published value of the demo world passes its invariants', (ctx) => {
  for (const completes of SIZES) {
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
