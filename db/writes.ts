/**
 * The respondent writes — start a session, save a page, submit — as one statement over a batch of
 * requests of all three kinds (src/collection/batch.ts). The statement takes one JSON array of rows
 * per kind (one row per request, numbered `n`) and returns one row per input row saying whether
 * that request's write happened. A statement is atomic: every row's effect commits, or none. One
 * statement for all kinds rather than one per kind: much of a statement's cost is fixed (the
 * commit and its WAL flush, the round trip, starting the plan); docs/writes.md gives the figures.
 *
 * Hand-written SQL, beside the schema it writes: test/db/writes.test.ts fails when a column of
 * db/schema.ts that the statement writes is renamed, or a column is added that it does not write.
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
import { rowsOf, type Database } from './database.ts';

/** Splits a statement written with `$1`, `$2`, … into a drizzle query with the given params there. */
function withParams(text: string, count: number): (params: readonly string[]) => SQL {
  const pieces = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  const order: number[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(piece));
    else order.push(Number(piece) - 1);
  });
  if (order.some((k) => !(k >= 0 && k < count))) throw new Error(`a batch statement takes params $1 to $${count}`);
  return (params) => {
    if (params.length !== count) throw new Error(`a batch statement takes ${count} params`);
    const parts: SQL[] = [];
    chunks.forEach((chunk, i) => {
      parts.push(chunk);
      const k = order[i];
      if (k !== undefined) parts.push(sql`${params[k]}`);
    });
    return sql.join(parts);
  };
}

/** The CTE `<p>fresh`: the input rows of one kind that passed the wave and key checks (the same for the three kinds). */
const freshInputCte = (p: string) => `${p}fresh as materialized (
  select i.* from ${p}input i
  join waves w on w.id = i.wave_id and w.status = 'open'
  left join lateral (select true as hit from idempotency_keys k where k.scope = i.scope and k.key = i.key limit 1) used_key on true
  where used_key.hit is null
)`;

/** Starts ($1): the device and the invitation are checked, the invitation is used, the session inserted. */
const startParts = `st_input as materialized (
  select * from jsonb_to_recordset($1::text::jsonb) as x(n int, id uuid, wave_id uuid, secret_hash text, invitation_hash text, language text,
    presentation jsonb, paradata jsonb, device_class text, device_hash text, mode text, interviewer_id text, at timestamptz, scope text, key text,
    request_hash text, body jsonb)
),
${freshInputCte('st_')},
st_checked as materialized (
  select f.* from st_fresh f
  left join lateral (
    select true as hit from sessions p where f.device_hash is not null and p.wave_id = f.wave_id and p.device_hash = f.device_hash and p.status = 'submitted' limit 1
  ) device on true
  where device.hit is null
),
st_used as (
  update invitations v set used_at = c.at from st_checked c
  where c.invitation_hash is not null and v.token_hash = c.invitation_hash and v.wave_id = c.wave_id and v.used_at is null
  returning v.id, c.n
),
st_eligible as materialized (
  select c.*, u.id as invitation_id from st_checked c left join st_used u on u.n = c.n where c.invitation_hash is null or u.id is not null
),
st_claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select e.scope, e.key, e.request_hash, 201, e.body from st_eligible e where e.key is not null
),
st_inserted as (
  insert into sessions (id, wave_id, secret_hash, invitation_id, language, presentation, consented_at, answers, paradata, device_class, device_hash, mode, interviewer_id, started_at, updated_at)
  select e.id, e.wave_id, e.secret_hash, e.invitation_id, e.language, e.presentation, e.at, '{}'::jsonb, e.paradata, e.device_class, e.device_hash, e.mode, e.interviewer_id, e.at, e.at
  from st_eligible e
  returning id
)`;

/** Saves ($2): the session's answers and paradata, if still in progress at the version read. */
const saveParts = `sv_input as materialized (
  select * from jsonb_to_recordset($2::text::jsonb) as x(n int, id uuid, wave_id uuid, version int, answers jsonb, paradata jsonb, at timestamptz,
    scope text, key text, request_hash text, body jsonb)
),
${freshInputCte('sv_')},
sv_updated as (
  update sessions s set answers = f.answers, paradata = f.paradata, updated_at = f.at
  from sv_fresh f
  where s.id = f.id and s.version = f.version and s.status = 'in_progress'
  returning s.id, s.version
),
sv_claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select f.scope, f.key, f.request_hash, 200, f.body from sv_fresh f join sv_updated u on u.id = f.id where f.key is not null
)`;

