import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb, schema } from '../../db/index.ts';
import { findWave } from '../../src/collection/definitions.ts';
import { interviewerOf } from '../../src/collection/interviewer.ts';
import { main } from '../../src/cli/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { verifyApiToken } from '../../src/collection/tokens.ts';
import { createScratchDb, dbKinds } from '../helpers/db.ts';
import { openFlagshipWave, Respondent } from '../helpers/collection.ts';

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), env };
}

describe.each(dbKinds())('barometer token and export [%s]', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** A database the CLI can open, with the flagship wave open and two submitted responses. */
  async function prepared(): Promise<Record<string, string>> {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'barometer-cli-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const handle = await createDb({ kind: 'pglite', dataDir: dir });
      await handle.migrate();
      await seed(handle);
      await handle.close();
      return { BAROMETER_DATA_DIR: dir };
    }
    const scratch = await createScratchDb('postgres');
    cleanups.push(() => scratch.dispose());
    await seed(scratch.handle);
    if (!scratch.url) throw new Error('no url');
    return { DATABASE_URL: scratch.url };
  }

  async function seed(handle: Awaited<ReturnType<typeof createDb>>) {
    const wave = await openFlagshipWave(handle);
    for (const level of ['decreased', 'increased']) {
      const r = new Respondent(wave.app, wave.waveId);
      await r.start();
      await r.answerAll({ MIG_LEVEL: level });
      expect((await r.submit()).status).toBe(201);
    }
  }

  it('creates a token that verifies with its role, printed once; refuses a bad role naming it', async () => {
    const env = await prepared();
    const io = captureIo(env);
    expect(await main(['token', 'create', '--name', 'ci-bot', '--role', 'researcher'], io)).toBe(0);
    const token = io.out.join('').trim();
    expect(token).toMatch(/^brm_[A-Za-z0-9_-]{20,}$/);
    const handle = await createDb(
      env.DATABASE_URL
        ? { kind: 'postgres', url: env.DATABASE_URL }
        : { kind: 'pglite', dataDir: env.BAROMETER_DATA_DIR },
    );
    try {
      expect(await verifyApiToken(handle.db, token)).toMatchObject({ name: 'ci-bot', role: 'researcher' });
    } finally {
      await handle.close();
    }
    const bad = captureIo(env);
    expect(await main(['token', 'create', '--name', 'x', '--role', 'owner'], bad)).not.toBe(0);
    expect(bad.err.join('')).toMatch(
      /^barometer token: --role must be one of admin, researcher, viewer, interviewer \(got "owner"\)\n$/,
    );
  });

  it('makes a per-interviewer link to one wave (its secret hashed, revocable) and refuses it for another role', async () => {
    const env = await prepared();
    const io = captureIo({ ...env, BAROMETER_PUBLIC_URL: 'https://poll.example.org/' });
    const args = ['token', 'create', '--name', 'ana', '--role', 'interviewer'];
    expect(await main([...args, '--wave', 'mp-2026'], io)).toBe(0);
    const match = io.out
      .join('')
      .match(/^https:\/\/poll\.example\.org\/i\/([0-9a-f-]{36})\?link=(brm_[A-Za-z0-9_-]{20,})\n$/);
    if (!match?.[1] || !match[2]) throw new Error(`no link in ${io.out.join('')}`);
    const [, waveId, secret] = match;
    const id = io.err.join('').match(/\(id ([0-9a-f-]{36})\)/)?.[1] ?? '';
    const handle = await createDb(
      env.DATABASE_URL
        ? { kind: 'postgres', url: env.DATABASE_URL }
        : { kind: 'pglite', dataDir: env.BAROMETER_DATA_DIR },
    );
    try {
      const [wave] = await handle.db.select().from(schema.waves).where(eq(schema.waves.id, waveId));
      expect(wave?.code).toBe('mp-2026');
      const [stored] = await handle.db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, id));
      expect(stored).toMatchObject({ name: 'ana', role: 'interviewer', waveId });
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(await interviewerOf(handle.db, secret, waveId)).toEqual({ id, name: 'ana', role: 'interviewer' });
      const other = await findWave(handle.db, 'migration-perceptions', 'mp-2024');
      await expect(interviewerOf(handle.db, secret, other?.id ?? '')).rejects.toThrow(/cannot open interviews/);
    } finally {
      await handle.close();
    }
    const revoke = captureIo(env);
    expect(await main(['token', 'revoke', id], revoke)).toBe(0);
    expect(await main(['token', 'revoke', id.replace(/^./, id.startsWith('0') ? '1' : '0')], revoke)).toBe(1);
    expect(revoke.err.join('')).toMatch(/no token with id/);
    const check = await createDb(
      env.DATABASE_URL
        ? { kind: 'postgres', url: env.DATABASE_URL }
        : { kind: 'pglite', dataDir: env.BAROMETER_DATA_DIR },
    );
    try {
      await expect(interviewerOf(check.db, secret, waveId)).rejects.toThrow(/cannot open interviews/);
    } finally {
      await check.close();
    }
    const bad = captureIo(env);
    expect(await main(['token', 'create', '--name', 'x', '--role', 'researcher', '--wave', 'mp-2026'], bad)).toBe(2);
    expect(bad.err.join('')).toMatch(/--wave makes a per-interviewer link: give --role interviewer/);
    const none = captureIo(env);
    expect(await main([...args, '--wave', 'zz-1999'], none)).toBe(1);
    expect(none.err.join('')).toMatch(/no wave "zz-1999"/);
  });

  it('exports a wave to a file with progress, one row per response', async () => {
    const env = await prepared();
    const dir = mkdtempSync(join(tmpdir(), 'barometer-export-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'out.csv');
    const io = captureIo(env);
    expect(await main(['export', 'migration-perceptions', 'mp-2026', '--out', file], io)).toBe(0);
    expect(io.err.join('')).toContain('exported 2 of 2 rows (100%)');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const cols = (lines[0] ?? '').split(',');
    const levels = lines.slice(1).map((l) => l.split(',')[cols.indexOf('MIG_LEVEL')]);
    expect(levels).toEqual(['decreased', 'increased']);
    const missing = captureIo(env);
    expect(await main(['export', 'migration-perceptions', 'mp-1999'], missing)).not.toBe(0);
    expect(missing.err.join('')).toContain('no wave "mp-1999" in study "migration-perceptions"');
    // An unknown study is named as such, not as a missing wave of it.
    const noStudy = captureIo(env);
    expect(await main(['export', 'nope', 'mp-2026'], noStudy)).not.toBe(0);
    expect(noStudy.err.join('')).toMatch(/^barometer export: no study "nope" in the database/);
    expect(noStudy.err.join('')).not.toContain('no wave');
  });
});
