/**
 * The differencing attack of issue 20, replayed on a demo world through the public API with no
 * token: for every indicator, wave, subgroup, geography and answer distribution, what the API
 * withholds cannot be derived from what it publishes — (1) no published equation (all adults =
 * Σ levels of a weighting variable; region or world = Σ its countries; world = Σ regions) has a
 * single withheld term, (2) no change is published beside a withheld point, (3) the attacker's LP,
 * given every published value and the exact weighted totals (more than the public population
 * shares), leaves each withheld cell at least its protection interval. The same world with
 * primary suppression alone (the old rule) gives cells away, so the checks can fail.
 */
import { expect, it } from 'vitest';
import { z } from 'zod';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { createApp } from '../../src/app.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import {
  auditStudy,
  DistributionPointSchema,
  publishedWaves,
  SeriesChangeSchema,
  SeriesPointSchema,
  type DistributionPoint,
  type SeriesPoint,
} from '../../src/indicators/index.ts';
import { auditTables, primaryPattern } from '../../src/indicators/disclosure-protect.ts';
import { waveTables } from '../../src/indicators/disclosure-wave.ts';
import { findQuestion, indicatorQuestions, protectionInterval, waveInstrument } from '../../src/instrument/index.ts';
import { silentLogger } from '../../src/log.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { call, definitionsDir, ok } from '../helpers/collection.ts';
import { describeOneDb } from '../helpers/db.ts';

/** Two regions: Europe with three countries, Asia with two; ~100 completes each per wave. */
const COUNTRIES = ['GBR', 'DEU', 'FRA', 'IND', 'JPN'];
const STUDY = 'migration-perceptions';
const WEIGHTING_VARIABLES = new Set(flagship.weightingVariables.map((v) => v.name));
/** The indicators the demo world measures: those whose questions a fielded (not planned) wave asks. */
const MEASURED = flagship.indicators.filter((i) =>
  flagship.waves.some(
    (w) =>
      w.status !== 'planned' &&
      indicatorQuestions(i).every((q) => findQuestion(waveInstrument(flagship, w.id), q) !== undefined),
  ),
);

const geo = (g: SeriesPoint['geography']) => (g.kind === 'country' ? g.iso3 : g.kind === 'region' ? g.region : 'world');
const hidden = (p: { suppressed: string | null }) =>
  p.suppressed === 'below_minimum_n' || p.suppressed === 'complementary';

/** How many terms of each published equation are withheld; the differencing attack needs exactly one. */
function loneWithheld(
  parents: readonly { geography: SeriesPoint['geography']; suppressed: string | null; n: number }[],
  key: (p: { geography: SeriesPoint['geography'] }) => string,
): string[] {
  const out: string[] = [];
  const countries = parents.filter((p) => p.geography.kind === 'country' && p.n > 0);
  const regions = parents.filter((p) => p.geography.kind === 'region' && p.n > 0);
  for (const parent of parents) {
    if (parent.geography.kind === 'country' || hidden(parent) || parent.n === 0) continue;
    const g = parent.geography;
    const terms =
      g.kind === 'world'
        ? [countries, regions]
        : [countries.filter((c) => c.geography.kind === 'country' && c.geography.region === g.region)];
    for (const t of terms) if (t.filter(hidden).length === 1) out.push(`${key(parent)} ${geo(g)}`);
  }
  return out;
}

