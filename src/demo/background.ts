/**
 * The demo world built in the background of a starting server (`npm start` on an empty
 * database): the server serves at once; the series are ready when `done` resolves. Stopping the
 * server stops the build between respondents, and waits for what is in flight.
 */
import type { Database } from '../../db/index.ts';
import type { Logger } from '../log.ts';
import { buildDemoWorld } from './pipeline.ts';
import type { Scenario } from './scenario.ts';
import { WITH_PLANNED_WAVES } from './targets.ts';

export interface DemoWorldJob {
  /** Resolves when the world is built, weighted and its series materialised (or the build stopped or failed, logged). */
  readonly done: Promise<{ readonly ok: boolean; readonly seconds: number; readonly responses: number }>;
  stop(): Promise<void>;
}

export function startDemoWorld(
  db: Database,
  options: {
    readonly completes: number;
    readonly scenario: Scenario;
    readonly logger: Logger;
    /** Field the planned 2028 wave too (`--demo-planned true`). */
    readonly planned?: boolean;
  },
): DemoWorldJob {
  const { logger } = options;
  const controller = new AbortController();
  const started = Date.now();
  logger.info('building the demo world in the background', {
    completesPerCountryWave: options.completes,
    scenario: options.scenario,
    planned: options.planned === true,
  });
  const times = { generate: 0, insert: 0, wait: 0, weight: 0, campaigns: 0 };
  const done = buildDemoWorld(db, {
    size: { scale: options.completes / 1000, ...(options.planned ? { waves: WITH_PLANNED_WAVES } : {}) },
    scenario: options.scenario,
    through: 'bulk',
    signal: controller.signal,
    times,
  }).then(
    (result) => {
      const seconds = (Date.now() - started) / 1000;
      const responses = result.waves.reduce((s, w) => s + w.submitted, 0);
      if (controller.signal.aborted) return { ok: false, seconds, responses };
      const ms = (x: number) => Math.round(x);
      logger.info('demo world ready: series and campaign reports materialised', {
        seconds,
        responses,
        ms: {
          generate: ms(times.generate),
          insert: ms(times.insert),
          waitForGenerate: ms(times.wait),
          weight: ms(times.weight),
          campaigns: ms(times.campaigns),
        },
      });
      return { ok: true, seconds, responses };
    },
    (err: unknown) => {
      if (!controller.signal.aborted)
        logger.error('demo world failed', { error: err instanceof Error ? err.message : String(err) });
      return { ok: false, seconds: (Date.now() - started) / 1000, responses: 0 };
    },
  );
  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
