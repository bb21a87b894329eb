/**
 * The respondent writes as single statements over a batch of requests (see batch.ts): start a
 * session, save a page, submit. Each statement takes one parameter, a JSON array of rows (one per
 * request, numbered `n`), and returns one row per input row saying whether that request's write
 * happened. A statement is atomic: every row's effect commits, or none.
 *
 * What a statement checks, per row, against the committed state at that moment:
 * - the wave is open;
 * - the idempotency key (if any) has not been used: a used key means this request is a retry,
 *   which the caller answers from the stored result (a row that loses a race for a key makes the
 *   unique index fail the statement; the batch is then run row by row and the retry sees the key);
 * - saves and submits: the session is in progress and still at the version the caller read
 *   (optimistic concurrency: a write based on a stale read changes nothing, and the caller reads
 *   again);
 * - starts: the invitation (if any) is unused, and the device (if limited) has no submitted response.
 * A row that fails a check writes nothing and comes back as not written; the caller finds out why.
 *
 * Every row of a batch is looked up through a primary key or a unique index (the LATERAL joins
 * make those lookups per row whatever the planner estimates), so a statement's cost is linear in
 * its batch and does not grow with the tables.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/index.ts';

/** Splits a statement written with one `$1` into a drizzle query with `param` there. */
function withParam(text: string): (param: string) => SQL {
  const [before, after, ...more] = text.split('$1');
  if (before === undefined || after === undefined || more.length > 0) throw new Error('a batch statement takes exactly one $1');
  const head = sql.raw(before);
  const tail = sql.raw(after);
  return (param) => sql`${head}${param}${tail}`;
}

/** Rows of the batch that passed the wave and key checks (shared by the three statements). */
const fresh = `fresh as materialized (
  select i.* from input i
  join waves w on w.id = i.wave_id and w.status = 'open'
  left join lateral (select true as hit from idempotency_keys k where k.scope = i.scope and k.key = i.key limit 1) used_key on true
  where used_key.hit is null
)`;

export const startStatement = `with input as materialized (
  select * from jsonb_to_recordset($1::text::jsonb) as x(n int, id uuid, wave_id uuid, secret_hash text, invitation_hash text, language text,
    presentation jsonb, paradata jsonb, device_class text, device_hash text, at timestamptz, scope text, key text, request_hash text, body jsonb)
),
${fresh},
checked as materialized (
  select f.* from fresh f
  left join lateral (
    select true as hit from sessions p where f.device_hash is not null and p.wave_id = f.wave_id and p.device_hash = f.device_hash and p.status = 'submitted' limit 1
  ) device on true
  where device.hit is null
),
used as (
  update invitations v set used_at = c.at from checked c
  where c.invitation_hash is not null and v.token_hash = c.invitation_hash and v.wave_id = c.wave_id and v.used_at is null
  returning v.id, c.n
),
eligible as materialized (
  select c.*, u.id as invitation_id from checked c left join used u on u.n = c.n where c.invitation_hash is null or u.id is not null
),
claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select e.scope, e.key, e.request_hash, 201, e.body from eligible e where e.key is not null
),
inserted as (
  insert into sessions (id, wave_id, secret_hash, invitation_id, language, presentation, consented_at, answers, paradata, device_class, device_hash, started_at, updated_at)
  select e.id, e.wave_id, e.secret_hash, e.invitation_id, e.language, e.presentation, e.at, '{}'::jsonb, e.paradata, e.device_class, e.device_hash, e.at, e.at
  from eligible e
  returning id
)
select i.n, s.id is not null as written from input i left join inserted s on s.id = i.id order by i.n`;

export const saveStatement = `with input as materialized (
  select * from jsonb_to_recordset($1::text::jsonb) as x(n int, id uuid, wave_id uuid, version int, answers jsonb, paradata jsonb, at timestamptz,
    scope text, key text, request_hash text, body jsonb)
),
${fresh},
updated as (
  update sessions s set answers = f.answers, paradata = f.paradata, updated_at = f.at
  from fresh f
  where s.id = f.id and s.version = f.version and s.status = 'in_progress'
  returning s.id, s.version
),
claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select f.scope, f.key, f.request_hash, 200, f.body from fresh f join updated u on u.id = f.id where f.key is not null
)
select i.n, u.version from input i left join updated u on u.id = i.id order by i.n`;

