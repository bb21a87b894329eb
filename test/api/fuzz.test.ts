/**
 * Fuzz: 10,000 malformed or hostile requests per database. Every answer must be
 * a 4xx with the JSON error shape — never a 5xx — and no row may be written.
 */
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/index.ts';
import { sequence } from '../../src/collection/simulate.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave, Respondent, tokenFor, type OpenWave } from '../helpers/collection.ts';
import { StrictErrorBody } from '../helpers/http.ts';

const REQUESTS = 10_000;
const BODY_LIMIT = 64 * 1024;

const hostileStrings = [
  "'; DROP TABLE responses; --",
  "1' OR '1'='1",
  '" OR 1=1 --',
  "Robert'); DELETE FROM sessions; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${process.exit(1)}',
  '../../../../etc/passwd', // check-boundaries: not a path
  '\u0000',
  '\ud800',
  '\u202eevil',
  'A'.repeat(5000),
  '%00%27',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e309',
];

type Gen = (rnd: () => number, ctx: FuzzContext) => FuzzRequest;
interface FuzzContext {
  waveId: string;
  sessionId: string;
  secret: string;
  viewerToken: string;
}
interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => {
  const x = xs[Math.floor(rnd() * xs.length)];
  if (x === undefined) throw new Error('empty choice');
  return x;
};

/** Values that are never a valid answer to a single-choice question of the flagship. */
const badChoice = (rnd: () => number): unknown =>
  pick(rnd, [
    ...hostileStrings,
    42,
    -1,
    true,
    false,
    [],
    ['decreased', 'increased'],
    { a: 1 },
    { missing: 'not_asked' },
    { missing: 'break_off' },
    { missing: "'; --" },
    1e308,
    '',
  ]).valueOf();
/** Values that are never a valid age (integer 15–120, or refused). */
const badAge = (rnd: () => number): unknown =>
  pick(rnd, [
    14,
    121,
    30.5,
    -5,
    1e12,
    'thirty',
    '',
    '15abc',
    [],
    {},
    true,
    { missing: 'dont_know' },
    ...hostileStrings.slice(0, 8),
  ]);

