/**
 * A fixed pool of reserved `postgres` connections, handed out one request at a time in FIFO
 * order, that drizzle uses as its client.
 *
 * Why not the driver's own pool: in `postgres` 3.4.x every query moves its connection between the
 * driver's internal lists (open → busy → open) with `Queue.remove`, a linear `indexOf` over the
 * list's backing array; `Queue.shift` leaves a hole in that array that is reclaimed only when the
 * list is emptied by a shift. Under steady load the `open` list (below saturation) or the `busy`
 * list (at saturation, where the driver also pipelines onto busy connections instead of waiting —
 * porsager/postgres#747) is never empty, so its array grows by one slot per query and every query
 * scans all of it: client CPU per query grows with the number of queries served, and throughput
 * falls within a minute and stays down until the process restarts. `bench/ingest-driver-queue.ts`
 * shows it (figures in docs/writes.md).
 *
 * Here each connection is reserved once (`sql.reserve()`), so queries never go through those
 * lists; a reserved connection only moves between two lists that are never shifted. Callers wait
 * in this pool's FIFO (O(1)) instead of inside the driver, and there is never more than one
 * statement in flight per connection.
 */
import postgres from 'postgres';

type Sql = postgres.Sql;
type Reserved = postgres.ReservedSql;

export interface PooledClient {
  /** What drizzle's postgres-js session calls. */
  unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }): PendingLike;
  begin<T>(fn: (tx: TxClient) => Promise<T>): Promise<T>;
  begin<T>(mode: string, fn: (tx: TxClient) => Promise<T>): Promise<T>;
  readonly options: Sql['options'];
  /** Releases the reserved connections and closes the driver. */
  end(options?: { timeout?: number }): Promise<void>;
  readonly size: number;
}

interface PendingLike extends PromiseLike<unknown> {
  values(): Promise<unknown>;
}

export interface TxClient {
  unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }): postgres.PendingQuery<postgres.Row[]>;
  savepoint<T>(fn: (tx: TxClient) => Promise<T>): Promise<T>;
}

/**
 * Named (prepared) statements for the fixed statements the services issue: PostgreSQL parses and
 * plans each once per connection instead of on every call. Statements whose text varies with
 * their input (bulk inserts, long IN lists) stay unnamed so the per-connection cache stays small.
 */
function prepareOptions(
  query: string,
  params: readonly unknown[],
  options: { prepare?: boolean },
): { prepare?: boolean } {
  return params.length > 0 && params.length <= 32 && query.length <= 16_384 ? { ...options, prepare: true } : options;
}

/** A connection error (as opposed to an error the server reported for a statement). */
function brokenConnection(err: unknown): boolean {
  return !(err instanceof postgres.PostgresError);
}

/** Runs `fn` on one reserved connection; `fn` reports an error with `broke`, which retires the connection if it broke. */
type WithConnection = <T>(fn: (r: Reserved, broke: (err: unknown) => void) => Promise<T>) => Promise<T>;

/**
 * The reserved connections and the FIFO of callers waiting for one: at most `size` reserved at a
 * time, an idle one reused first, a broken one left to the driver (which reconnects it on the next
 * reserve) and replaced for the next waiter.
 */
