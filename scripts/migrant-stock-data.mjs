#!/usr/bin/env node
// Regenerates survey-definitions/migration-perceptions/migrant-stock/data.ts from the CSV copy
// beside it (migrant_stock_share.csv), in its row order, checking that every country of the
// study's populations has a value for every year of the copy.
// Usage: node scripts/migrant-stock-data.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRows } from './csv-rows.mjs';

const study = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'survey-definitions/migration-perceptions');
const dir = join(study, 'migrant-stock');
const shares = csvRows(join(dir, 'migrant_stock_share.csv'));
const countries = csvRows(join(study, 'populations/countries.csv'));
const years = [...new Set(shares.map((r) => r.year))];
for (const c of countries)
  for (const year of years)
    if (!shares.some((r) => r.iso3 === c.iso3 && r.year === year)) throw new Error(`${c.iso3}: no share for ${year}`);
const body = shares.map((r) => {
  const value = Number(r.foreign_born_percent);
  if (!(value >= 0 && value <= 100))
    throw new Error(`${r.iso3} ${r.year}: ${r.foreign_born_percent} is not a percentage`);
  return `  { iso3: '${r.iso3}', year: ${Number(r.year)}, value: ${value} },`;
});
const head = readFileSync(join(dir, 'data.ts'), 'utf8').split('export const FOREIGN_BORN_PERCENT')[0];
writeFileSync(
  join(dir, 'data.ts'),
  `${head}export const FOREIGN_BORN_PERCENT: readonly ReferenceValueInput[] = [\n${body.join('\n')}\n];\n`,
);
console.log(`data.ts: ${shares.length} values, ${countries.length} countries, years ${years.join(', ')}`);
