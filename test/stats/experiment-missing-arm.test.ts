import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { experimentEffects } from '../../src/stats/index.ts';
import { loadApi, referenceDesign, repoRoot } from './support/api-data.ts';

// Expected values: R 4.2.2 + survey 4.1-1 (test/stats/fixtures/experiment-missing-arm.R): the arms of
// did-arms.csv with every 7th row's arm missing, left out as a domain (subset(design, !is.na(arm))).
const Contrast = z.object({ arm: z.string(), estimate: z.number(), se: z.number() });
const R = z
  .object({
    missing: z.number(),
    degf: z.number(),
    experiment_pooled: z.array(Contrast),
    experiment_by_country: z.array(Contrast.extend({ country: z.string() })),
  })
  .parse(JSON.parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/experiment-missing-arm.json'), 'utf8')));
const Arms = z.array(z.object({ arm: z.string() }));
const arms = Arms.parse(
  parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/did-arms.csv'), 'utf8'), { columns: true }),
).map((r) => r.arm);
const table = loadApi('did_survey');
const design = referenceDesign('ddid');
const close = (actual: number, expected: number, rel = 1e-9) => {
  expect(Math.abs(actual - expected), `${actual} vs R ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('message experiment effects with responses that have no arm', () => {
  // Every 7th row without an arm: null, missing (undefined in a sparse array) and empty in turn.
  const withGaps = new Array<string | null>(arms.length);
  arms.forEach((a, i) => {
    const kind = (i / 7) % 3;
    if (i % 7 !== 0) withGaps[i] = a;
    else if (kind === 0) withGaps[i] = null;
    else if (kind === 2) withGaps[i] = '';
    // kind 1: a hole in the array (undefined)
  });

  it('leaves them out (as R does with subset(design, !is.na(arm))) and counts them, instead of throwing', () => {
    const result = experimentEffects(design, {
      outcome: table.num('y'),
      arm: withGaps,
      control: 'control',
      stratum: table.text('country'),
    });
    expect(result.withoutArm).toBe(R.missing);
    expect(result.pooled.map((e) => e.arm)).toEqual(R.experiment_pooled.map((r) => r.arm));
    result.pooled.forEach((e, k) => {
      close(e.estimate, 100 * (R.experiment_pooled[k]?.estimate ?? Number.NaN));
      close(e.se, 100 * (R.experiment_pooled[k]?.se ?? Number.NaN));
      expect(e.df).toBe(R.degf);
    });
    const flat = result.byStratum.flatMap((b) => b.effects.map((e) => ({ country: b.stratum, ...e })));
    expect(flat.map((f) => `${f.country}/${f.arm}`)).toEqual(
      R.experiment_by_country.map((r) => `${r.country}/${r.arm}`),
    );
    flat.forEach((f, k) => {
      close(f.estimate, 100 * (R.experiment_by_country[k]?.estimate ?? Number.NaN));
      close(f.se, 100 * (R.experiment_by_country[k]?.se ?? Number.NaN));
    });
    // The arms' n count interviews with an arm only: together they are the rows less the left-out ones.
    const pooledN = (result.pooled[0]?.nControl ?? 0) + result.pooled.reduce((s, e) => s + e.n, 0);
    expect(pooledN).toBe(arms.length - R.missing);
  });

  it('skips a block (country) where nobody has an arm', () => {
    const country = table.text('country');
    const noneInAAA = arms.map((a, i) => (country[i] === 'AAA' ? null : a));
    const result = experimentEffects(design, {
      outcome: table.num('y'),
      arm: noneInAAA,
      control: 'control',
      stratum: country,
    });
    expect(result.byStratum.map((b) => b.stratum)).toEqual(['BBB', 'CCC', 'DDD', 'EEE', 'FFF']);
    expect(result.withoutArm).toBe(country.filter((c) => c === 'AAA').length);
  });
});
