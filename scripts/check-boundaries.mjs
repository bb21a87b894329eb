#!/usr/bin/env node
// Static check of the architecture in DESIGN.md ("one direction of flow"):
// 1. every source file of the project belongs to one part of the table below (a folder, or a
//    module at the top of src/); a file in no part is an error, so a new folder is declared here;
// 2. a part imports only the parts its row names (besides itself);
// 3. no import circle between files, and none between folders;
// 4. nothing under test/, src/ or bench/ reads outside the repository (a clone has no ../shared);
// 5. SQL only in db/ and the services: a file of any other product part (src/api, src/web,
//    src/http, src/cli, dashboards, src/stats, src/instrument, …) neither imports drizzle-orm
//    (types aside) nor writes SQL (a sql`…` template, .execute(…), a query built on a table of
//    db/schema.ts: .from(schema.x), .insert(schema.x), .update(schema.x), .delete(schema.x)); it
//    calls a function of db/ or of a service instead. The services are the folders whose job is
//    the domain's work on the database: src/collection, src/indicators and src/demo (the demo world
//    writes its simulated waves in bulk); src/analysis is a service too, but reads files, not the
//    database. Tests, benchmarks and scripts, around the product, may query as they need.
// Prints one line per problem and exits 1 if there is any. The first argument, if any, is the root
// to check instead of this repository (the checker's test plants violations in a scratch tree).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));

/** Every part: composition roots, tooling and tests may import any part. */
const everything = '*';

/**
 * Part → the parts it may import. Read from the bottom up: what is lower never imports what
 * is higher. A part is a folder, or one module at the top of src/.
 */
const allowed = {
  // The foundations: pure, or knowing only themselves.
  'src/errors.ts': [], // the domain errors every layer throws (no HTTP)
  'src/stats': ['src/errors.ts'], // design-based estimation, pure but for its error (a domain error)
  'src/html.ts': [], // the one HTML template and escaper (hono's)
  'src/messages.ts': [], // the one shape of translated words, filled through Intl
  'src/instrument': ['src/html.ts', 'src/errors.ts'], // the survey DSL, answer validation, codebook
  'src/formats': [], // SPSS and Stata file encoders and the .sav reader, pure
  'src/xlsform': ['src/instrument/index.ts'], // XLSForm in and out: the DSL's public entry only, no db/HTTP
  'src/config.ts': ['src/errors.ts'],
  'src/log.ts': ['src/config.ts'],
  db: ['src/instrument/index.ts'], // drizzle schema, migrations, createDb(); jsonb columns typed from the DSL's zod schemas and the stored shapes beside the schema (db/*-shapes.ts, built on the DSL's)
  'survey-definitions': ['src/instrument/index.ts'], // studies as code use the DSL's public entry

  // The services: the domain's work on the database.
  'src/collection': ['src/instrument', 'src/formats', 'db', 'src/errors.ts', 'src/log.ts'],
  'src/analysis': ['src/stats', 'src/formats'],
  'src/indicators': ['src/stats', 'src/instrument', 'db', 'src/errors.ts', 'src/log.ts'],

  // The surfaces: HTTP plumbing both HTTP surfaces share, then the JSON API and the pages.
  // HTTP's view of the domain errors (the code → status table), for every surface that answers HTTP.
  'src/http/errors.ts': ['src/errors.ts'],
  'src/http': ['db', 'src/http/errors.ts', 'src/instrument/index.ts', 'src/errors.ts', 'src/log.ts'], // AppDeps names the Study type
  'src/api': [
    'src/http',
    'src/collection',
    'src/indicators',
    'src/analysis',
    'src/instrument',
    'src/stats',
    'src/formats/csv.ts',
    'db',
    'src/errors.ts',
    'src/log.ts',
  ],
  'src/web': [
    'src/http',
    'src/collection',
    'src/indicators',
    'src/instrument',
    'db',
    'src/html.ts',
    'src/messages.ts',
    'src/errors.ts',
    'src/log.ts',
  ],
  dashboards: [
    'src/indicators',
    'src/instrument',
    'src/html.ts',
    'src/errors.ts',
    'src/http/errors.ts',
    'src/formats/csv.ts',
    'src/messages.ts',
  ],
  // The demo world: simulated respondents through the collection service, then the indicator pipeline.
  'src/demo': [
    'src/collection',
    'src/indicators',
    'src/instrument',
    'survey-definitions',
    'db',
    'src/errors.ts',
    'src/log.ts',
  ],

  // Composition: the app mounts the surfaces side by side; the server and the CLI compose everything.
  'src/app.ts': [
    'src/api',
    'src/web',
    'dashboards',
    'src/http',
    'src/instrument/index.ts',
    'src/errors.ts',
    'src/log.ts',
  ], // checks the studies once
  'src/server.ts': [everything],
  'src/cli': [everything],
  bin: ['src/cli'],

  // Around the product: they may use any part, and no part uses them.
  bench: [everything],
  test: [everything],
  scripts: [everything],
  'vitest.config.ts': [everything],
  'drizzle.config.ts': [everything],
};

