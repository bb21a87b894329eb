/**
 * `calibrate` (bounded calibration) against R's `calibrate` on the api cluster sample
 * (fixtures/bounded-calibration.R): logit with bounds on g, raking with bounds on the weights
 * themselves (`bounds.const`), raking unbounded — weights and the linearised SE of a mean to 1e-9.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calibrate, createDesign, encodeFactor, surveyMean, type Margin } from '../../src/stats/index.ts';

const Bound = z
  .union([z.number(), z.literal('-Inf'), z.literal('Inf')])
  .transform((b) => (b === '-Inf' ? -Infinity : b === 'Inf' ? Infinity : b));
const fixture = z
  .object({
    stype: z.array(z.string()),
    schWide: z.array(z.string()),
    dnum: z.array(z.number()),
    fpc: z.array(z.number()),
    pw: z.array(z.number()),
    api00: z.array(z.number()),
    cases: z.array(
      z.object({
        calfun: z.enum(['raking', 'logit']),
        lower: Bound,
        upper: Bound,
        boundsConst: z.boolean(),
        weights: z.array(z.number()),
        mean: z.number(),
        se: z.number(),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(new URL('./fixtures/bounded-calibration.json', import.meta.url), 'utf8')));

describe('calibrate with bounds, as R calibrate(calfun, bounds, bounds.const)', () => {
  const design = createDesign({ weights: fixture.pw, ids: [fixture.dnum], fpc: [fixture.fpc] });
  const margins: Margin[] = [
    { name: 'stype', factor: encodeFactor(fixture.stype), totals: { E: 6194 - 755 - 1018, H: 755, M: 1018 } },
    { name: 'sch.wide', factor: encodeFactor(fixture.schWide), totals: { No: 6194 - 5122, Yes: 5122 } },
  ];
  it.each(
    fixture.cases.map((c) => [`${c.calfun} [${c.lower}, ${c.upper}]${c.boundsConst ? ' on the weights' : ''}`, c]),
  )('%s', (_name, c) => {
    const result = calibrate(design, margins, {
      calfun: c.calfun,
      bounds: { lower: c.lower, upper: c.upper },
      boundsConst: c.boundsConst,
      epsilon: 1e-10,
      maxit: 100,
    });
    expect(result.converged).toBe(true);
    result.design.weights.forEach((w, i) =>
      expect(Math.abs(w - (c.weights[i] ?? 0)) / (c.weights[i] ?? 1), `row ${i + 1}`).toBeLessThan(1e-9),
    );
    const m = surveyMean(result.design, [{ name: 'api00', values: Float64Array.from(fixture.api00) }]);
    expect(Math.abs((m.estimate[0] ?? 0) - c.mean) / c.mean).toBeLessThan(1e-9);
    expect(Math.abs(Math.sqrt(m.vcov[0] ?? 0) - c.se) / c.se).toBeLessThan(1e-9);
    if (c.boundsConst) expect(Math.max(...result.design.weights)).toBeLessThanOrEqual(c.upper * (1 + 1e-12));
  });
});
