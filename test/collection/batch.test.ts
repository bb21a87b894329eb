/**
 * Group commit (src/collection/batch.ts), without a database: what shares a statement, and what
 * happens to the other requests of a batch when one row makes the statement fail.
 */
import { describe, expect, it } from 'vitest';
import { batcher } from '../../src/collection/batch.ts';

interface Item {
  readonly session: string;
  readonly value: number;
}

/** A fake statement that records its batches and fails any batch holding a negative value. */
function recorder() {
  const batches: Item[][] = [];
  const run = async (items: readonly Item[]) => {
    batches.push([...items]);
    await new Promise((r) => setTimeout(r, 5));
    if (items.some((i) => i.value < 0)) throw new Error('constraint violated');
    return items.map((i) => i.value * 10);
  };
  return { batches, run };
}

describe('batcher', () => {
  it('sends a lone write at once, alone, and batches what arrives while statements are out', async () => {
    const { batches, run } = recorder();
    const write = batcher(run, { maxBatch: 100, maxInFlight: 1, keyOf: (i) => i.session });
    expect(await write({ session: 'a', value: 1 })).toBe(10);
    expect(batches).toEqual([[{ session: 'a', value: 1 }]]);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, n) => write({ session: `s${n}`, value: n })));
    expect(outs).toEqual(Array.from({ length: 20 }, (_, n) => n * 10));
    // 20 concurrent writes with one statement at a time: far fewer statements than writes.
    expect(batches.length).toBeLessThanOrEqual(1 + 3);
    expect(write.stats.items).toBe(21);
  });

  it('never puts two writes with the same key in one statement, and keeps their order', async () => {
    const { batches, run } = recorder();
    const write = batcher(run, { maxBatch: 100, maxInFlight: 1, keyOf: (i) => i.session });
    const outs = await Promise.all([1, 2, 3].map((value) => write({ session: 'same', value })));
    expect(outs).toEqual([10, 20, 30]);
    for (const b of batches) expect(new Set(b.map((i) => i.session)).size).toBe(b.length);
    expect(batches.flat().map((i) => i.value)).toEqual([1, 2, 3]);
  });

  it("sends what queued during a statement before answering that statement's requests", async () => {
    const events: string[] = [];
    const gates: (() => void)[] = [];
    const run = async (items: readonly Item[]) => {
      events.push(`run ${items.map((i) => i.session).join(',')}`);
      await new Promise<void>((r) => gates.push(r));
      return items.map((i) => i.value);
    };
    const write = batcher(run, { maxBatch: 100, maxInFlight: 1, keyOf: (i) => i.session });
    const a = write({ session: 'a', value: 1 }).then(() => events.push('answered a'));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['run a']);
    // b and c queue while a is at the database.
    const bc = Promise.all([write({ session: 'b', value: 2 }), write({ session: 'c', value: 3 })]).then(() =>
      events.push('answered b,c'),
    );
    gates.shift()?.();
    await a;
    // The next statement left before a's request was answered.
    expect(events).toEqual(['run a', 'run b,c', 'answered a']);
    gates.shift()?.();
    await bc;
    expect(events).toEqual(['run a', 'run b,c', 'answered a', 'answered b,c']);
  });

  it('caps a statement at maxBatch rows', async () => {
    const { batches, run } = recorder();
    const write = batcher(run, { maxBatch: 4, maxInFlight: 1, keyOf: (i) => i.session });
    await Promise.all(Array.from({ length: 10 }, (_, n) => write({ session: `s${n}`, value: n })));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    expect(batches.flat()).toHaveLength(10);
  });

  it('fails only the request whose row broke the statement; the others are written alone', async () => {
    const { batches, run } = recorder();
    const write = batcher(run, { maxBatch: 100, maxInFlight: 1, keyOf: (i) => i.session });
    await write({ session: 'warm', value: 0 });
    const results = await Promise.allSettled([1, -1, 3].map((value, n) => write({ session: `s${n}`, value })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 10 });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 30 });
    const failed = results[1];
    expect(failed?.status === 'rejected' ? String(failed.reason) : '').toMatch(/constraint violated/);
    // The failed batch, then each row alone (the bad one twice: one retry).
    expect(batches.slice(1).map((b) => b.map((i) => i.value))).toEqual([[1, -1, 3], [1], [-1], [-1], [3]]);
  });

  it('refuses a statement that answers for the wrong number of rows', async () => {
    const write = batcher(async () => [], { maxBatch: 10, maxInFlight: 1, keyOf: () => 'k', retriesAlone: 0 });
    await expect(write({ session: 'a', value: 1 })).rejects.toThrow(/no outcome/);
  });
});
