/**
 * `npm run test:crash`: nothing acknowledged is lost when the server dies.
 *
 * The real server (`barometer serve`, a child process) takes respondent flows from concurrent
 * clients while it is killed with SIGKILL and restarted several times. Clients send an
 * Idempotency-Key with every write and, after a connection error or a 5xx, retry with the same key
 * until the server answers. Afterwards, straight from the database:
 *   - every response acknowledged with 2xx is stored exactly once, for its session, with the
 *     answers the client sent;
 *   - every acknowledged session start and page save is there (the session exists, its answers
 *     hold every acknowledged page);
 *   - nothing is half-written: every submitted session has exactly one response and every
 *     response belongs to a submitted session.
 *
 * Runs on PostgreSQL (a fresh database next to TEST_DATABASE_URL; required when it is set) and on
 * PGlite with a data folder (one process; SIGKILL mid-write must not corrupt it).
 *
 *   npm run test:crash -- [--kills 5] [--interval 6] [--clients 16] [--only postgres|pglite]
 *
 * Prints one line per check and `N passed, N failed` last; exits non-zero on any failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { FlowError, respondentFlow, type FlowAcks } from '../../bench/lib/flow.ts';
import { httpClient } from '../../bench/lib/http.ts';
import { createFreshDatabase } from '../../bench/lib/pg.ts';
import { startServerProcess, type ServerProcess } from '../../bench/lib/server.ts';

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '5' },
    interval: { type: 'string', default: '6' },
    clients: { type: 'string', default: '16' },
    only: { type: 'string' },
    definitions: { type: 'string', default: 'bench/ingest-definitions' },
  },
});
const kills = Number(args.kills);
const intervalSeconds = Number(args.interval);
const clientCount = Number(args.clients);

let passed = 0;
let failed = 0;
const log = (s: string) => process.stdout.write(`${s}\n`);
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  log(`${ok ? '  ✓' : '  ✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StoredSession {
  readonly id: string;
  readonly status: string;
  readonly answers: Record<string, unknown>;
}
interface StoredResponse {
  readonly id: string;
  readonly sessionId: string;
  readonly answers: Record<string, unknown>;
}
interface Stored {
  readonly sessions: Map<string, StoredSession>;
  readonly responses: StoredResponse[];
}

interface Outcome {
  readonly acks: FlowAcks[];
  readonly completed: number;
  readonly abandoned: string[];
  readonly connectionErrors: number;
  /** Writes acknowledged only after a retry with the same Idempotency-Key. */
  readonly retried: number;
  readonly killsDone: number;
  readonly restartSeconds: number[];
}

/** Runs load against a server that is killed and restarted `kills` times. */
async function underFire(env: Record<string, string>): Promise<Outcome> {
  const port = await freePort();
  const serverEnv = {
    ...env,
    PORT: String(port),
    BAROMETER_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
    BAROMETER_DEFINITIONS: args.definitions,
  };
  let server: ServerProcess = await startServerProcess(serverEnv, { timeoutMs: 120_000 });
  const client = httpClient(server.url, { maxSockets: clientCount * 2, timeoutMs: 20_000 });
  const waves = await client.request('GET', '/v1/waves');
  const waveId = (waves.body as { waves?: { id: string }[] }).waves?.[0]?.id;
  if (!waveId) throw new Error(`no open wave: ${JSON.stringify(waves.body)}`);

  const acks: FlowAcks[] = [];
  const abandoned: string[] = [];
  let completed = 0;
  let connectionErrors = 0;
  let retried = 0;
  let stopLoad = false;
  const retryUntil = Date.now() + (kills * intervalSeconds + 240) * 1000;
  const worker = async (i: number) => {
    let seed = i * 1000 + 1;
    while (!stopLoad) {
      try {
        const a = await respondentFlow(client, waveId, {
          seed: seed++,
          retryUntil,
        });
        acks.push(a);
        retried += a.retriedWrites;
        completed++;
      } catch (err) {
        if (err instanceof FlowError) {
          acks.push(err.acks);
          retried += err.acks.retriedWrites;
          abandoned.push(err.message);
        } else throw err;
      }
    }
  };
  // Count connection errors by wrapping the client's request.
  const request = client.request.bind(client);
  client.request = async (...a) => {
    try {
      return await request(...a);
    } catch (err) {
      connectionErrors++;
      throw err;
    }
  };

  const load = Promise.all(Array.from({ length: clientCount }, (_, i) => worker(i)));
  const restartSeconds: number[] = [];
  let killsDone = 0;
  for (let k = 0; k < kills; k++) {
    await sleep(intervalSeconds * (0.6 + Math.random() * 0.8) * 1000);
    await server.kill('SIGKILL');
    killsDone++;
    const t = performance.now();
    server = await startServerProcess(serverEnv, { timeoutMs: 120_000 });
    restartSeconds.push((performance.now() - t) / 1000);
  }
  await sleep(intervalSeconds * 1000);
  stopLoad = true;
  await load;
  client.close();
  await server.stop();
  return { acks, completed, abandoned, connectionErrors, retried, killsDone, restartSeconds };
}

