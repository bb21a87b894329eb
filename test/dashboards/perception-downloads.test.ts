/**
 * The downloads of the perception indicators carry the official figure's source, estimate year and
 * licence, as their charts do (dashboards/reference-downloads.ts): the full series CSV (read back by
 * Python's csv module) with the official figure of each country as the study's reference series
 * gives it, the metadata JSON with the source and how years are matched, a view's CSV and ZIP, and
 * the PNG's Source text in English and Arabic. An indicator not compared with an official figure
 * keeps its columns as they were.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { referenceFor } from '../../src/instrument/index.ts';
import { foreignBornShare } from '../../survey-definitions/migration-perceptions/references.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

const base = '/dashboards/migration-perceptions';
let app: ReturnType<typeof dashboardRoutes>;
const dir = mkdtempSync(join(tmpdir(), 'barometer-perception-downloads-'));
const SOURCE =
  'United Nations, Department of Economic and Social Affairs, Population Division (via Our World in Data): International Migrant Stock 2024: international migrants as a share of the total population';
const LICENCE = 'UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0';

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  app = dashboardRoutes({ source: memorySource([study], data) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV as Python's csv module reads it: one object per row, by column name. */
async function readCsv(path: string, name: string): Promise<Record<string, string>[]> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, await res.text());
  const out = execFileSync(
    'python3',
    ['-c', 'import csv, json, sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))))', file],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const rows: unknown = JSON.parse(out);
  if (!Array.isArray(rows)) throw new Error('python printed no list');
  return rows.map((r: unknown) => {
    if (typeof r !== 'object' || r === null) throw new Error('not a row');
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
  });
}

describe('perception downloads carry the official figure’s source, year and licence', () => {
  it.each(['migrantShareGap', 'overestimatesMigrantShare', 'perceivedMigrantShare'])(
    'the full series CSV of %s',
    async (id) => {
      const rows = await readCsv(`${base}/series/${id}.csv`, `${id}.csv`);
      const zaf = rows.find((r) => r.wave === 'mp-2028' && r.iso3 === 'ZAF' && r.subgroup_variable === '');
      const matched = referenceFor(foreignBornShare, 'ZAF', 2028);
      expect(matched).toEqual({ value: 4.110632, year: 2024 });
      expect(zaf).toMatchObject({
        reference_value: '4.110632',
        reference_year: '2024',
        reference_source: SOURCE,
        reference_licence: LICENCE,
      });
      // Regions and the world: no single figure, the years of their countries' estimates.
      const world = rows.find((r) => r.wave === 'mp-2028' && r.geography === 'world' && r.subgroup_variable === '');
      expect(world).toMatchObject({ reference_value: '', reference_year: '2024', reference_source: SOURCE });
      for (const r of rows) expect(r.reference_licence).toBe(LICENCE);
    },
  );

  it('the metadata JSON names the source, its licence, the year rule and the years each wave reads', async () => {
    const meta: unknown = await (await app.request(`${base}/series/migrantShareGap.json`)).json();
    expect(meta).toMatchObject({
      reference: {
        id: 'foreignBornShare',
        source: { year: 2024, licence: LICENCE, url: 'https://ourworldindata.org/grapher/migrant-stock-share' },
        yearRule: expect.stringContaining('latest published estimate'),
        matched: expect.arrayContaining([{ wave: 'mp-2028', year: 2028, estimateYears: [2024] }]),
      },
      sources: expect.arrayContaining([expect.objectContaining({ licence: LICENCE })]),
      data: { columns: expect.arrayContaining([expect.objectContaining({ name: 'reference_year' })]) },
    });
  });

  it('a view’s CSV and ZIP carry the source columns; an indicator without an official figure does not', async () => {
    const rows = await readCsv(`${base}/en/indicators/migrantShareGap/ranking.csv`, 'ranking.csv');
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      expect(r.reference_source).toBe(SOURCE);
      expect(r.reference_year).toMatch(/\b2024\b/);
      expect(r.reference_licence).toBe(LICENCE);
    }
    const zip = new Uint8Array(
      await (await app.request(`${base}/en/indicators/migrantShareGap/ranking.zip`)).arrayBuffer(),
    );
    const file = join(dir, 'ranking.zip');
    writeFileSync(file, zip);
    const csv = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.read(z.namelist()[0]).decode("utf-8"))',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(csv.split('\n')[0]).toMatch(/,reference_source,reference_year,reference_licence\r?$/);
    const plain = await readCsv(`${base}/series/wantsDecrease.csv`, 'wantsDecrease.csv');
    expect(Object.keys(plain[0] ?? {}).some((k) => k.startsWith('reference_'))).toBe(false);
  });

  it.each([
    [
      'en',
      'Official figure: United Nations, Department of Economic and Social Affairs, Population Division (via Our World in Data), International Migrant Stock 2024: international migrants as a share of the total population, estimate of 2024 (UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0).',
    ],
    [
      'ar',
      'الرقم الرسمي: United Nations, Department of Economic and Social Affairs, Population Division (via Our World in Data)، International Migrant Stock 2024: international migrants as a share of the total population، تقدير عام 2024 (UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0).',
    ],
  ])(
    'the SVG and PNG of the gap’s map say where the official figure comes from (%s)',
    async (lang, line) => {
      const svg = await (await app.request(`${base}/${lang}/indicators/migrantShareGap/map.svg`)).text();
      // The SVG's own lines (wrapped to the chart's width), joined back: the same sentence.
      const lines = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
      const said = lines
        .join(' ')
        .replace(/[\u2066-\u2069]/g, '')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ');
      expect(said).toContain(line);
      const png = new Uint8Array(
        await (await app.request(`${base}/${lang}/indicators/migrantShareGap/map.png`)).arrayBuffer(),
      );
      const text = Buffer.from(png).toString('utf8');
      expect(text).toContain(line);
    },
    60_000,
  );
});
