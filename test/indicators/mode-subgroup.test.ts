/**
 * The mode of collection as a subgroup: an indicator that names `by: ['mode']` is estimated per
 * mode (web, phone, face_to_face) from each response's recorded mode. Here the phone interviews
 * are exactly the respondents of GROUP g1, so the phone points must equal the GROUP=g1 points
 * (which test/indicators/series.test.ts holds against R's survey package), and web has none.
 */
import { beforeEach, expect, it } from 'vitest';
import { readSeries, runWeighting, type SeriesPoint } from '../../src/indicators/index.ts';
import { defineIndicator, defineStudy } from '../../src/instrument/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy, mScore } from './fixtures/study.ts';
import { responseInputs } from './reference.ts';

const base = fixtureStudy();
const byMode = defineIndicator({
  kind: 'share',
  id: 'yesShare',
  label: { en: 'Say yes' },
  question: 'Q',
  options: ['yes'],
  base: { dontKnow: 'included', refused: 'excluded' },
  by: ['GROUP', 'mode'],
});
const study = defineStudy({ ...base, indicators: [byMode, mScore] });

describeEachDb('indicators broken down by mode of collection', (ctx) => {
  beforeEach(async () => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(
      ctx.handle.db,
      study,
      responseInputs().map((r) => ({
        ...r,
        mode: r.answers.GROUP === 'g1' ? ('phone' as const) : ('face_to_face' as const),
      })),
    );
    await runWeighting(ctx.handle.db, { study, wave: 'w2' });
  });

  it('per country and region: phone equals the GROUP=g1 domain, face to face GROUP=g2, web has no respondent', async () => {
    const points = await readSeries(ctx.handle.db, { study: 'fixture', subgroup: '*', includeSuppressed: true });
    const key = (p: SeriesPoint) =>
      `${p.indicator}|${p.geography.kind === 'country' ? p.geography.iso3 : p.geography.kind === 'region' ? p.geography.region : 'world'}`;
    const of = (variable: string, level: string) =>
      new Map(
        points
          .filter((p) => p.subgroup?.variable === variable && p.subgroup.level === level)
          .map((p) => [key(p), p] as const),
      );
    const phone = of('mode', 'phone');
    const g1 = of('GROUP', 'g1');
    const f2f = of('mode', 'face_to_face');
    const g2 = of('GROUP', 'g2');
    expect(phone.size).toBeGreaterThan(3);
    expect([...phone.keys()].sort()).toEqual([...g1.keys()].sort());
    for (const [k, p] of phone) {
      const q = g1.get(k);
      expect({ n: p.n, estimate: p.estimate, se: p.se }, k).toEqual({ n: q?.n, estimate: q?.estimate, se: q?.se });
    }
    for (const [k, p] of f2f)
      expect({ n: p.n, estimate: p.estimate }, k).toEqual({ n: g2.get(k)?.n, estimate: g2.get(k)?.estimate });
    for (const p of of('mode', 'web').values()) expect(p.n).toBe(0);
    // Only the indicator that names `mode` is broken down by it.
    expect(points.some((p) => p.indicator === 'mScore' && p.subgroup?.variable === 'mode')).toBe(false);
  });
});