function connectionQueue(sql: Sql, size: number): { withConnection: WithConnection; close(): void } {
  const idle: Reserved[] = [];
  let live = 0;
  let ending = false;
  let waiters: ((r: Reserved | Error) => void)[] = [];
  let head = 0;

  const acquire = async (): Promise<Reserved> => {
    if (ending) throw new Error('the database pool is closed');
    const r = idle.pop();
    if (r) return r;
    if (live < size) {
      live++;
      try {
        return await sql.reserve();
      } catch (err) {
        live--;
        throw err;
      }
    }
    return new Promise<Reserved>((resolve, reject) => {
      waiters.push((x) => (x instanceof Error ? reject(x) : resolve(x)));
    });
  };
  const nextWaiter = () => {
    const w = waiters[head];
    if (w === undefined) return undefined;
    waiters[head++] = undefined as never;
    if (head === waiters.length) {
      waiters = [];
      head = 0;
    } else if (head > 1024 && head * 2 > waiters.length) {
      waiters = waiters.slice(head);
      head = 0;
    }
    return w;
  };
  const release = (r: Reserved, broken: boolean) => {
    if (broken) {
      // Leave the dead connection to the driver (it reconnects it on the next reserve) and make room.
      live--;
      const w = nextWaiter();
      if (w) {
        live++;
        sql.reserve().then(w, (err: unknown) => {
          live--;
          w(err instanceof Error ? err : new Error(String(err)));
        });
      }
      return;
    }
    if (ending) {
      r.release();
      return;
    }
    const w = nextWaiter();
    if (w) w(r);
    else idle.push(r);
  };

  const withConnection: WithConnection = async (fn) => {
    const r = await acquire();
    let broken = false;
    const broke = (err: unknown) => {
      if (brokenConnection(err)) broken = true;
    };
    try {
      return await fn(r, broke);
    } finally {
      release(r, broken);
    }
  };
  /** Refuses new callers, fails the waiting ones and releases the idle connections. */
  const close = () => {
    ending = true;
    for (let w = nextWaiter(); w; w = nextWaiter()) w(new Error('the database pool is closed'));
    for (const r of idle.splice(0)) r.release();
  };
  return { withConnection, close };
}

/** The client a transaction's statements go through: its reserved connection, with savepoints. */
function txClient(r: Reserved): TxClient {
  let savepoints = 0;
  const client: TxClient = {
    unsafe: (query, params = [], options = {}) =>
      r.unsafe(query, params as postgres.ParameterOrJSON<never>[], prepareOptions(query, params, options)),
    async savepoint(fn) {
      const name = `s${++savepoints}`;
      await r.unsafe(`savepoint ${name}`);
      try {
        const result = await fn(client);
        await r.unsafe(`release savepoint ${name}`);
        return result;
      } catch (err) {
        await r.unsafe(`rollback to savepoint ${name}`);
        throw err;
      }
    },
  };
  return client;
}

/** `fn` in a transaction (`mode`: its isolation and access, e.g. "isolation level serializable") on one connection. */
function transaction<T>(withConnection: WithConnection, mode: string, fn: (tx: TxClient) => Promise<T>): Promise<T> {
  return withConnection(async (r, broke) => {
    const control = async (statement: string) => {
      try {
        await r.unsafe(statement);
      } catch (err) {
        broke(err);
        throw err;
      }
    };
    // BEGIN is not awaited on its own: it goes out in the same socket write as the
    // transaction's first statement (the driver coalesces what is sent in one tick), which
    // saves a round trip per transaction. Statements on one connection run in order, so
    // the first statement still runs inside the transaction; if BEGIN itself failed, the
    // connection is broken and everything after it fails too (checked again below).
    const begun = control(`begin ${mode}`).then(
      () => undefined,
      (err: unknown) => ({ err }),
    );
    let result: T;
    try {
      result = await fn(txClient(r));
      const failed = await begun;
      if (failed) throw failed.err;
    } catch (err) {
      // Whatever failed inside (a statement, or the caller's own check), roll back; if even
      // that fails on the wire, the connection is gone and is not reused.
      await control('rollback').catch(() => {});
      throw err;
    }
    await control('commit');
    return result;
  });
}

export function pooledClient(sql: Sql, size: number): PooledClient {
  const { withConnection, close } = connectionQueue(sql, size);
  return {
    size,
    options: sql.options,
    unsafe(query, params = [], options = {}) {
      const run = (values: boolean) =>
        withConnection(async (r, broke) => {
          const q = r.unsafe(
            query,
            params as postgres.ParameterOrJSON<never>[],
            prepareOptions(query, params, options),
          );
          try {
            return values ? await q.values() : await q;
          } catch (err) {
            broke(err);
            throw err;
          }
        });
      return {
        values: () => run(true),
        then: (onfulfilled, onrejected) => run(false).then(onfulfilled, onrejected),
      };
    },
    begin<T>(a: string | ((tx: TxClient) => Promise<T>), b?: (tx: TxClient) => Promise<T>): Promise<T> {
      const fn = typeof a === 'function' ? a : b;
      const mode = typeof a === 'string' ? a.replace(/[^a-z ]/gi, '') : '';
      if (fn === undefined) throw new TypeError('begin needs a callback');
      return transaction(withConnection, mode, fn);
    },
    async end(options) {
      close();
      await sql.end(options);
    },
  };
}