function verify(kind: string, outcome: Outcome, stored: Stored): void {
  const { acks } = outcome;
  check(
    `[${kind}] the server was killed ${kills} times under load and came back each time`,
    outcome.killsDone === kills,
    `restarts took ${outcome.restartSeconds.map((s) => s.toFixed(1)).join(', ')} s`,
  );
  check(
    `[${kind}] clients saw dropped connections and retried with the same key`,
    outcome.connectionErrors > 0 && outcome.retried > 0,
    `${outcome.connectionErrors} connection errors; ${outcome.retried} writes acknowledged only after a retry`,
  );
  check(
    `[${kind}] flows completed`,
    outcome.completed >= kills * 4,
    `${outcome.completed} completed, ${outcome.abandoned.length} abandoned${outcome.abandoned[0] ? ` (first: ${outcome.abandoned[0]})` : ''}`,
  );

  const responsesBySession = new Map<string, StoredResponse[]>();
  const responsesById = new Map<string, StoredResponse[]>();
  for (const r of stored.responses) {
    responsesBySession.set(r.sessionId, [...(responsesBySession.get(r.sessionId) ?? []), r]);
    responsesById.set(r.id, [...(responsesById.get(r.id) ?? []), r]);
  }

  const missingSessions = acks.filter((a) => a.sessionId !== undefined && !stored.sessions.has(a.sessionId));
  check(
    `[${kind}] every acknowledged session start is stored`,
    missingSessions.length === 0,
    `${acks.filter((a) => a.sessionId).length} acknowledged, ${missingSessions.length} missing`,
  );

  let pageAcks = 0;
  const lostPages: string[] = [];
  for (const a of acks) {
    const s = a.sessionId === undefined ? undefined : stored.sessions.get(a.sessionId);
    for (const p of a.pages) {
      pageAcks++;
      for (const [code, value] of Object.entries(p.answers)) {
        if (JSON.stringify(s?.answers[code]) !== JSON.stringify(value))
          lostPages.push(`${a.sessionId}/${p.blockId}/${code}`);
      }
    }
  }
  check(
    `[${kind}] every acknowledged page save is in its session's answers`,
    lostPages.length === 0,
    `${pageAcks} acknowledged saves${lostPages.length ? `, lost: ${lostPages.slice(0, 5).join(' ')}` : ''}`,
  );

  const submitted = acks.filter((a) => a.responseId !== undefined);
  const notOnce = submitted.filter(
    (a) =>
      (responsesById.get(a.responseId ?? '')?.length ?? 0) !== 1 ||
      responsesById.get(a.responseId ?? '')?.[0]?.sessionId !== a.sessionId,
  );
  check(
    `[${kind}] every acknowledged submit is stored exactly once, for its session`,
    submitted.length > 0 && notOnce.length === 0,
    `${submitted.length} acknowledged, ${notOnce.length} missing or wrong`,
  );

  const wrongAnswers = submitted.filter((a) => {
    const r = responsesById.get(a.responseId ?? '')?.[0];
    return (
      !r ||
      a.pages.some((p) =>
        Object.entries(p.answers).some(([code, v]) => JSON.stringify(r.answers[code]) !== JSON.stringify(v)),
      )
    );
  });
  check(
    `[${kind}] each acknowledged response holds the answers the client sent`,
    wrongAnswers.length === 0,
    `${wrongAnswers.length} differ`,
  );

  const dupes = [...responsesBySession.values()].filter((rs) => rs.length > 1);
  check(
    `[${kind}] no session has more than one response`,
    dupes.length === 0,
    `${stored.responses.length} responses, ${dupes.length} sessions with duplicates`,
  );

  const submittedWithout = [...stored.sessions.values()].filter(
    (s) => s.status === 'submitted' && !responsesBySession.has(s.id),
  );
  const orphanResponses = stored.responses.filter((r) => stored.sessions.get(r.sessionId)?.status !== 'submitted');
  check(
    `[${kind}] no half-written response: submitted sessions ⇔ responses`,
    submittedWithout.length === 0 && orphanResponses.length === 0,
    `${submittedWithout.length} submitted sessions without a response, ${orphanResponses.length} responses without a submitted session`,
  );
}

