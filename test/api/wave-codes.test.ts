import { expect, it } from 'vitest';
import { wavesTable } from '../../src/cli/commands/waves.ts';
import { main } from '../../src/cli/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { latestAuditEntries } from '../../src/collection/audit.ts';
import { waveOverviews } from '../../src/collection/wave-progress.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, definitionsDir, openFlagshipWave, Respondent, tokenFor } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';

const questions = new Map([['migration-perceptions', 'COUNTRY']]);

describeEachDb('waves addressed by code, status as defined', (ctx) => {
  it('exports, invites and closes a wave named by its code; the UUID stays an alias; unknown codes are named', async () => {
    const wave = await openFlagshipWave(ctx.handle);
    const auth = { authorization: `Bearer ${await tokenFor(ctx.handle, 'researcher')}` };
    for (const country of ['fra', 'fra', 'egy']) {
      const r = new Respondent(wave.app, wave.waveId);
      await r.start();
      await r.answerAll({ COUNTRY: country });
      expect((await r.submit()).status).toBe(201);
    }
    const byCode = await call(wave.app, 'GET', '/v1/research/waves/mp-2026/responses.csv', { headers: auth });
    expect(byCode.status, await byCode.clone().text()).toBe(200);
    const byId = await call(wave.app, 'GET', `/v1/research/waves/${wave.waveId}/responses.csv`, { headers: auth });
    expect(await byId.text()).toBe(await byCode.text());

    // Every wave route takes the code, the interviewers' list (mixed mode) included.
    const interviewers = await call(wave.app, 'GET', '/v1/research/waves/mp-2026/interviewers', { headers: auth });
    expect(interviewers.status, await interviewers.clone().text()).toBe(200);
    expect(await interviewers.json()).toEqual({ interviewers: [] });

    const invited = await call(wave.app, 'POST', '/v1/research/waves/mp-2026/invitations', {
      headers: auth,
      body: { count: 2 },
    });
    expect(invited.status).toBe(201);

    const unknown = await call(wave.app, 'GET', '/v1/research/waves/mp-1999/responses.csv', { headers: auth });
    const body = await expectError(unknown, 404, 'not_found');
    expect(JSON.stringify(body)).toContain('mp-2026');
    await expectError(
      await call(wave.app, 'POST', '/v1/research/waves/Not%20A%20Code/close', { headers: auth }),
      400,
      'validation_failed',
    );

    const [overview] = await waveOverviews(ctx.handle.db, questions, { waveId: wave.waveId });
    expect(overview?.completes).toBe(3);
    expect(overview?.countries.find((c) => c.iso3 === 'FRA')?.completes).toBe(2);
    expect(overview?.countries.find((c) => c.iso3 === 'EGY')?.completes).toBe(1);
    expect(overview?.target).toBeGreaterThan(0);

    const closed = await call(wave.app, 'POST', '/v1/research/waves/mp-2026/close', { headers: auth });
    expect(closed.status).toBe(200);
    const [after] = await waveOverviews(ctx.handle.db, questions, { waveId: wave.waveId });
    expect(after?.status).toBe('closed');
  });

  it('closes the waves the definitions call closed when the definitions are loaded, audited', async () => {
    await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: true, closeAsDefined: true });
    const waves = await waveOverviews(ctx.handle.db, questions, { study: 'migration-perceptions' });
    expect(Object.fromEntries(waves.map((w) => [w.code, w.status]))).toEqual({
      'mp-2022': 'closed',
      'mp-2024': 'closed',
      'mp-2026': 'open',
      // Planned in the definitions (the perception question's wave): stored, not opened.
      'mp-2028': 'draft',
    });
    const entries = await latestAuditEntries(ctx.handle.db, 50);
    expect(entries.filter((e) => e.action === 'wave.close').length).toBe(2);
    // Loading them again changes nothing.
    await bootstrapDefinitions(ctx.handle.db, definitionsDir, { openDemo: true, closeAsDefined: true });
    expect((await latestAuditEntries(ctx.handle.db, 50)).filter((e) => e.action === 'wave.close').length).toBe(2);
    // The table `barometer waves` prints.
    const text = wavesTable(waves);
    expect(text).toMatch(/mp-2022\s+closed\s+2022-\d\d-\d\d – 2022-\d\d-\d\d/);
    expect(text).toMatch(/mp-2026\s+open/);
    expect(text).toMatch(/FRA\s+0 \/ \d+/);
  });
});

it('barometer waves refuses more than one study, naming the form', async () => {
  const err: string[] = [];
  const io = { stdout: () => {}, stderr: (t: string) => err.push(t), cwd: process.cwd(), env: {} };
  expect(await main(['waves', 'a', 'b'], io)).toBe(2);
  expect(err.join('')).toContain('barometer waves [STUDY]');
});
