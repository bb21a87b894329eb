import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const checker = fileURLToPath(new URL('../../scripts/check-boundaries.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'boundaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Plants `files` (path → text) in a fresh tree and runs the checker on it. */
function check(name: string, files: Record<string, string>): { status: number | null; problems: string[] } {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const run = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
  return {
    status: run.status,
    problems: run.stderr.split('\n').filter((l) => l && !l.startsWith('check-boundaries:')),
  };
}

const schema = "export const waves = { id: 'id' };\n";
/** A drizzle query in a file `depth` folders below the planted root. */
const queryAt = (depth: number) =>
  [
    "import { eq } from 'drizzle-orm';",
    `import * as schema from '${'../'.repeat(depth)}db/schema.ts';`,
    'export const byId = (db: any, id: string) => db.select().from(schema.waves).where(eq(schema.waves.id, id));',
    '',
  ].join('\n');

it('refuses SQL in an API handler and accepts the same query in a service', () => {
  const { status, problems } = check('sql', {
    'db/schema.ts': schema,
    'src/api/routes/waves.ts': queryAt(3),
    'src/collection/sub/waves.ts': queryAt(3),
    'src/web/raw.ts': "export const raw = (db: any) => db.execute('select 1');\n",
    // Not SQL: a hash's .update, a type imported from drizzle-orm.
    'src/web/fine.ts': [
      "import type { SQL } from 'drizzle-orm';",
      "import { createHash } from 'node:crypto';",
      "export const h = (s: string): SQL | string => createHash('sha256').update(s).digest('hex');",
      '',
    ].join('\n'),
  });
  expect(status).toBe(1);
  expect(problems).toEqual([
    expect.stringMatching(/^src\/api\/routes\/waves\.ts: imports drizzle-orm, but SQL belongs in db\/ or a service/),
    expect.stringMatching(/^src\/api\/routes\/waves\.ts: builds a query on a table of db\/schema\.ts/),
    expect.stringMatching(/^src\/web\/raw\.ts: executes SQL \(\.execute\)/),
  ]);
});

it('passes a tree whose SQL is only in db/ and the services', () => {
  const { status, problems } = check('clean', {
    'db/schema.ts': schema,
    'src/indicators/waves.ts': queryAt(2),
  });
  expect(problems).toEqual([]);
  expect(status).toBe(0);
});
