/**
 * The worker thread of a bulk build (worker-source.ts starts it): walks the planned respondents
 * of each wave it is sent (generate.ts) and posts their rows back in batches, at most `AHEAD`
 * batches ahead of the inserts (the main thread sends a credit for each batch it has written).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { instrumentFromRow } from '../collection/waves.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { generateWave } from './generate.ts';
import { isScenario } from './scenario.ts';
import type { ToWorker } from './worker-source.ts';
import { simulatedWorld } from './world.ts';

/**
 * Batches generated and not yet written, at most (each about 6 MB of JSON): the worker keeps
 * generating while an insert is slow, and the next wave while the main thread weights the last.
 */
const AHEAD = 12;

function readOptions(data: unknown): { scenario: string; seed: string; now: number } {
  if (typeof data !== 'object' || data === null) throw new Error('generate-worker: no options');
  const { scenario, seed, now } = { scenario: undefined, seed: undefined, now: undefined, ...data };
  if (typeof scenario !== 'string' || typeof seed !== 'string' || typeof now !== 'number')
    throw new Error('generate-worker: options need scenario, seed and now');
  return { scenario, seed, now };
}

const port = parentPort;
if (!port) throw new Error('generate-worker.ts runs in a worker thread');
const options = readOptions(workerData);
if (!isScenario(options.scenario)) throw new Error(`generate-worker: unknown scenario ${options.scenario}`);
const world = simulatedWorld(flagship, undefined, options.scenario);
let credits = AHEAD;
let wake: (() => void) | undefined;

/** Generates one wave's batches, waiting for a credit before each. */
async function run(job: Extract<ToWorker, { kind: 'wave' }>): Promise<void> {
  const wi = instrumentFromRow(job.instrument);
  const plan = { waveId: job.waveId, wave: job.wave, starts: new Map(job.starts) };
  const batches = generateWave(wi, world, plan, { seed: options.seed, now: options.now });
  for (;;) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    const step = await batches.next();
    if (step.done === true) return port?.postMessage({ kind: 'done', positions: step.value });
    credits--;
    port?.postMessage({ kind: 'batch', batch: step.value });
  }
}

// Waves are generated one after another, in the order they were sent.
let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  if (message.kind === 'credit') {
    credits++;
    wake?.();
    wake = undefined;
    return;
  }
  queue = queue
    .then(() => run(message))
    .catch((err: unknown) =>
      port.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
});
