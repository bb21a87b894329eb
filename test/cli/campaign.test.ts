import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/index.ts';
import { main } from '../../src/cli/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { loadStudy } from '../../src/instrument/index.ts';
import { storeStudy } from '../helpers/responses.ts';

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), env };
}

describe('barometer campaign report [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-campaign-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one line that the waves have no current weighting run; names unknown campaigns, bad formats and languages', async () => {
    const handle = await createDb({ kind: 'pglite', dataDir: dir });
    await handle.migrate();
    const loaded = await loadStudy(
      new URL('../../survey-definitions/migration-perceptions/index.ts', import.meta.url).pathname,
    );
    const study = loaded.studies[0]?.study;
    if (!study) throw new Error(`flagship study did not load: ${JSON.stringify(loaded.problems)}`);
    await storeStudy(handle.db, study);
    await handle.close();
    const env = { BAROMETER_DATA_DIR: dir };

    const io = captureIo(env);
    expect(await main(['campaign', 'report', 'migration-perceptions', 'i-am-a-migrant-too'], io)).not.toBe(0);
    expect(io.err.join('')).toBe(
      'barometer campaign: wave mp-2022 of study migration-perceptions has no current weighting run (run "barometer weight migration-perceptions mp-2022" first)\n',
    );

    const unknown = captureIo(env);
    expect(await main(['campaign', 'report', 'migration-perceptions', 'nope'], unknown)).not.toBe(0);
    expect(unknown.err.join('')).toBe(
      'barometer campaign: no campaign "nope" in study "migration-perceptions" (campaigns: i-am-a-migrant-too, migration-means)\n',
    );

    const format = captureIo(env);
    expect(
      await main(['campaign', 'report', 'migration-perceptions', 'migration-means', '--format', 'csv'], format),
    ).not.toBe(0);
    expect(format.err.join('')).toBe('barometer campaign: --format must be one of text, json (got "csv")\n');

    for (const lang of ['zz1', '__proto__']) {
      const language = captureIo(env);
      expect(
        await main(['campaign', 'report', 'migration-perceptions', 'migration-means', '--lang', lang], language),
      ).not.toBe(0);
      expect(language.err.join('')).toBe(`barometer campaign: --lang must be one of en, fr, es, ar (got "${lang}")\n`);
    }
  });
});