describeOneDb('the differencing attack on the public API (issue 20)', (ctx) => {
  it('recovers no withheld cell of a subgroup, geography or distribution table', { timeout: 600_000 }, async () => {
    await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: false });
    await buildDemoWorld(ctx.handle.db, {
      size: { scale: 0.1, countries: COUNTRIES },
      seed: 'disclosure-attack',
      concurrency: 64,
    });
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [flagship] });
    const withheld = { subgroup: 0, geography: 0, distribution: 0 };
    const lone: string[] = [];
    for (const indicator of MEASURED) {
      const { points } = await ok(
        await call(app, 'GET', `/v1/studies/${STUDY}/indicators/${indicator.id}?subgroup=*`),
        200,
        z.object({ points: z.array(SeriesPointSchema) }),
      );
      for (const p of points.filter(hidden)) {
        expect(p.estimate).toBeNull();
        if (p.subgroup) withheld.subgroup++;
        else if (p.geography.kind !== 'country') withheld.geography++;
      }
      // Subgroup equations: all adults = Σ levels of each weighting variable, in each geography.
      const byCell = new Map(
        points.map((p) => [
          `${p.wave}|${geo(p.geography)}|${p.subgroup ? `${p.subgroup.variable}=${p.subgroup.level}` : ''}`,
          p,
        ]),
      );
      for (const all of points.filter((p) => p.subgroup === null && !hidden(p) && p.n > 0)) {
        for (const v of WEIGHTING_VARIABLES) {
          const levels = points.filter(
            (p) =>
              p.wave === all.wave && geo(p.geography) === geo(all.geography) && p.subgroup?.variable === v && p.n > 0,
          );
          if (levels.filter(hidden).length === 1)
            lone.push(`${indicator.id} ${all.wave} ${geo(all.geography)} by ${v}`);
        }
      }
      // Geography equations, per wave and subgroup.
      const groups = new Map<string, SeriesPoint[]>();
      for (const p of points) {
        const k = `${p.wave}|${p.subgroup ? `${p.subgroup.variable}=${p.subgroup.level}` : ''}`;
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      for (const [k, list] of groups) lone.push(...loneWithheld(list, () => `${indicator.id} ${k}`));
      // A change is published only between two published points.
      const { changes } = await ok(
        await call(app, 'GET', `/v1/studies/${STUDY}/indicators/${indicator.id}/changes?subgroup=*`),
        200,
        z.object({ changes: z.array(SeriesChangeSchema) }),
      );
      for (const c of changes.filter((c) => c.change !== null)) {
        const sub = c.subgroup ? `${c.subgroup.variable}=${c.subgroup.level}` : '';
        for (const w of [c.fromWave, c.toWave])
          expect(hidden(byCell.get(`${w}|${geo(c.geography)}|${sub}`) ?? { suppressed: null })).toBe(false);
      }
    }
    for (const question of ['MIG_LEVEL', 'EDUCATION', 'SEX']) {
      const { distributions } = await ok(
        await call(app, 'GET', `/v1/studies/${STUDY}/distributions/${question}`),
        200,
        z.object({ distributions: z.array(DistributionPointSchema) }),
      );
      for (const d of distributions.filter(hidden)) {
        expect(d.shares).toEqual({});
        withheld.distribution++;
      }
      const byWave = new Map<string, DistributionPoint[]>();
      for (const d of distributions) byWave.set(d.wave, [...(byWave.get(d.wave) ?? []), d]);
      for (const [w, list] of byWave) lone.push(...loneWithheld(list, () => `${question} ${w}`));
    }
    expect(lone).toEqual([]);
    // The world is small enough that every kind of table withholds something.
    expect(withheld.subgroup).toBeGreaterThan(0);
    expect(withheld.geography).toBeGreaterThan(0);
    expect(withheld.distribution).toBeGreaterThan(0);

    // The attacker's LP with the exact weighted totals: every primary cell keeps its protection
    // interval (the flagship protects primary cells, as sdcTable's attack() checks them).
    const audits = await auditStudy(ctx.handle.db, flagship);
    const intervals = audits.flatMap((a) => a.intervals);
    const primaries = intervals.filter((i) => i.primary);
    expect(primaries.length).toBeGreaterThan(0);
    expect(intervals.filter((i) => !i.protected).map((i) => `${i.table} ${i.label} ${i.column}`)).toEqual([]);
    for (const i of primaries) {
      const required = i.required ?? protectionInterval(i.value, { min: 0, max: 1 }, flagship.disclosure.protection);
      expect(i.required).not.toBeNull();
      expect(i.feasible[0]).toBeLessThanOrEqual(required[0] + 1e-7);
      expect(i.feasible[1]).toBeGreaterThanOrEqual(required[1] - 1e-7);
    }

    // The old rule (primary suppression only) on the same world: the attack recovers cells.
    let recovered = 0;
    for (const w of await publishedWaves(ctx.handle.db, flagship)) {
      const { tables } = waveTables(flagship, waveInstrument(flagship, w.wave), w.points, w.distributions, w.weights);
      const old = await auditTables(tables, primaryPattern(tables, new Map()), flagship.disclosure);
      recovered += old.filter((i) => !i.protected).length;
    }
    expect(recovered).toBeGreaterThan(0);
  });
});
