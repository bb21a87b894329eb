#!/usr/bin/env node
// Static check of the architecture in DESIGN.md: the arrows are the only
// imports allowed between folders. Prints one line per forbidden import and
// exits 1 if there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** folder → folders (of the project) it may import from, besides itself. */
const allowed = {
  'src/stats': [],
  'src/instrument': [],
  'src/formats': [],
  'survey-definitions': ['src/instrument/index.ts'],
  db: [],
  'src/indicators': ['src/stats', 'src/instrument', 'db', 'src/log.ts'],
  dashboards: ['src/indicators', 'src/instrument'],
  'src/api': ['src/instrument', 'src/web', 'src/indicators', 'src/stats', 'db', 'src/log.ts', 'src/config.ts', 'src/collection'],
  'src/collection': ['src/instrument', 'src/formats', 'db', 'src/api/errors.ts', 'src/log.ts'],
  'src/web': ['src/instrument', 'src/api', 'src/indicators', 'db', 'src/log.ts', 'src/collection'],
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield p;
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const under = (path, folder) => path === folder || path.startsWith(folder.endsWith('.ts') ? folder : folder + '/');
const problems = [];

for (const [folder, may] of Object.entries(allowed)) {
  let dir;
  try {
    dir = statSync(join(root, folder)).isDirectory() ? join(root, folder) : null;
  } catch {
    continue;
  }
  if (!dir) continue;
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file).split(sep).join('/');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (!spec || !spec.startsWith('.')) continue;
      const target = relative(root, resolve(dirname(file), spec)).split(sep).join('/');
      if (under(target, folder)) continue;
      if (may.some((f) => under(target, f))) continue;
      problems.push(`${rel}: imports ${target}, but ${folder} may only import ${may.length ? may.join(', ') : 'nothing else of the project'}`);
    }
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`check-boundaries: ${problems.length} forbidden import(s) (see DESIGN.md, "one direction of flow")`);
  process.exit(1);
}
console.log('check-boundaries: every import follows DESIGN.md');