/** Folders whose files are read (besides the top-level files named in the table). */
const scanned = ['src', 'db', 'survey-definitions', 'dashboards', 'bin', 'bench', 'test', 'scripts'];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

const posix = (p) => relative(root, p).split(sep).join('/');
const under = (path, part) => path === part || (!/\.(ts|mjs|js)$/.test(part) && path.startsWith(part + '/'));
/** The part a file belongs to: the longest part of the table that contains it. */
const partOf = (path) =>
  Object.keys(allowed)
    .filter((part) => under(path, part))
    .sort((a, b) => b.length - a.length)[0];

// Static `import … from`, `export … from`, side-effect `import '…'`, and dynamic `import('…')`.
const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveSpec(file, spec) {
  const target = resolve(dirname(file), spec);
  if (existsSync(target) && statSync(target).isDirectory()) return join(target, 'index.ts');
  return target;
}

const problems = [];
/** file → files it imports (project files only). */
const graph = new Map();

const sources = [
  ...scanned.filter((d) => existsSync(join(root, d))).flatMap((d) => [...files(join(root, d))]),
  ...Object.keys(allowed)
    .filter((p) => !p.includes('/') && /\.(ts|mjs|js)$/.test(p) && existsSync(join(root, p)))
    .map((p) => join(root, p)),
];

for (const file of sources) {
  const rel = posix(file);
  const part = partOf(rel);
  if (part === undefined) {
    problems.push(
      `${rel}: belongs to no part of the table in scripts/check-boundaries.mjs; add its folder and what it may import`,
    );
    continue;
  }
  const may = allowed[part];
  const edges = [];
  graph.set(rel, edges);
  for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    const target = posix(resolveSpec(file, spec));
    edges.push(target);
    if (under(target, part) || may.includes(everything)) continue;
    if (may.some((f) => under(target, f))) continue;
    problems.push(
      `${rel}: imports ${target}, but ${part} may only import ${may.length ? may.join(', ') : 'nothing else of the project'}`,
    );
  }
}