async function readPostgres(url: string): Promise<Stored> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const sessions = await sql<StoredSession[]>`select id::text, status, answers from sessions`;
    const responses = await sql<
      StoredResponse[]
    >`select id::text, session_id::text as "sessionId", answers from responses`;
    return { sessions: new Map(sessions.map((s) => [s.id, s])), responses: [...responses] };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function readPglite(dataDir: string): Promise<Stored> {
  const db = new PGlite(dataDir);
  try {
    const sessions = (await db.query<StoredSession>('select id::text, status, answers from sessions')).rows;
    const responses = (
      await db.query<StoredResponse>('select id::text, session_id::text as "sessionId", answers from responses')
    ).rows;
    return { sessions: new Map(sessions.map((s) => [s.id, s])), responses };
  } finally {
    await db.close();
  }
}

async function onPostgres(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    log('- PostgreSQL: skipped (TEST_DATABASE_URL is not set)');
    return;
  }
  log(`- PostgreSQL: ${kills} SIGKILLs about every ${intervalSeconds} s, ${clientCount} clients`);
  const db = await createFreshDatabase(url, 'barometer_crash');
  try {
    const outcome = await underFire({ DATABASE_URL: db.url });
    verify('postgres', outcome, await readPostgres(db.url));
  } finally {
    await db.drop();
  }
}

async function onPglite(): Promise<void> {
  log(`- PGlite (data folder): ${kills} SIGKILLs about every ${intervalSeconds} s, ${clientCount} clients`);
  const dataDir = mkdtempSync(join(tmpdir(), 'barometer-crash-'));
  try {
    let outcome: Outcome;
    try {
      outcome = await underFire({ BAROMETER_DATA_DIR: dataDir, DATABASE_URL: '' });
    } catch (err) {
      check(
        '[pglite] the server restarts on its data folder after each SIGKILL',
        false,
        err instanceof Error ? err.message.slice(0, 2000) : String(err),
      );
      return;
    }
    let stored: Stored;
    try {
      stored = await readPglite(dataDir);
    } catch (err) {
      check('[pglite] the data folder opens after the kills', false, err instanceof Error ? err.message : String(err));
      return;
    }
    verify('pglite', outcome, stored);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  if (args.only !== 'pglite') await onPostgres();
  if (args.only !== 'postgres') await onPglite();
} catch (err) {
  failed++;
  log(`  ✗ crash test aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}
if (process.env.REQUIRE_POSTGRES === '1' && !process.env.TEST_DATABASE_URL && args.only !== 'pglite') {
  failed++;
  log('  ✗ REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
}
log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