/** Submits ($3): the session ends and its immutable response is inserted, if still in progress at the version read. */
const submitParts = `sb_input as materialized (
  select * from jsonb_to_recordset($3::text::jsonb) as x(n int, id uuid, wave_id uuid, version int, instrument_id uuid, instrument_version text,
    fingerprint text, answers jsonb, paradata jsonb, at timestamptz, scope text, key text, request_hash text, body jsonb)
),
${freshInputCte('sb_')},
sb_updated as (
  update sessions s set status = 'submitted', ended_at = f.at, updated_at = f.at
  from sb_fresh f
  where s.id = f.id and s.version = f.version and s.status = 'in_progress'
  returning s.id, s.wave_id, s.language, s.presentation, s.started_at, s.mode, s.interviewer_id
),
sb_inserted as (
  insert into responses (session_id, wave_id, instrument_id, instrument_version, fingerprint, language, mode, interviewer_id, answers, presentation, paradata, started_at, submitted_at)
  select u.id, u.wave_id, f.instrument_id, f.instrument_version, f.fingerprint, u.language, u.mode, u.interviewer_id, f.answers, u.presentation, f.paradata, u.started_at, f.at
  from sb_fresh f join sb_updated u on u.id = f.id
  returning id, session_id
),
sb_claimed as (
  insert into idempotency_keys (scope, key, request_hash, status, body)
  select f.scope, f.key, f.request_hash, 201, f.body || jsonb_build_object('responseId', r.id::text) from sb_fresh f join sb_inserted r on r.session_id = f.id
  where f.key is not null
)`;

/**
 * The one write statement: starts ($1), saves ($2) and submits ($3), each a JSON array of rows
 * numbered `n` from 0 (an empty array where a batch has none of a kind). Returns one row per input
 * row: its kind, its `n` and its outcome — `written` for a start, the session's new version for a
 * save, the response id for a submit — or a null outcome when nothing was written for it.
 * Data-modifying CTEs see one snapshot, so a batch touches each session at most once
 * (src/collection/batch.ts keeps two writes to one session out of one batch).
 */
export const writeStatement = `with ${startParts},
${saveParts},
${submitParts}
select 'start' as kind, i.n, case when s.id is null then null else 'written' end as outcome from st_input i left join st_inserted s on s.id = i.id
union all
select 'save', i.n, u.version::text from sv_input i left join sv_updated u on u.id = i.id
union all
select 'submit', i.n, r.id::text from sb_input i left join sb_inserted r on r.session_id = i.id`;

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
  /** `web`, `phone` or `face_to_face` (src/instrument/modes.ts). */
  readonly mode: string;
  readonly interviewer_id: string | null;
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

/** One request's write, of its kind. */
export type Write =
  | { readonly kind: 'start'; readonly row: StartRow }
  | { readonly kind: 'save'; readonly row: SaveRow }
  | { readonly kind: 'submit'; readonly row: SubmitRow };

type Kind = Write['kind'];
const kinds: readonly Kind[] = ['start', 'save', 'submit'];

function isKind(value: unknown): value is Kind {
  return value === 'start' || value === 'save' || value === 'submit';
}

function field(row: unknown, name: string): unknown {
  return typeof row === 'object' && row !== null && name in row ? Reflect.get(row, name) : undefined;
}

const statement = withParams(writeStatement, kinds.length);

/** The statement's params for these writes: one JSON array per kind, rows numbered within their kind. */
export function writeParams(writes: readonly Write[]): { params: string[]; slots: number[] } {
  const parts: Record<Kind, object[]> = { start: [], save: [], submit: [] };
  const slots = writes.map((w) => {
    const list = parts[w.kind];
    list.push({ ...w.row, n: list.length });
    return list.length - 1;
  });
  return { params: kinds.map((k) => JSON.stringify(parts[k])), slots };
}

/**
 * Runs one statement for a batch of writes and returns each write's outcome in input order:
 * `written` (start), the new version as text (save), the response id (submit), or null when
 * nothing was written for it.
 */
export async function runWrites(db: Database, writes: readonly Write[]): Promise<(string | null)[]> {
  const { params, slots } = writeParams(writes);
  const out = rowsOf<unknown>(await db.execute(statement(params)));
  if (out.length !== writes.length) throw new Error(`write statement returned ${out.length} rows for ${writes.length}`);
  const outcomes: Record<Kind, (string | null | undefined)[]> = { start: [], save: [], submit: [] };
  for (const r of out) {
    const kind = field(r, 'kind');
    if (!isKind(kind)) throw new Error(`write statement returned a row of unknown kind ${String(kind)}`);
    const outcome = field(r, 'outcome');
    outcomes[kind][Number(field(r, 'n'))] = typeof outcome === 'string' ? outcome : null;
  }
  return writes.map((w, i) => {
    const outcome = outcomes[w.kind][slots[i] ?? -1];
    if (outcome === undefined) throw new Error(`write statement returned no row for ${w.kind} ${slots[i]}`);
    return outcome;
  });
}
