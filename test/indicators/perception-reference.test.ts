/**
 * The perception-versus-reality indicators against R's survey package (fixtures/perception.R,
 * its output committed as fixtures/perception-reference.json): per country and subgroup, and for
 * the regions and the world, the weighted mean perceived share, the gap perceived − actual and the
 * share overestimating by more than 10 points, each with its SE and interval; and the aggregate
 * of the actual shares on the same population weights.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { computeWeights, waveSeries, type SeriesPoint } from '../../src/indicators/index.ts';
import { referenceFor } from '../../src/instrument/index.ts';
import {
  WAVE_YEAR,
  generatePerceptions,
  perceptionAnswers,
  perceptionStudy,
  type PerceptionRow,
} from './fixtures/perception-study.ts';
import { Estimate as RefEstimate, relClose } from './reference.ts';

const Estimate = RefEstimate.omit({ wave: true, deff: true, effectiveN: true });
const R = z
  .object({
    waveYear: z.number(),
    references: z.array(z.object({ iso3: z.string(), year: z.number(), value: z.number() })),
    countries: z.array(Estimate),
    aggregates: z.array(Estimate),
    actual: z.array(z.object({ geo: z.string(), estimate: z.number() })),
  })
  .parse(JSON.parse(readFileSync(new URL('./fixtures/perception-reference.json', import.meta.url), 'utf8')));

/** The responses as the CSV R read holds them (checked equal to the generator's). */
function csvRows(): PerceptionRow[] {
  const [, ...lines] = readFileSync(new URL('./fixtures/perception.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  return lines.map((line) => {
    const [id = '', country = '', age = '', sex = '', edu = '', guess = ''] = line.split(',');
    return { id: Number(id), country, age: Number(age), sex, edu, guess };
  });
}

const geoOf = (p: SeriesPoint) =>
  p.geography.kind === 'country' ? p.geography.iso3 : p.geography.kind === 'region' ? p.geography.region : 'world';
const keyOf = (geo: string, indicator: string, variable: string, level: string) =>
  `${geo}|${indicator}|${variable}|${level}`;

describe('perception against reality, as R computes it', () => {
  const study = perceptionStudy();
  const rows = csvRows();
  const responses = rows.map((r) => ({ id: r.id, answers: perceptionAnswers(r), mode: 'web' as const }));
  const { countries } = computeWeights(study, 'p1', responses);
  const wave = { id: 'wave-p1', studyId: 'study', code: 'p1', year: WAVE_YEAR };
  const series = waveSeries(study, wave, 'run', countries, responses);
  const points = new Map(
    series.points.map((p) => [keyOf(geoOf(p), p.indicator, p.subgroup?.variable ?? '', p.subgroup?.level ?? ''), p]),
  );

  it('reads the responses R read, and matches each country to the estimate R matched (latest at or before 2023)', () => {
    expect(rows).toEqual(generatePerceptions());
    const series = study.references[0];
    if (!series) throw new Error('no reference series');
    for (const r of R.references)
      expect(referenceFor(series, r.iso3, WAVE_YEAR), r.iso3).toEqual({ year: r.year, value: r.value });
    expect(R.references.map((r) => r.year)).toEqual([2020, 2020, 2020, 2020]);
  });

  const compare = (refs: readonly z.output<typeof Estimate>[]) => {
    for (const r of refs) {
      const where = `${r.geo} ${r.indicator} ${r.variable}=${r.level}`;
      const p = points.get(keyOf(r.geo, r.indicator, r.variable, r.level));
      expect(p, where).toBeDefined();
      expect(p?.n, where).toBe(r.n);
      for (const key of ['estimate', 'se', 'ciLow', 'ciHigh'] as const) {
        // R's logit interval (svyciprop) is centred on its glm fit, which stops at a relative change of 1e-8.
        const tol = r.indicator === 'over' && key !== 'estimate' && key !== 'se' ? 1e-7 : 1e-9;
        expect(relClose(p?.[key], r[key], tol), `${where} ${key}: ${p?.[key]} vs R ${r[key]}`).toBe(true);
      }
    }
    return refs.length;
  };

  it('per country, all adults and by education, age group and sex: svymean, svyciprop and svyby', () => {
    expect(compare(R.countries)).toBe(84);
  });

  it('regions and the world: the pooled design, country as stratum, weights in persons', () => {
    expect(compare(R.aggregates)).toBe(63);
  });

  it('the actual share of a region or the world is its countries’ figures on the same population weights: perceived − gap', () => {
    for (const r of R.actual) {
      const perceived = points.get(keyOf(r.geo, 'perceived', '', ''))?.estimate;
      const gap = points.get(keyOf(r.geo, 'gap', '', ''))?.estimate;
      expect(perceived, r.geo).toBeTypeOf('number');
      expect(relClose((perceived ?? Number.NaN) - (gap ?? Number.NaN), r.estimate, 1e-9), r.geo).toBe(true);
    }
    expect(R.actual.map((a) => a.geo)).toEqual(['world', 'North', 'South']);
  });

  it('the gap has the perceived share’s SE in a country (the figure is known), and every point passes its invariants', () => {
    for (const iso3 of ['DEU', 'FRA', 'ZAF', 'NGA']) {
      const perceived = points.get(keyOf(iso3, 'perceived', '', ''))?.se ?? Number.NaN;
      expect(relClose(points.get(keyOf(iso3, 'gap', '', ''))?.se, perceived, 1e-12), iso3).toBe(true);
    }
    expect(series.points.filter((p) => (p.invariants ?? []).length > 0)).toEqual([]);
  });
});