/** The parts that may run SQL: db/ and the services that do the domain's work on it; around the product, anything. */
const sqlParts = [
  'db',
  'src/collection',
  'src/indicators',
  'src/demo',
  'bench',
  'test',
  'scripts',
  'drizzle.config.ts',
];
/** What running SQL looks like in a file: the query builders of drizzle, its sql`` templates, `.execute(`. */
const sqlSigns = [
  [/(?:^|\n)\s*import\s+(?!type\s)[^'"`;]*?from\s*['"]drizzle-orm(?:\/[^'"]*)?['"]/, 'imports drizzle-orm'],
  [/\bsql(?:\.raw)?\s*(?:`|\()/, 'writes SQL (sql`…`)'],
  [/\.execute\s*\(/, 'executes SQL (.execute)'],
  [/\.(?:from|insert|update|delete|innerJoin|leftJoin)\s*\(\s*schema\./, 'builds a query on a table of db/schema.ts'],
];
for (const rel of graph.keys()) {
  const part = partOf(rel);
  if (sqlParts.some((p) => under(rel, p) || part === p)) continue;
  const text = readFileSync(join(root, rel), 'utf8');
  for (const [re, what] of sqlSigns) {
    if (re.test(text))
      problems.push(
        `${rel}: ${what}, but SQL belongs in db/ or a service (${sqlParts.slice(0, 4).join(', ')}); call a function of theirs`,
      );
  }
}

/** Strongly connected components with more than one member (or a self-loop): the circles of a graph. */
function circles(nodes, edgesOf) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    // Iterative Tarjan: a frame is a node and the position in its edge list.
    const frames = [[v, 0]];
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const [node, i] = frame;
      const edges = edgesOf(node);
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) low.set(node, Math.min(low.get(node), idx.get(w)));
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === idx.get(node)) {
        const component = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          component.push(w);
        } while (w !== node);
        if (component.length > 1 || edges.includes(node)) found.push(component.sort());
      }
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return found;
}

const fileEdges = (f) => (graph.get(f) ?? []).filter((t) => graph.has(t));
for (const c of circles([...graph.keys()], fileEdges)) {
  problems.push(`import circle between files: ${c.join(' ↔ ')}`);
}

// Folders: a circle between folders is a circle between their files' imports even when no single
// file closes it (a/x → b/y, b/z → a/w). A folder's index.ts (its public entry, which re-exports
// the folder) and a part that is one module (src/app.ts) count on their own.
const unitOf = (file) => (file.endsWith('/index.ts') || partOf(file) === file ? file : dirname(file));
const folderEdges = new Map();
for (const [from, targets] of graph) {
  const a = unitOf(from);
  if (!folderEdges.has(a)) folderEdges.set(a, new Set());
  for (const t of targets) if (graph.has(t) && unitOf(t) !== a) folderEdges.get(a).add(unitOf(t));
}
for (const c of circles([...folderEdges.keys()], (d) => [...(folderEdges.get(d) ?? [])])) {
  problems.push(`import circle between folders: ${c.join(' ↔ ')}`);
}

// A clone has nothing beside it: no file under test/, src/ or bench/ may read outside the
// repository (the shared reference folder of the team, ../shared, is not part of a clone; what a
// test needs is copied under test/fixtures). Cheap and literal: a quoted path starting with ../
// that leaves the repository (from the file's folder, or from the repository root when it names
// nothing from the file's folder, as a path read relative to the working directory does), a path
// naming the shared reference folder, or a join of '..' and 'shared'.
const outsideRe = /(['"`])((?:\.\/)?(?:\.\.\/)+[^'"`\s$]*)\1?/g;
const sharedRe = /['"`][^'"`\n]*shared\/(?:reference|DESIGN\.md)|['"`]\.\.['"`]\s*,\s*['"`]shared\b/;
const inside = (p) => !relative(root, p).startsWith('..');
const names = (p) => ['', '.ts', '.mts', '.js', '.mjs', '/index.ts'].some((ext) => existsSync(p + ext));

function* textFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) yield* textFiles(p);
    else if (/\.(ts|mts|js|mjs|cjs|R|sh)$/.test(name)) yield p;
  }
}

for (const dir of ['test', 'src', 'bench'].map((d) => join(root, d)).filter((d) => existsSync(d))) {
  for (const file of textFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const rel = posix(file);
    const shared = sharedRe.exec(text);
    if (shared) problems.push(`${rel}: reads the shared reference folder (${shared[0]}), which a clone does not have`);
    for (const m of text.matchAll(outsideRe)) {
      const spec = m[2];
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, text.indexOf('\n', m.index) >>> 0);
      if (line.includes('check-boundaries: not a path')) continue; // hostile input a test sends, say
      const fromFile = resolve(dirname(file), spec);
      const escapes = !inside(fromFile) || (!names(fromFile) && !inside(resolve(root, spec)));
      if (escapes) problems.push(`${rel}: the path ${spec} leads outside the repository, which a clone does not have`);
    }
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(
    `check-boundaries: ${problems.length} problem(s) (see DESIGN.md, "one direction of flow", and the table in this script)`,
  );
  process.exit(1);
}
console.log(
  `check-boundaries: ${graph.size} files; every import follows the table, no import circle, no SQL outside db/ and the services, nothing read outside the repository`,
);
