/**
 * Group commit for respondent writes.
 *
 * Requests that arrive while earlier writes are at the database wait in a queue;
 * when a slot frees, everything queued goes out as one statement (one round trip, one commit,
 * one WAL flush) and each request gets its own row's outcome. Under light load a write goes out
 * at once, alone (the queue is flushed on the next turn of the event loop); under heavy load the
 * batches grow by themselves, which is what lets one server process and one PostgreSQL keep up
 * with thousands of writes per second. A request is answered only after its batch has committed,
 * so acknowledged still means durable.
 *
 * The statement may touch a row once, so two items with the same `keyOf` (the same session, the
 * same idempotency key) never share a batch: the later one waits for the next.
 *
 * If a batch fails as a whole (a constraint violated by one row, a race on a unique key, a lost
 * connection), each of its items is run again alone, so one bad row fails only its own request.
 */

export interface BatchOptions<I> {
  /** Most items in one statement. */
  readonly maxBatch: number;
  /** Most statements of this batcher at the database at once. */
  readonly maxInFlight: number;
  /** Items with the same key never share a batch. */
  readonly keyOf: (item: I) => string;
  /** Times an item that failed alone is run again alone before its request fails (default 1). */
  readonly retriesAlone?: number;
}

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (out: O) => void;
  readonly reject: (err: unknown) => void;
}

export interface Batcher<I, O> {
  (item: I): Promise<O>;
  /** Statements sent and items carried so far (for the benchmark's report). */
  readonly stats: { readonly batches: number; readonly items: number; readonly ms: number };
}

/**
 * `run` executes one statement for the given items and returns one outcome per item, in order.
 * It must not partially apply: a statement either commits every row's effect or none.
 */
export function batcher<I, O>(
  run: (items: readonly I[]) => Promise<readonly O[]>,
  options: BatchOptions<I>,
): Batcher<I, O> {
  const { maxBatch, maxInFlight, keyOf } = options;
  if (!(maxBatch >= 1) || !(maxInFlight >= 1)) throw new RangeError('maxBatch and maxInFlight must be at least 1');
  const retriesAlone = options.retriesAlone ?? 1;
  let queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;
  const stats = { batches: 0, items: 0, ms: 0 };

  const runAlone = async (p: Pending<I, O>): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const [out] = await run([p.item]);
        if (out === undefined) throw new Error('batch statement returned no outcome for its item');
        p.resolve(out);
        return;
      } catch (err) {
        if (attempt >= retriesAlone) {
          p.reject(err);
          return;
        }
      }
    }
  };

  /**
   * Runs one batch. The slot is handed on before the batch's requests are answered: what queued
   * while this statement was at the database goes out at once, and the database works on it while
   * this process answers (otherwise the database would wait for the whole event-loop turn).
   */
  const send = async (batch: Pending<I, O>[]): Promise<void> => {
    stats.batches++;
    stats.items += batch.length;
    let outs: readonly O[];
    const t0 = performance.now();
    try {
      outs = await run(batch.map((p) => p.item));
      stats.ms += performance.now() - t0;
      if (outs.length !== batch.length)
        throw new Error(`batch statement returned ${outs.length} outcomes for ${batch.length} items`);
    } catch {
      // Each item alone, still holding the slot: never more statements out than maxInFlight.
      for (const p of batch) await runAlone(p);
      release();
      return;
    }
    release();
    batch.forEach((p, i) => {
      const out = outs[i];
      if (out === undefined) p.reject(new Error('batch statement returned no outcome for an item'));
      else p.resolve(out);
    });
  };

  const release = (): void => {
    inFlight--;
    flush();
  };

  const take = (): Pending<I, O>[] => {
    const batch: Pending<I, O>[] = [];
    const keys = new Set<string>();
    const rest: Pending<I, O>[] = [];
    for (const p of queue) {
      const key = keyOf(p.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(p);
      } else rest.push(p);
    }
    queue = rest;
    return batch;
  };

  const flush = (): void => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight++;
      void send(batch);
    }
  };

  const schedule = (): void => {
    if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    // The next turn of the event loop: requests parsed in this turn join the same batch.
    setImmediate(() => {
      scheduled = false;
      flush();
    });
  };

  const submit = (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
  return Object.assign(submit, { stats });
}
