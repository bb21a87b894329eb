import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  defineReferenceSeries,
  defineStudy,
  referenceFor,
  scoreIndicator,
  waveInstrument,
  type ReferenceSeriesInput,
} from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { foreignBornShare } from '../../survey-definitions/migration-perceptions/references.ts';

/** The reference copy as the project received it (test/fixtures keeps it, a clone has no ../shared). */
function fixtureRows(): { iso3: string; year: number; value: number; source: string }[] {
  const [, ...lines] = readFileSync(
    new URL('../fixtures/migrant-stock/migrant_stock_share.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n');
  return lines.map((line) => {
    const [iso3, , year, value, source] = [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2] ?? '');
    return { iso3: iso3 ?? '', year: Number(year), value: Number(value), source: source ?? '' };
  });
}

const series = (values: ReferenceSeriesInput['values']): ReferenceSeriesInput => ({
  ...foreignBornShare,
  values,
});

describe('the foreign-born share as a reference series of the flagship study', () => {
  it('holds every value of the UN DESA / Our World in Data copy, unchanged, for the 51 countries', () => {
    const rows = fixtureRows();
    expect(rows).toHaveLength(204);
    expect(foreignBornShare.values).toEqual(rows.map(({ iso3, year, value }) => ({ iso3, year, value })));
    expect(new Set(rows.map((r) => r.source))).toEqual(
      new Set([
        'UN DESA International Migrant Stock 2024, via Our World in Data grapher migrant-stock-share (2025-03-12)',
      ]),
    );
    const countries = new Set(study.waves.flatMap((w) => w.countries.map((c) => c.iso3)));
    expect(new Set(rows.map((r) => r.iso3))).toEqual(countries);
  });

  it('states its source and licence', () => {
    expect(foreignBornShare.source.publisher).toMatch(/United Nations.*Population Division.*Our World in Data/);
    expect(foreignBornShare.source.licence).toBe('UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0');
    expect(study.references.map((r) => r.id)).toEqual(['foreignBornShare']);
  });

  it('matches each wave to the latest estimate at or before its year', () => {
    const years = study.waves.map((w) => [w.id, referenceFor(foreignBornShare, 'DEU', w.year)?.year]);
    expect(years).toEqual([
      ['mp-2022', 2020],
      ['mp-2024', 2024],
      ['mp-2026', 2024],
      ['mp-2028', 2024],
    ]);
    const deu2020 = fixtureRows().find((r) => r.iso3 === 'DEU' && r.year === 2020)?.value;
    expect(referenceFor(foreignBornShare, 'DEU', 2022)?.value).toBe(deu2020);
    expect(referenceFor(foreignBornShare, 'DEU', 2009)).toBeUndefined();
    expect(referenceFor(foreignBornShare, 'XXX', 2024)).toBeUndefined();
  });

  it('refuses a value outside 0–100, a country-year given twice, and an empty licence, naming the field', () => {
    const bad = (input: ReferenceSeriesInput) => {
      try {
        defineReferenceSeries(input);
      } catch (e) {
        if (e instanceof DefinitionError) return e.issues.map((i) => `${i.code} ${i.path}`);
        throw e;
      }
      return [];
    };
    expect(bad(series([{ iso3: 'DEU', year: 2024, value: 120 }]))).toEqual([
      'invalid_range reference(foreignBornShare).values[0].value',
    ]);
    expect(
      bad(
        series([
          { iso3: 'DEU', year: 2024, value: 20 },
          { iso3: 'DEU', year: 2024, value: 21 },
        ]),
      ),
    ).toEqual(['duplicate_id reference(foreignBornShare).values[1]']);
    const unlicensed = { ...foreignBornShare.source, licence: '' };
    expect(bad({ ...series([{ iso3: 'DEU', year: 2024, value: 20 }]), source: unlicensed })).toEqual([
      expect.stringMatching(/^invalid_shape reference\(foreignBornShare\)\.source\.licence/),
    ]);
  });

  it('refuses a study whose wave has a country without an estimate in or before its year', () => {
    const early = defineReferenceSeries(
      series(foreignBornShare.values.filter((v) => !(v.iso3 === 'FRA' && v.year <= 2020))),
    );
    expect(() => defineStudy({ ...study, references: [early] })).toThrow(
      /reference foreignBornShare has no value for FRA in or before 2022 \(wave mp-2022\)/,
    );
    expect(() => defineStudy({ ...study, references: [] })).toThrow(
      /indicator migrantShareGap reads reference series foreignBornShare, which the study does not define/,
    );
  });
});

describe('the gap and overestimate indicators score one respondent against the figure', () => {
  const v4 = waveInstrument(study, 'mp-2028');
  const gap = study.indicators.find((i) => i.id === 'migrantShareGap');
  const over = study.indicators.find((i) => i.id === 'overestimatesMigrantShare');
  if (!gap || !over) throw new Error('the flagship has no gap indicators');

  it('gives perceived − actual in points, and 1 only above actual + 10', () => {
    expect(scoreIndicator(gap, v4, { MIG_SHARE_GUESS: 31 }, 17.5)).toEqual({ inBase: true, value: 13.5 });
    expect(scoreIndicator(over, v4, { MIG_SHARE_GUESS: 31 }, 17.5)).toEqual({ inBase: true, value: 1 });
    expect(scoreIndicator(over, v4, { MIG_SHARE_GUESS: 27 }, 17)).toEqual({ inBase: true, value: 0 });
    expect(scoreIndicator(gap, v4, { MIG_SHARE_GUESS: 5 }, 17)).toEqual({ inBase: true, value: -12 });
  });

  it('leaves don’t know, refused and not asked out of the base', () => {
    expect(scoreIndicator(gap, v4, { MIG_SHARE_GUESS: { missing: 'dont_know' } }, 17)).toEqual({
      inBase: false,
      reason: 'dont_know',
    });
    expect(scoreIndicator(over, v4, { MIG_SHARE_GUESS: { missing: 'refused' } }, 17)).toEqual({
      inBase: false,
      reason: 'refused',
    });
    expect(scoreIndicator(gap, v4, {}, 17)).toEqual({ inBase: false, reason: 'no_answer' });
  });

  it('refuses to score without the figure', () => {
    expect(() => scoreIndicator(gap, v4, { MIG_SHARE_GUESS: 31 })).toThrow(/needs the foreignBornShare figure/);
  });
});
