#!/usr/bin/env node
// Regenerates survey-definitions/migration-perceptions/populations/data.ts from the CSV copies
// beside it (countries.csv, age_sex_15plus.csv, education_15plus.csv), in their row order.
// Usage: node scripts/populations-data.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRows } from './csv-rows.mjs';

const dir = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  'survey-definitions/migration-perceptions/populations',
);

const rows = (file) => csvRows(join(dir, file));

const countries = rows('countries.csv');
const ageSex = rows('age_sex_15plus.csv');
const education = rows('education_15plus.csv');

const body = countries.map((c) => {
  const cells = ageSex.filter((r) => r.iso3 === c.iso3);
  const levels = education.filter((r) => r.iso3 === c.iso3);
  if (cells.length !== 8 || levels.length !== 3)
    throw new Error(`${c.iso3}: expected 8 age × sex rows and 3 education rows`);
  const total = cells.reduce((s, r) => s + Number(r.population), 0);
  if (total !== Number(c.pop_15plus)) throw new Error(`${c.iso3}: age × sex rows sum to ${total}, not ${c.pop_15plus}`);
  return `  {
    iso3: '${c.iso3}',
    name: ${JSON.stringify(c.name)},
    gallupRegion: '${c.gallup_region}',
    pop15plus: ${c.pop_15plus},
    ageSex: [
${cells.map((r) => `      { sex: '${r.sex}', ageGroup: '${r.age_group}', population: ${r.population} },`).join('\n')}
    ],
    education: [
${levels.map((r) => `      { level: '${r.education}', share: ${Number(r.share)} },`).join('\n')}
    ],
  },`;
});

const head = readFileSync(join(dir, 'data.ts'), 'utf8').split('export const POPULATIONS')[0];
writeFileSync(
  join(dir, 'data.ts'),
  `${head}export const POPULATIONS: readonly CountryPopulation[] = [\n${body.join('\n')}\n];\n`,
);
console.log(`data.ts: ${countries.length} countries`);
