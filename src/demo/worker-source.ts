/**
 * A wave source backed by a worker thread (generate-worker.ts): the respondents of the next batch
 * are walked and validated there while this thread inserts the last batch, so a bulk build takes
 * about the longer of generating and inserting rather than their sum. The worker builds the same
 * simulated world (the flagship study, its simulated campaigns, the scenario) and walks the wave's
 * instrument as stored, so its rows are those generated in this thread.
 */
import { Worker } from 'node:worker_threads';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import type { WaveInstrument } from '../collection/waves.ts';
import { SIMULATED_CAMPAIGNS } from './campaigns.ts';
import type { CollectPlan } from './collect.ts';
import type { PositionRow, RowBatch, WaveSource } from './generate.ts';
import type { SimulatedWorld } from './world.ts';

/** What the inserting thread tells the worker: a wave to generate, or that a batch was written. */
export type ToWorker =
  | {
      readonly kind: 'wave';
      readonly wave: string;
      readonly waveId: string;
      readonly starts: readonly (readonly [string, number])[];
      readonly instrument: { id: string; version: string; fingerprint: string; definition: unknown };
    }
  | { readonly kind: 'credit' };

type FromWorker =
  | { readonly kind: 'batch'; readonly batch: RowBatch }
  | { readonly kind: 'done'; readonly positions: PositionRow[] }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Starts the worker: the compiled module as it is; from the TypeScript sources (tsx, vitest)
 * through generate-worker-tsx.mjs, which registers tsx in the worker first.
 */
function startWorker(data: { scenario: string; seed: string; now: number }): Worker {
  const compiled = !import.meta.url.endsWith('.ts');
  const entry = new URL(compiled ? './generate-worker.js' : './generate-worker-tsx.mjs', import.meta.url);
  return new Worker(entry, { workerData: data });
}

/** Generates in a worker thread; `close` stops it. Only the flagship study's simulated world can be rebuilt there. */
export function inWorker(world: SimulatedWorld, options: { readonly seed: string; readonly now: number }): WaveSource {
  if (world.study.id !== flagship.id || world.campaigns !== SIMULATED_CAMPAIGNS)
    throw new Error('a worker thread rebuilds only the flagship study’s simulated world');
  const worker = startWorker({ scenario: world.scenario, seed: options.seed, now: options.now });
  const inbox: FromWorker[] = [];
  let waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
  let failed: Error | undefined;
  const fail = (err: Error) => {
    failed = err;
    waiting?.reject(err);
    waiting = undefined;
  };
  worker.on('message', (m: FromWorker) => {
    if (waiting) waiting.resolve(m);
    else inbox.push(m);
    waiting = undefined;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the generating worker stopped (exit code ${code})`)));
  const next = () =>
    new Promise<FromWorker>((resolve, reject) => {
      const m = inbox.shift();
      if (m) resolve(m);
      else if (failed) reject(failed);
      else waiting = { resolve, reject };
    });
  const queued: string[] = [];
  const post = (wi: WaveInstrument, plan: CollectPlan) => {
    const { instrumentId: id, version, fingerprint, instrument: definition } = wi;
    const job: ToWorker = {
      kind: 'wave',
      wave: plan.wave,
      waveId: plan.waveId,
      starts: [...plan.starts],
      instrument: { id, version, fingerprint, definition },
    };
    worker.postMessage(job);
    queued.push(plan.wave);
  };
  async function* batches(wi: WaveInstrument, plan: CollectPlan): AsyncGenerator<RowBatch, PositionRow[]> {
    if (!queued.includes(plan.wave)) post(wi, plan);
    if (queued[0] !== plan.wave) throw new Error(`asked for ${plan.wave} while ${queued[0]} is generated first`);
    for (;;) {
      const m = await next();
      if (m.kind === 'error') throw new Error(`generating ${plan.wave}: ${m.message}`);
      if (m.kind === 'done') {
        queued.shift();
        return m.positions;
      }
      if (m.batch.wave !== plan.wave) throw new Error(`a batch of ${m.batch.wave} arrived for ${plan.wave}`);
      yield m.batch;
      worker.postMessage({ kind: 'credit' } satisfies ToWorker);
    }
  }
  return {
    queue: (waves) => {
      for (const { wi, plan } of waves) post(wi, plan);
    },
    batches,
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