export const submitStatement = `with input as materialized (
  select * from jsonb_to_recordset($1::text::jsonb) as x(n int, id uuid, wave_id uuid, version int, instrument_id uuid, instrument_version text,
    fingerprint text, answers jsonb, paradata jsonb, at timestamptz, scope text, key text, request_hash text, body jsonb)
),
${fresh},
updated as (
  update sessions s set status = 'submitted', ended_at = f.at, updated_at = f.at
  from fresh f
  where s.id = f.id and s.version = f.version and s.status = 'in_progress'
  returning s.id, s.wave_id, s.language, s.presentation, s.started_at
),
inserted as (
  insert into responses (session_id, wave_id, instrument_id, instrument_version, fingerprint, language, answers, presentation, paradata, started_at, submitted_at)
  select u.id, u.wave_id, f.instrument_id, f.instrument_version, f.fingerprint, u.language, f.answers, u.presentation, f.paradata, u.started_at, f.at
  from fresh f join updated u on u.id = f.id
  returning id, session_id
),
claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select f.scope, f.key, f.request_hash, 201, f.body || jsonb_build_object('responseId', r.id::text) from fresh f join inserted r on r.session_id = f.id
  where f.key is not null
)
select i.n, r.id::text as response_id from input i left join inserted r on r.session_id = i.id order by i.n`;

/** The idempotency part of every row: the key's scope, the key (or null) and the stored result. */
interface Keyed {
  readonly scope: string;
  readonly key: string | null;
  readonly request_hash: string;
  readonly body: unknown;
}

export interface StartRow extends Keyed {
  readonly id: string;
  readonly wave_id: string;
  readonly secret_hash: string;
  readonly invitation_hash: string | null;
  readonly language: string;
  readonly presentation: unknown;
  readonly paradata: unknown;
  readonly device_class: string;
  readonly device_hash: string | null;
  readonly at: string;
}

export interface SaveRow extends Keyed {
  readonly id: string;
  readonly wave_id: string;
  readonly version: number;
  readonly answers: unknown;
  readonly paradata: unknown;
  readonly at: string;
}

export interface SubmitRow extends Keyed {
  readonly id: string;
  readonly wave_id: string;
  readonly version: number;
  readonly instrument_id: string;
  readonly instrument_version: string;
  readonly fingerprint: string;
  readonly answers: unknown;
  readonly paradata: unknown;
  readonly at: string;
}

function field(row: unknown, name: string): unknown {
  return typeof row === 'object' && row !== null && name in row ? Reflect.get(row, name) : undefined;
}

/** Runs one batch statement and returns each input row's outcome column, in input order. */
async function runBatch(db: Database, statement: (param: string) => SQL, rows: readonly object[], column: string): Promise<unknown[]> {
  const param = JSON.stringify(rows.map((r, n) => ({ ...r, n })));
  const out = rowsOf<unknown>(await db.execute(statement(param)));
  if (out.length !== rows.length) throw new Error(`batch statement returned ${out.length} rows for ${rows.length}`);
  return out.map((r, i) => {
    if (Number(field(r, 'n')) !== i) throw new Error('batch statement returned its rows out of order');
    return field(r, column);
  });
}

const start = withParam(startStatement);
const save = withParam(saveStatement);
const submit = withParam(submitStatement);

/** True per row when its session was created. */
export async function startBatch(db: Database, rows: readonly StartRow[]): Promise<boolean[]> {
  return (await runBatch(db, start, rows, 'written')).map((v) => v === true);
}

/** The session's new version per row, or null when nothing was written. */
export async function saveBatch(db: Database, rows: readonly SaveRow[]): Promise<(number | null)[]> {
  return (await runBatch(db, save, rows, 'version')).map((v) => (v === null || v === undefined ? null : Number(v)));
}

/** The response id per row, or null when nothing was written. */
export async function submitBatch(db: Database, rows: readonly SubmitRow[]): Promise<(string | null)[]> {
  return (await runBatch(db, submit, rows, 'response_id')).map((v) => (typeof v === 'string' ? v : null));
}
