/**
 * The demo world at small sizes (20 completes per country and wave, as `npm start` builds it, and
 * 60), built through the collection service and weighted as the CLI does: every materialised
 * value (all indicators, subgroups, countries, regions, the world, changes, distributions) is
 * audited against the publication invariants by an independent checker
 * (test/helpers/published-audit.ts): none is published as an absurd number, none is withheld
 * without its reason. Add 1000 to SIZES once the bulk demo path makes it fast enough.
 */
import { expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';
import { auditPublished } from '../helpers/published-audit.ts';

const SIZES = [20, 60];
const STUDY = 'migration-perceptions';

describeEachDb('every published value of the demo world passes its invariants', (ctx) => {
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
