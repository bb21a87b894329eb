/**
 * What the dashboards keep between requests, and how much uncached work they do at once.
 *
 * - `BoundedCache`: least-recently-used entries, bounded by count and by bytes (an overview page
 *   of 150 countries is ~225 KB: 2,000 of them would be ~450 MB; the byte bound keeps the cache
 *   under `maxBytes` whatever the pages weigh).
 * - `RenderLimit`: at most `concurrent` uncached renders at once, at most `queue` waiting; beyond
 *   that a request is refused with `RendersBusyError` (503) instead of piling work on the
 *   process that every other client shares.
 */
import { HttpError } from '../src/http/errors.ts';

/** Least-recently-used entries, dropped oldest first past `maxEntries` or past `maxBytes` in total. */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private readonly limits: { readonly maxEntries: number; readonly maxBytes: number },
    /** The size of a value in bytes (an estimate is enough: it is what the bound counts). */
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value under `key`, marked as just used; `undefined` when absent. */
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` (a value larger than the whole bound is not kept) and returns it. */
  set(key: string, value: V): V {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.limits.maxBytes) return value;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    while (this.entries.size > this.limits.maxEntries || this.total > this.limits.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return value;
  }

  delete(key: string): void {
    const hit = this.entries.get(key);
    if (hit === undefined) return;
    this.entries.delete(key);
    this.total -= hit.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes the entries are counted as, in total. */
  get bytes(): number {
    return this.total;
  }
}

/**
 * Bytes a string occupies at most in memory: V8 keeps a string in one byte per character when
 * every character is Latin-1, else two.
 */
export function stringBytes(s: string): number {
  return s.length * 2;
}

/** Too many uncached renders already running and waiting: answered 503 with Retry-After. */
export class RendersBusyError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super('unavailable', 'the dashboards are busy rendering pages that are not cached yet; retry shortly', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
    this.name = 'RendersBusyError';
  }
}

/** A counting semaphore with a bounded queue for uncached renders (first come, first served). */
export class RenderLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: { readonly concurrent: number; readonly queue: number }) {}

  /** Runs `render` when a slot is free; throws RendersBusyError when the queue is full. */
  async run<T>(render: () => Promise<T> | T): Promise<T> {
    if (this.running >= this.limits.concurrent) {
      if (this.waiting.length >= this.limits.queue) throw new RendersBusyError(1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return await render();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Renders running now, and waiting for a slot. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
