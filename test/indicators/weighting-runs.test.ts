import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { readSeries, readWeights, runWeighting, WeightingInputError } from '../../src/indicators/index.ts';
import type { Study } from '../../src/instrument/index.ts';
import { setCurrentRun, waveRuns } from '../../src/indicators/run-list.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { fixtureStudy } from './fixtures/study.ts';
import { fixtureRows, generateResponses, R, relClose, responseInputs } from './reference.ts';

describe('the fixture data', () => {
  it('responses.csv (what R read) is what the generator makes', () => {
    expect(fixtureRows()).toEqual(generateResponses());
  });
});

describeEachDb('weighting runs', (ctx) => {
  const setup = async (study: Study = fixtureStudy()) => {
    await storeStudy(ctx.handle.db, study);
    await insertResponses(ctx.handle.db, study, responseInputs());
    return study;
  };

  it('collapses sparse cells and calibrates each country within bounds as R does (calibrate, logit, bounds [1/4, 4])', async () => {
    const study = await setup();
    const run = await runWeighting(ctx.handle.db, { study, wave: 'w1', actor: 'test', materialise: false });
    const { weights } = await readWeights(ctx.handle.db, { study: 'fixture', wave: 'w1' });
    const byId = new Map(weights.map((w) => [w.responseId, w]));
    let checked = 0;
    for (const ref of R.weights.filter((w) => w.wave === 'w1')) {
      ref.id.forEach((id, i) => {
        const mine = byId.get(id);
        expect(mine?.country).toBe(ref.country);
        expect(
          relClose(mine?.weight, ref.weight[i] ?? Number.NaN, 1e-9),
          `${ref.country} response ${id}: ${mine?.weight} vs R ${ref.weight[i]}`,
        ).toBe(true);
        checked++;
      });
    }
    expect(checked).toBe(649);
    // The bounds bind: weights reach from under 0.3 to over 3.7 times the design weight N/n, no further.
    const ccc = run.countries.find((c) => c.iso3 === 'CCC');
    const g = ccc?.relativeWeights.max ?? 0;
    expect(g).toBeGreaterThan(3.7);
    expect(g).toBeLessThan(4);
    // DDD's young men are fewer than 5: merged with its old men, as R's script does.
    const merges = R.merges.find((m) => m.wave === 'w1' && m.country === 'DDD')?.merged ?? [];
    expect(merges.length).toBe(1);
    expect(run.countries.find((c) => c.iso3 === 'DDD')?.collapsed).toEqual(
      merges.map((m) => ({ margin: 'age_group×sex', cells: m.cells, into: m.into, respondents: m.respondents })),
    );
    // Every margin is met: no flag, every worst cell within 1e-6 of its target.
    for (const c of run.countries) {
      expect(c.flag, c.iso3).toBeNull();
      for (const f of c.marginFit) expect(f.relativeDeviation, `${c.iso3} ${f.margin}`).toBeLessThan(1e-6);
    }
  });

  it('reports, naming country and cell: too few completes, a margin cell nobody is in (merged), non-convergence', async () => {
    const base = fixtureStudy();
    const study = withWave(base, 'w1', (w) => ({
      ...w,
      weighting: w.weighting ? { ...w.weighting, maxIterations: 1 } : undefined,
    }));
    await storeStudy(ctx.handle.db, study);
    // DDD: nobody old and female answers, so margin cell age_group×sex = old:female is empty.
    await insertResponses(
      ctx.handle.db,
      study,
      responseInputs().filter(
        (r) => !(r.answers.COUNTRY === 'ddd' && r.answers.SEX === 'female' && Number(r.answers.AGE) >= 40),
      ),
    );
    const run = await runWeighting(ctx.handle.db, { study, wave: 'w1' });
    const find = (code: string, country: string) =>
      run.warnings.filter((w) => w.code === code && w.country === country);
    expect(find('below_target', 'DDD')[0]?.message).toMatch(/DDD: \d+ weighted respondents, below the target of 100/);
    // The empty cell old:female is merged into young:female (its neighbour along age group).
    expect(run.countries.find((c) => c.iso3 === 'DDD')?.collapsed).toContainEqual(
      expect.objectContaining({ margin: 'age_group×sex', cells: ['young:female', 'old:female'] }),
    );
    expect(find('empty_cell', 'DDD')).toEqual([]);
    expect(find('not_converged', 'AAA')).toHaveLength(1);
    expect(find('not_converged', 'AAA')[0]?.cell).toMatch(/^(age_group×sex|education)=/);
    const aaa = run.countries.find((c) => c.iso3 === 'AAA');
    expect(aaa?.converged).toBe(false);
    expect(aaa?.flag).toBe('not_converged');
    // The flag travels with every published point of its country (one step: none converges).
    const points = await readSeries(ctx.handle.db, {
      study: 'fixture',
      waves: ['w1'],
      geography: ['country'],
      subgroup: '*',
      includeSuppressed: true,
    });
    const flags = new Map<string, Set<unknown>>();
    for (const p of points)
      if (p.geography.kind === 'country')
        flags.set(p.geography.iso3, (flags.get(p.geography.iso3) ?? new Set()).add(p.weightingWarning));
    expect(flags.get('AAA')).toEqual(new Set(['not_converged']));
    for (const c of run.countries) expect(flags.get(c.iso3), c.iso3).toEqual(new Set([c.flag]));
    const [stored] = await ctx.handle.db.select().from(schema.weightingRuns).where(eq(schema.weightingRuns.id, run.id));
    expect(stored?.warnings).toEqual(run.warnings);
  });

  it('re-running with the same inputs gives bit-identical weights; the current run changes, audited', async () => {
    const study = await setup();
    const first = await runWeighting(ctx.handle.db, { study, wave: 'w2', actor: 'alice', materialise: false });
    const a = await readWeights(ctx.handle.db, { study: 'fixture', wave: 'w2' });
    const second = await runWeighting(ctx.handle.db, { study, wave: 'w2', actor: 'bob', materialise: false });
    const b = await readWeights(ctx.handle.db, { study: 'fixture', wave: 'w2' });
    expect(second.id).not.toBe(first.id);
    expect(a.runId).toBe(first.id);
    expect(b.runId).toBe(second.id);
    expect(second.previousRunId).toBe(first.id);
    expect(second.weightsHash).toBe(first.weightsHash);
    expect(b.weights.length).toBe(660);
    // Bit for bit: the float64 of every weight, through the database and back.
    expect(Buffer.from(Float64Array.from(b.weights, (w) => w.weight).buffer)).toEqual(
      Buffer.from(Float64Array.from(a.weights, (w) => w.weight).buffer),
    );
    const audits = await ctx.handle.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, 'weighting_run.set_current'));
    expect(audits.map((e) => [e.actor, e.details])).toEqual([
      ['alice', { from: null, to: first.id }],
      ['bob', { from: first.id, to: second.id }],
    ]);
  });

  it('makes an earlier run current again, audited, listed with its diagnostics; a run of another wave is refused', async () => {
    const study = await setup();
    const first = await runWeighting(ctx.handle.db, { study, wave: 'w2', actor: 'alice' });
    const second = await runWeighting(ctx.handle.db, { study, wave: 'w2', actor: 'bob' });
    await setCurrentRun(ctx.handle.db, { study, waveId: first.waveId, runId: first.id, actor: 'carol' });
    const runs = await waveRuns(ctx.handle.db, first.waveId);
    expect(runs.map((r) => [r.id, r.current])).toEqual([
      [second.id, false],
      [first.id, true],
    ]);
    expect(runs[1]?.countries.map((c) => c.kishDeff)).toEqual(first.countries.map((c) => c.kishDeff));
    expect((await readWeights(ctx.handle.db, { study: 'fixture', wave: 'w2' })).runId).toBe(first.id);
    const [audit] = await ctx.handle.db.select().from(schema.auditLog).where(eq(schema.auditLog.actor, 'carol'));
    expect(audit?.details).toEqual({ from: second.id, to: first.id });
    const other = await runWeighting(ctx.handle.db, { study, wave: 'w1', actor: 'alice', materialise: false });
    await expect(
      setCurrentRun(ctx.handle.db, { study, waveId: first.waveId, runId: other.id, actor: 'carol' }),
    ).rejects.toThrow(/is not a run of this wave/);
  });

  it.each<[string, (s: Study) => Study, RegExp]>([
    [
      'a margin that does not sum to the adult population',
      (s) => editMargin(s, (cells) => cells.map((c, i) => (i === 0 ? { ...c, value: c.value * 2 } : c))),
      /BBB: margin age_group×sex sums to .*expected 5000000/,
    ],
    [
      'an unknown level',
      (s) =>
        editMargin(s, (cells) => cells.map((c, i) => (i === 0 ? { ...c, levels: { ...c.levels, sex: 'other' } } : c))),
      /BBB: margin age_group×sex has a cell .*sex level is not one of female, male/,
    ],
    [
      'a wave that states no weighting',
      (s) => withWave(s, 'w1', (w) => ({ ...w, weighting: undefined })),
      /wave w1 states no weighting/,
    ],
  ])('refuses %s with a clear error and stores nothing', async (_name, edit, message) => {
    const study = edit(await setup());
    const error = await runWeighting(ctx.handle.db, { study, wave: 'w1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightingInputError);
    expect(String((error as Error).message)).toMatch(message);
    expect(await ctx.handle.db.select().from(schema.weightingRuns)).toEqual([]);
    expect(await ctx.handle.db.select().from(schema.responseWeights)).toEqual([]);
    expect(await ctx.handle.db.select().from(schema.currentWeightingRuns)).toEqual([]);
  });
});

type WaveDef = Study['waves'][number];
function withWave(study: Study, id: string, edit: (w: WaveDef) => WaveDef): Study {
  return { ...study, waves: study.waves.map((w) => (w.id === id ? edit(w) : w)) };
}
function editMargin(
  study: Study,
  edit: (
    cells: WaveDef['countries'][number]['margins'][number]['cells'],
  ) => WaveDef['countries'][number]['margins'][number]['cells'],
): Study {
  return withWave(study, 'w1', (w) => ({
    ...w,
    countries: w.countries.map((c) =>
      c.iso3 === 'BBB' ? { ...c, margins: c.margins.map((m, j) => (j === 0 ? { ...m, cells: edit(m.cells) } : m)) } : c,
    ),
  }));
}
