import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createDb, schema, type DbHandle } from '../../db/index.ts';
import { main } from '../../src/cli/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { readSeries } from '../../src/indicators/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { createScratchDb, dbKinds } from '../helpers/db.ts';

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), env };
}

describe.each(dbKinds())('barometer demo [%s]', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** An empty database the CLI can open (prepared by `prepare`, then closed). */
  async function database(
    prepare?: (handle: DbHandle) => Promise<void>,
  ): Promise<{ env: Record<string, string>; open: () => Promise<DbHandle> }> {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'barometer-demo-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const open = async () => {
        const h = await createDb({ kind: 'pglite', dataDir: dir });
        await h.migrate();
        return h;
      };
      if (prepare) {
        const h = await open();
        await prepare(h);
        await h.close();
      }
      return { env: { BAROMETER_DATA_DIR: dir }, open };
    }
    const scratch = await createScratchDb('postgres');
    cleanups.push(() => scratch.dispose());
    if (prepare) await prepare(scratch.handle);
    const url = scratch.url;
    if (!url) throw new Error('no url');
    return { env: { DATABASE_URL: url }, open: () => createDb({ kind: 'postgres', url }) };
  }

  it(
    'builds a small world and prints truth, unweighted and weighted per region and world',
    { timeout: 300_000 },
    async () => {
      const { env } = await database();
      const io = captureIo(env);
      expect(await main(['demo', '--completes', '12', '--countries', 'MLT,ISL', '--concurrency', '16'], io)).toBe(0);
      const out = io.out.join('');
      expect(out).toMatch(/wantsDecrease, mp-2022 \(\d+ responses, \d+ break-offs; wave closed\)/);
      expect(out).toMatch(/wantsDecrease, mp-2026 .*wave open\)/);
      expect(out).toMatch(/^World +\d+\.\d +\d+\.\d +\d+\.\d \[\d+\.\d, \d+\.\d\] +\d+ +\d+%$/m);
      // At most 6 cells (2 countries × 3 waves): one whose variance could not be estimated (12
      // completes) has no interval, so it is not counted (the publication invariants withhold it).
      expect(out).toMatch(/Scenario "realistic", wantsDecrease over [1-6] country × wave cells:/);
      expect(out).toMatch(/weighted 95% intervals cover the truth in \d+\.\d% of cells/);
      expect(io.err.join('')).toMatch(/mp-2026: weighted and series materialised/);
      // Weighting again prints how many published values failed their invariants, and which.
      const again = captureIo(env);
      expect(await main(['weight', 'migration-perceptions', 'mp-2022'], again)).toBe(0);
      const printed = again.out.join('');
      const [, failed, checked] = printed.match(/^publication invariants: (\d+) of (\d+) values failed/m) ?? [];
      expect(Number(checked)).toBeGreaterThan(100);
      if (Number(failed) > 0) expect(printed).toMatch(/^ {2}failed: \S+ (MLT|ISL|World|Europe)/m);
      // The warnings end the output summarised by kind and country; each one only with --verbose.
      const [, warned] = printed.match(/; (\d+) warning\(s\); series materialised/) ?? [];
      expect(printed).not.toMatch(/^warning \[/m);
      if (Number(warned) > 0) {
        expect(printed).toMatch(new RegExp(`^warnings by kind: ${warned} warnings? of \\d+ kinds?`, 'm'));
        const rows = printed.slice(printed.indexOf('warnings by kind:')).trimEnd().split('\n').slice(2);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows)
          expect(row).toMatch(/^ {2}[a-z_]+ +\d+ +\d+ +(([A-Z]{3}|no country) \d+(, )?)+(, and \d+ more)?$/);
        // The wave's 51 countries, 49 without respondents: a line per kind, not a line per country.
        expect(rows.length).toBeLessThan(12);
        const verbose = captureIo(env);
        expect(await main(['weight', 'migration-perceptions', 'mp-2022', '--verbose'], verbose)).toBe(0);
        expect(verbose.out.join('').match(/^warning \[[a-z_]+\]: /gm)).toHaveLength(Number(warned));
      }
    },
  );

  it.runIf(kind === 'pglite')(
    '--planned fields the planned 2028 wave too: its perception indicators get published values',
    { timeout: 300_000 },
    async () => {
      const { env, open } = await database();
      const io = captureIo(env);
      expect(await main(['demo', '--planned', '--completes', '120', '--countries', 'DEU,ZAF'], io)).toBe(0);
      expect(io.out.join('')).toMatch(/wantsDecrease, mp-2028 \(\d+ responses, \d+ break-offs; wave closed\)/);
      const h = await open();
      try {
        const points = await readSeries(h.db, {
          study: 'migration-perceptions',
          waves: ['mp-2028'],
          geography: ['country'],
          indicator: 'perceivedMigrantShare',
        });
        const published = points.filter((p) => p.subgroup === null && p.estimate !== null);
        expect(published.map((p) => (p.geography.kind === 'country' ? p.geography.iso3 : '')).sort()).toEqual([
          'DEU',
          'ZAF',
        ]);
        // The simulated adults overestimate (src/demo/perception.ts: at least 10 points above the
        // official share, 19.8% in Germany and 4.1% in South Africa in UN DESA 2024), so a
        // published mean guess is above the official figure and inside the 0–100 scale.
        for (const p of published) {
          expect(p.estimate).toBeGreaterThan(p.geography.kind === 'country' && p.geography.iso3 === 'DEU' ? 19.8 : 4.1);
          expect(p.ciHigh).toBeLessThan(100);
        }
      } finally {
        await h.close();
      }
    },
  );

  it('refuses, in one line and writing nothing, a database where a flagship wave has opened', async () => {
    const { env, open } = await database(async (h) => {
      await bootstrapDefinitions(h.db, definitionsDir, { openDemo: true });
    });
    const io = captureIo(env);
    expect(await main(['demo', '--completes', '5'], io)).toBe(2);
    expect(io.err.join('')).toBe(
      'barometer demo: wave mp-2026 is already open: the demo builds its world on a database where no flagship wave has opened\n',
    );
    const h = await open();
    try {
      const [sessions] = await h.db.select({ n: count() }).from(schema.sessions);
      expect(sessions?.n).toBe(0);
      const open2022 = await h.db.select().from(schema.waves);
      expect(open2022.filter((w) => w.status !== 'draft').map((w) => w.code)).toEqual(['mp-2026']);
    } finally {
      await h.close();
    }
  });

  it('names the flag of a bad option', async () => {
    const io = captureIo({});
    expect(await main(['demo', '--completes', 'many'], io)).toBe(2);
    expect(io.err.join('')).toBe('barometer demo: --completes must be a positive whole number, got "many"\n');
    const io2 = captureIo({});
    expect(await main(['demo', '--countries', 'ZA'], io2)).toBe(2);
    expect(io2.err.join('')).toBe('barometer demo: --countries must list ISO3 codes like ZAF,DEU, got "ZA"\n');
  });
});