const json = (value: unknown) => JSON.stringify(value);
/** Percent-encodes a path segment; a lone surrogate becomes an invalid UTF-8 escape, hostile in its own right. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const jsonHeaders = { 'content-type': 'application/json' };

function randomJson(rnd: () => number, depth = 0): unknown {
  const r = rnd();
  if (depth > 4 || r < 0.3) return pick(rnd, [null, true, false, 0, -1, 3.14, 1e300, ...hostileStrings]);
  if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomJson(rnd, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(rnd() * 4) }, () => [
      pick(rnd, [...hostileStrings, 'consent', 'answers', 'AGE', 'x']),
      randomJson(rnd, depth + 1),
    ]),
  );
}

const generators: Gen[] = [
  // Start a session with a body that is wrong in some way.
  (rnd, c) => ({
    method: 'POST',
    path: `/v1/waves/${c.waveId}/sessions`,
    headers: jsonHeaders,
    body: pick(rnd, [
      json(
        pick(rnd, [
          {},
          { consent: false },
          { consent: 'true' },
          { consent: 1 },
          {
            consent: true,
            language: pick(
              rnd,
              hostileStrings.filter((s) => !/^[A-Za-z]{2,3}$/.test(s)),
            ),
          },
        ]),
      ),
      json(
        pick(rnd, [
          {
            consent: true,
            invitation: pick(
              rnd,
              hostileStrings.filter((s) => s.length >= 10 && s.length <= 200),
            ),
          },
          randomJson(rnd),
        ]),
      ),
      // An unknown key, written by hand so that "__proto__" stays a key of the JSON text.
      `{"consent":true,${json(pick(rnd, hostileStrings))}:1}`,
    ]),
  }),
  // Wrong or hostile wave ids.
  (rnd) => ({
    method: 'POST',
    path: `/v1/waves/${enc(pick(rnd, [...hostileStrings, '00000000-0000-4000-8000-000000000000', 'null']))}/sessions`,
    headers: jsonHeaders,
    body: json({ consent: true }),
  }),
  // Saves with a wrong secret (or none).
  (rnd, c) => ({
    method: 'PUT',
    path: `/v1/sessions/${c.sessionId}/pages/about_you`,
    headers: {
      ...jsonHeaders,
      ...(rnd() < 0.8
        ? {
            'x-session-secret': pick(rnd, [
              ...hostileStrings.filter((s) => !/[\u0000-\u001f\u0080-\uffff]/.test(s)),
              `${c.secret}x`,
              c.secret.slice(0, -1),
            ]),
          }
        : {}),
    },
    body: json({ answers: { AGE: 40, SEX: 'female', REGION: 'x' } }),
  }),
  // The right secret, wrong answers.
  (rnd, c) => {
    const page = pick(rnd, ['about_you', 'immigration', 'acceptance', 'background']);
    const answers: Record<string, unknown> =
      page === 'about_you'
        ? { AGE: badAge(rnd) }
        : page === 'immigration'
          ? { MIG_LEVEL: badChoice(rnd), MIG_JOBS: 'jobs_wanted' }
          : page === 'acceptance'
            ? { MAI_LIVE: badChoice(rnd) }
            : { EDUCATION: badChoice(rnd) };
    if (rnd() < 0.2) answers[pick(rnd, hostileStrings)] = 'x';
    return {
      method: 'PUT',
      path: `/v1/sessions/${c.sessionId}/pages/${page}`,
      headers: { ...jsonHeaders, 'x-session-secret': c.secret },
      body: json({ answers, complete: rnd() < 0.5 }),
    };
  },
  // Answers for questions not on the page, hidden pages, unknown pages, bad page ids.
  (rnd, c) => ({
    method: 'PUT',
    path: `/v1/sessions/${c.sessionId}/pages/${enc(pick(rnd, ['campaign', 'immigration', 'nope', 'about_you', ...hostileStrings]))}`,
    headers: { ...jsonHeaders, 'x-session-secret': c.secret },
    body: json({
      answers: pick(rnd, [
        { CAMPAIGN_WHERE: ['tv'] },
        { COUNTRY: 'FRA', MIG_LEVEL: 'decreased' },
        { [pick(rnd, hostileStrings)]: 'decreased' },
        { AGE: 40, MIG_LEVEL: 'decreased' },
      ]),
    }),
  }),
  // Wrong body shapes for a page save.
  (rnd, c) => ({
    method: 'PUT',
    path: `/v1/sessions/${c.sessionId}/pages/immigration`,
    headers: { ...jsonHeaders, 'x-session-secret': c.secret },
    body: json(
      pick(rnd, [
        randomJson(rnd),
        [],
        'answers',
        { answers: [] },
        { answers: 'x' },
        { answers: { MIG_LEVEL: 'decreased' }, seconds: -1 },
        { answers: {}, seconds: 'fast' },
        { answers: {}, extra: true },
        { answers: {}, complete: 'yes' },
      ]),
    ),
  }),
  // Submit before the questions are answered, or with a wrong secret.
  (rnd, c) => ({
    method: 'POST',
    path: `/v1/sessions/${c.sessionId}/submit`,
    headers:
      rnd() < 0.5
        ? { 'x-session-secret': c.secret }
        : {
            'x-session-secret': pick(
              rnd,
              hostileStrings.filter((s) => /^[\x20-\x7e]*$/.test(s)),
            ),
          },
  }),
  // Reads with bad ids, secrets and parameters.
  (rnd, c) =>
    pick(rnd, [
      {
        method: 'GET',
        path: `/v1/sessions/${enc(pick(rnd, hostileStrings))}`,
        headers: { 'x-session-secret': c.secret },
      },
      {
        method: 'GET',
        path: `/v1/sessions/${c.sessionId}?lang=${enc(
          pick(
            rnd,
            hostileStrings.filter((s) => !/^[A-Za-z]{2,3}$/.test(s)),
          ),
        )}`,
        headers: { 'x-session-secret': c.secret },
      },
      {
        method: 'GET',
        path: `/v1/sessions/${c.sessionId}?page=${enc(pick(rnd, hostileStrings))}`,
        headers: { 'x-session-secret': c.secret },
      },
      {
        method: 'GET',
        path: `/v1/sessions/${c.sessionId}/instrument`,
        headers: pick(rnd, [{}, { 'x-session-secret': 'x'.repeat(300) }, { 'x-session-secret': `${c.secret}0` }]),
      },
    ]),
  // Researcher routes with bad or weak tokens.
  (rnd, c) => ({
    method: pick(rnd, ['GET', 'POST', 'PUT']),
    path: pick(rnd, [
      '/v1/research/waves',
      `/v1/research/waves/${c.waveId}/open`,
      `/v1/research/waves/${c.waveId}/close`,
      `/v1/research/waves/${c.waveId}/invitations`,
      `/v1/research/waves/${c.waveId}/responses.csv`,
      '/v1/research/audit',
      '/v1/research/studies/migration-perceptions/instruments',
    ]),
    headers: {
      ...jsonHeaders,
      authorization: pick(rnd, [
        'Bearer ' + pick(rnd, ['brm_forged_token_value', "brm_' OR 1=1 --", 'a'.repeat(500)]),
        'Basic YWRtaW46YWRtaW4=',
        'Bearer',
        '',
      ]),
    },
    body: json({ count: 5 }),
  }),
  // Bodies over the limit.
  (rnd, c) => ({
    method: 'PUT',
    path: `/v1/sessions/${c.sessionId}/pages/immigration`,
    headers: { ...jsonHeaders, 'x-session-secret': c.secret },
    body: json({ answers: { MIG_LEVEL: 'x'.repeat(BODY_LIMIT + Math.floor(rnd() * 2 * BODY_LIMIT)) } }),
  }),
  // Invalid UTF-8 and deep nesting.
  (rnd, c) => {
    if (rnd() < 0.5) {
      const bytes = new TextEncoder().encode(json({ answers: { MIG_LEVEL: 'decreased', MIG_JOBS: 'jobs_wanted' } }));
      const broken = new Uint8Array(bytes.length + 2);
      const at = 1 + Math.floor(rnd() * (bytes.length - 2));
      broken.set(bytes.subarray(0, at));
      broken.set(
        pick(rnd, [
          [0xff, 0xfe],
          [0xc0, 0xaf],
          [0xed, 0xa0],
          [0xe2, 0x28],
        ]),
        at,
      );
      broken.set(bytes.subarray(at), at + 2);
      return {
        method: 'PUT',
        path: `/v1/sessions/${c.sessionId}/pages/immigration`,
        headers: { ...jsonHeaders, 'x-session-secret': c.secret },
        body: broken,
      };
    }
    const depth = 33 + Math.floor(rnd() * 5000);
    return {
      method: 'POST',
      path: `/v1/waves/${c.waveId}/sessions`,
      headers: jsonHeaders,
      body: `{"consent":true,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    };
  },
  // Malformed JSON, wrong content types, hostile idempotency keys.
  (rnd, c) =>
    pick(rnd, [
      {
        method: 'POST',
        path: `/v1/waves/${c.waveId}/sessions`,
        headers: jsonHeaders,
        body: pick(rnd, ['{"consent":', '', 'null', '[', '{"consent":true,}', "{'consent':true}", 'consent=true']),
      },
      {
        method: 'POST',
        path: `/v1/waves/${c.waveId}/sessions`,
        headers: pick(rnd, [
          { 'content-type': 'text/plain' },
          { 'content-type': 'application/x-www-form-urlencoded' },
          {},
        ]),
        body: '{"consent":true}',
      },
      {
        method: 'POST',
        path: `/v1/waves/${c.waveId}/sessions`,
        headers: { ...jsonHeaders, 'idempotency-key': pick(rnd, ['short', 'x'.repeat(201), "key'; DROP TABLE--"]) },
        body: '{"consent":true}',
      },
    ]),
  // Unknown routes and methods.
  (rnd, c) => ({
    method: pick(rnd, ['GET', 'POST', 'DELETE', 'PATCH', 'PUT']),
    path: pick(rnd, [
      '/v1/responses',
      `/v1/sessions/${c.sessionId}/answers`,
      '/v1/admin',
      `/v1/waves/${c.waveId}`,
      '/v1/../../etc/passwd',
      `/v1/sessions/${c.sessionId}/pages`,
    ]),
  }),
];

async function rowCounts(handle: Parameters<typeof openFlagshipWave>[0]): Promise<Record<string, number | string>> {
  const tables = rowsOf<{ tablename: string }>(
    await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  ).map((r) => r.tablename);
  const out: Record<string, number> = {};
  for (const t of tables)
    out[t] = Number(
      rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`select count(*)::int as n from "${t}"`)))[0]?.n,
    );
  // Saved answers must not change either: compare a digest of every session's answers and paradata.
  const [digest] = rowsOf<{ d: string | null }>(
    await handle.db.execute(
      sql`select md5(string_agg(answers::text || paradata::text || status, '|' order by id)) as d from sessions`,
    ),
  );
  return { ...out, sessionsDigest: digest?.d ?? '' };
}

describeEachDb('fuzz: hostile requests', (ctx) => {
  let wave: OpenWave;
  let fuzz: FuzzContext;

  it(`answers ${REQUESTS} malformed or hostile requests with a 4xx JSON error and writes nothing`, async () => {
    wave = await openFlagshipWave(ctx.handle, { bodyLimit: BODY_LIMIT });
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerPage(); // consent given: the later pages are shown
    fuzz = {
      waveId: wave.waveId,
      sessionId: r.sessionId,
      secret: r.secret,
      viewerToken: await tokenFor(ctx.handle, 'viewer'),
    };
    const before = await rowCounts(ctx.handle);

    const rnd = sequence(20261126);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const gen = generators[i % generators.length];
      if (!gen) throw new Error('no generator');
      const req = gen(rnd, fuzz);
      const res = await wave.app.request(req.path, {
        method: req.method,
        ...(req.headers ? { headers: req.headers } : {}),
        ...(req.body !== undefined && req.method !== 'GET' ? { body: req.body } : {}),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      let shapeOk = false;
      try {
        shapeOk =
          StrictErrorBody.safeParse(JSON.parse(text)).success &&
          /^application\/json/.test(res.headers.get('content-type') ?? '');
      } catch {
        shapeOk = false;
      }
      if (res.status < 400 || res.status >= 500 || !shapeOk) {
        failures.push(`#${i} ${req.method} ${req.path.slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`);
        if (failures.length > 20) break;
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts(ctx.handle)).toEqual(before);
    // The mix really exercised the layers: validation, auth, not found, size, conflicts.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 404, 413, 415, 422]));
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
  }, 300_000);
});
